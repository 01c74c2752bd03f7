"""Terms only where they are words: a glossary match is forced only where word segmentation agrees.

Matching alone finds 美国 in 美国会 (美|国会, "the U.S. Congress") and 哥伦比亚 in 美国哥伦比亚广播公司 (CBS), and
forcing those gives "United States They'll…" and "United States Colombia Broadcasting Corporation". The gate
keeps a match when

- it starts and ends on word boundaries of the sentence (jieba, with the glossary's and the gazetteer's terms
  in its dictionary, so our terms are words wherever they can be); or
- it opens or closes one longer dictionary word whose rest is itself a word of two or more characters
  (美国|政府 in 美国政府, 广州市|公安局): compounds of words, which jieba's dictionary lists whole.

- it spans several words and each of its ends is a word boundary or splits a compound into two words
  (中国|外交部 in 中国外交部 + 发言人: 外交部发言人 is kept);
- the rest is one of the suffixes of a division (广州|市).

It skips a match that straddles a word boundary, or sits inside a longer word with a one-character rest
(美国|会, 香|港独|立, 沿|海地|区) or with text on both sides (美国|哥伦比亚|广播公司: a name). Skipped terms are
not enforced; the model's own rendering stays, and the run counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bilingual.terms.matching import Match
from bilingual.terms.words import Segmenter, Word

# One-character rests that leave a place name a word: 广州|市, 河北|省.
DIVISION_SUFFIXES = frozenset("市省县区州")
# jieba's tags of common nouns, noun-verbs used as nouns (合作, 投资) and organisations
NOUN_TAGS = frozenset({"n", "nt", "nz", "vn", "ng"})
NOT_NOUN_CATEGORIES = frozenset({"country", "place", "person", "region"})
# After a term that names no place or person (抗疫|英雄, 抗疫|努力, 抗疫|一线), jieba's tag for the next word is too
# unsure to go by (英雄 ns, 努力 ad, 一线 m): any word but a verb, preposition, conjunction, particle, adverb or pronoun
# may be the noun it modifies; fill() then asks the English for a noun after it as well
NOT_MODIFIED_TAGS = ("v", "p", "c", "u", "d", "r", "x", "w", "y", "e", "o")


class WordGate:
    def __init__(self, segmenter: Segmenter):
        self.segmenter = segmenter

    def split(self, text: str, matches: Sequence[Match]) -> tuple[list[Match], list[Match]]:
        """(kept, skipped) matches of text."""
        if not matches:
            return [], []
        words = self.segmenter.segment(text)
        bounds = frozenset(b for w in words for b in (w.start, w.end))
        kept, skipped = [], []
        for match in matches:
            if (match.start in bounds and match.end in bounds) or self._opens_or_closes_compound(text, words, match) \
                    or self._splits_compounds(text, words, bounds, match):
                kept.append(match)
            else:
                skipped.append(match)
        return kept, skipped

    def mark_before_noun(self, text: str, matches: Sequence[Match]) -> list[Match]:
        """The matches, those of entries with a before-noun form marked where a common noun or an organisation
        follows in the source (美国|大豆, 中国|政府, 美国|国会); not before a place (美国|纽约) or a person."""
        following = {w.start: w.tag for w in self.segmenter.segment(text)}
        # a glossary term after it reads as a noun too (中国|外交部发言人, which jieba may tag x), unless it names a
        # place, a country or a person (中国|北京)
        for m in matches:
            if m.entry.category not in NOT_NOUN_CATEGORIES and not m.entry.origin:
                following[m.start] = "n"

        def tag_after(end: int) -> str:
            if end in following:
                return following[end]
            # the term opens a longer word (中国政府 is one word to jieba): the rest's first word
            rest = self.segmenter.segment(text[end:end + 8])
            return rest[0].tag if rest else ""

        def modifies(m: Match) -> bool:
            tag = tag_after(m.end)
            if m.entry.category in NOT_NOUN_CATEGORIES or m.entry.origin:
                return tag in NOUN_TAGS
            return tag in NOUN_TAGS or bool(tag) and not tag.startswith(NOT_MODIFIED_TAGS)  # 合作 vn is a noun

        return [replace(m, before_noun=True) if m.entry.before_noun and modifies(m) else m for m in matches]

    def _opens_or_closes_compound(self, text: str, words: Sequence[Word], match: Match) -> bool:
        holder = next((w for w in words if w.start <= match.start and match.end <= w.end), None)
        if holder is None:
            return False  # straddles two words
        before, after = text[holder.start:match.start], text[match.end:holder.end]
        if before and after:
            return False  # inside a longer name
        rest = before or after
        if after in DIVISION_SUFFIXES:
            return True
        return len(rest) >= 2 and self._is_words(rest)

    def _splits_compounds(self, text: str, words: Sequence[Word], bounds: frozenset[int], match: Match) -> bool:
        """A match over several words whose ends fall on word boundaries or between two words of a compound."""
        if any(w.start <= match.start and match.end <= w.end for w in words):
            return False  # inside one word: _opens_or_closes_compound decides
        for end in (match.start, match.end):
            if end in bounds:
                continue
            holder = next(w for w in words if w.start < end < w.end)
            left, right = text[holder.start:end], text[end:holder.end]
            if not (len(left) >= 2 and len(right) >= 2 and self._is_words(left) and self._is_words(right)):
                return False
        return True

    def _is_words(self, text: str) -> bool:
        """Whether text is a dictionary word, or is cut into dictionary words of two or more characters."""
        if self.segmenter.knows(text):
            return True
        parts = self.segmenter.segment(text)
        return all(len(p.text) >= 2 and self.segmenter.knows(p.text) for p in parts)
