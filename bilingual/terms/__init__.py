"""Terms, shared by the glossary and the names layer (which know nothing of each other; the translator composes
them): what a term is (entry), finding terms in a sentence and checking a translation renders them (matching),
the words of a sentence (words: jieba segmentation with our terms in its dictionary) and the gate that forces a
match only where it is a word (wordgate)."""
