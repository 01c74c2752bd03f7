"""Term glossaries, one module per concept:

- terms: Entry, Glossary (entries from files, later files winning), GlossaryError
- tsv: the glossary file format (read, write, merge entries into a file)
- matching: finding terms in a sentence (TermIndex, SentenceTerms) and checking a translation renders them
- enforcement: enforce(), which the translation stage uses to put required renderings in through the model
- lint: problems an editor must fix; usage: which terms a folder uses; exchange: CSV/TSV/TBX for other tools
"""

from __future__ import annotations

from bilingual.glossary.matching import Match, SentenceTerms, Violation, check
from bilingual.glossary.terms import Entry, Glossary, GlossaryError
from bilingual.glossary.tsv import read_entries

__all__ = ["Entry", "Glossary", "GlossaryError", "Match", "SentenceTerms", "Violation", "check", "read_entries"]
