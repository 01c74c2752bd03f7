"""Finding glossary terms in a sentence, and checking that a translation renders them.

Terms are matched on the Simplified-normalised source: every form of an entry (source, variants, generated
Traditional forms) points at the entry, and the non-overlapping set of matches that covers the most
characters wins.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from bilingual.terms.entry import Entry

# A country name followed by 人 is a demonym (美国人 = Americans): not the country term.
_DEMONYM_AFTER = "人"
# Part of the cache key of every sentence with terms: bump when enforcement changes what it produces.
# ph5: terms the model is known to miss are protected from the first pass; the before-noun form; headline clauses
# ph6: an enforced day or time gets its preposition ("on the 24th"); the splice step's particles and conjunctions
SCHEME_REVISION = "ph6"


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry
    before_noun: bool = False  # a noun follows in the source (美国|大豆): the entry's before-noun form fits


class TermIndex:
    """Every source form of every entry, for matching."""

    def __init__(self, entries: Sequence[Entry]):
        self._by_form: dict[str, Entry] = {}
        for entry in entries:
            for form in entry.match_forms():
                self._by_form.setdefault(form, entry)
        self._lengths = sorted({len(f) for f in self._by_form}, reverse=True)  # longest first: ties keep the longer

    def forms(self) -> frozenset[str]:
        """Every form that matches (Simplified)."""
        return frozenset(self._by_form)

    def match(self, text: str) -> list[Match]:
        """Non-overlapping matches in Simplified-normalised text that cover the most characters.

        Plain leftmost-longest would read 中国外交部长 as 中国外交部 + a stray 长; choosing the set of matches
        with the greatest coverage reads it as 中国 + 外交部长. A term is never split: at each position only
        the longest form there is a candidate.
        """
        if not self._by_form:
            return []
        candidates: dict[int, list[Match]] = {}
        for start in range(len(text)):
            for length in self._lengths:
                form = text[start:start + length]
                entry = self._by_form.get(form) if len(form) == length else None
                if entry is None:
                    continue
                if entry.category == "country" and text[start + length:start + length + 1] == _DEMONYM_AFTER:
                    continue
                candidates.setdefault(start, []).append(Match(start, start + length, entry))
        if not candidates:
            return []
        # best[i] = (characters covered, -number of matches) from position i on; ties prefer fewer, longer terms
        best: list[tuple[int, int]] = [(0, 0)] * (len(text) + 1)
        take: list[Match | None] = [None] * (len(text) + 1)
        for i in range(len(text) - 1, -1, -1):
            best[i] = best[i + 1]
            for match in candidates.get(i, ()):  # longest first: on a tie the longer term stays
                covered, count = best[match.end]
                option = (covered + match.end - match.start, count - 1)
                if option > best[i]:
                    best[i], take[i] = option, match
        matches, i = [], 0
        while i < len(text):
            taken = take[i]
            if taken is not None:
                matches.append(taken)
                i = taken.end
            else:
                i += 1
        return matches


COUNTRY, PLACE = "country", "place"  # entry categories (glossary files, the names layer)
NOT_JOINED = ("台北", "台湾", "香港", "澳门", "港澳", "台澎")  # places a country before them qualifies


@dataclass(frozen=True)
class SentenceTerms:
    """The terms of one source sentence: distinct entries in order of first occurrence, how often each occurs,
    and the matches themselves; skipped: matches not forced because they are not words of the sentence."""

    source: str
    matches: tuple[Match, ...] = ()
    entries: tuple[Entry, ...] = ()
    counts: tuple[int, ...] = ()
    skipped: tuple[Match, ...] = ()

    @classmethod
    def of(cls, source: str, matches: Sequence[Match], skipped: Sequence[Match] = ()) -> SentenceTerms:
        ordered = sorted(matches, key=lambda m: m.start)
        entries = tuple({m.entry.source: m.entry for m in ordered}.values())
        counts = tuple(sum(1 for m in ordered if m.entry.source == e.source) for e in entries)
        return cls(source, tuple(ordered), entries, counts, tuple(skipped))

    def places_in_countries(self) -> SentenceTerms:
        """A country right before one of its places (美国|纽约, 美国|内布拉斯加州) as one term: the place's entry over
        both, so the country is not enforced on its own: English says "through Nebraska", not "through United States
        Nebraska", which enforcing both gave. Not before Taiwan, Hong Kong or Macau (中国台北 is Chinese Taipei,
        英国香港 British Hong Kong: the country says something there)."""
        joined: list[Match] = []
        for match in self.matches:
            last = joined[-1] if joined else None
            if last is not None and last.end == match.start and last.entry.category == COUNTRY \
                    and match.entry.category == PLACE and not match.entry.source.startswith(NOT_JOINED):
                # the place's own entry, so a later mention of the place still counts apart
                joined[-1] = Match(last.start, match.end, match.entry, match.before_noun)
            else:
                joined.append(match)
        if len(joined) == len(self.matches):
            return self
        return SentenceTerms.of(self.source, joined, self.skipped)

    def merged(self, more: Sequence[Match]) -> SentenceTerms:
        """These terms plus more matches (names): a match overlapping one already here is left out, so the
        terms already here win; except a longer name that holds them whole, which is the more specific reading
        (北京大学 Peking University, not 北京 Beijing + 大学)."""
        def holds(m: Match, t: Match) -> bool:
            return m.start <= t.start and t.end <= m.end and m.end - m.start > t.end - t.start

        longer = [m for m in more if any(holds(m, t) for t in self.matches)
                  and all(holds(m, t) for t in self.matches if m.start < t.end and t.start < m.end)]
        kept = [t for t in self.matches if not any(holds(m, t) for m in longer)]
        extra = [m for m in more if not any(m.start < t.end and t.start < m.end for t in kept)]
        if not extra:
            return self
        return SentenceTerms.of(self.source, [*kept, *extra], self.skipped)

    def within(self, start: int, end: int) -> SentenceTerms:
        """The terms of source[start:end] (a clause), offsets shifted to it."""
        inside = [Match(m.start - start, m.end - start, m.entry, m.before_noun) for m in self.matches
                  if start <= m.start and m.end <= end]
        return SentenceTerms.of(self.source[start:end], inside)

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def pairs(self) -> tuple[tuple[str, str], ...]:
        """(source term, rendering) of each entry: what the report lists."""
        return tuple((e.source, e.rendering) for e in self.entries)

    @property
    def origins(self) -> tuple[str, ...]:
        """Where each entry's rendering came from (glossary:FILE:LINE, names:…), in the order of pairs."""
        return tuple(e.provenance for e in self.entries)

    @property
    def key(self) -> str:
        """What of the glossary can change this sentence's translation: part of its cache key."""
        if not self.entries:
            return ""
        # The spans too, not only the entries: the same entries can be matched at different places or a different
        # number of times (a name found once by one version of the names layer and twice by the next), and a
        # translation made for one occurrence must not be served where two are required.
        # (and whether a noun follows: it picks the rendering put in)
        spans = ",".join(f"{m.start}-{m.end}{'n' if m.before_noun else ''}" for m in self.matches)
        text = SCHEME_REVISION + "\x1d" + "\x1d".join(sorted(e.signature() for e in self.entries)) + "\x1d" + spans
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Violation:
    term: str
    expected: str
    produced: str


def check(translation: str, terms: SentenceTerms) -> list[Violation]:
    """Each matched term must be rendered as often as it occurs (any accepted rendering counts)."""
    problems = []
    for entry, count in zip(terms.entries, terms.counts, strict=True):
        if count_renderings(translation, entry) < count:
            problems.append(Violation(entry.source, entry.rendering, translation))
    return problems


def count_renderings(text: str, entry: Entry) -> int:
    return len(_rendering_pattern(entry.accepted, "exact-case" in entry.flags).findall(text))


@cache
def _rendering_pattern(renderings: tuple[str, ...], exact_case: bool) -> re.Pattern[str]:
    alternatives = []
    for r in sorted(renderings, key=len, reverse=True):
        first, rest = r[:1], re.escape(r[1:])
        head = re.escape(first) if exact_case or not first.isalpha() else f"[{first.lower()}{first.upper()}]"
        alternatives.append(head + rest)
    # word boundaries where the rendering starts/ends with a word character: "Xi" must not match "Xinjiang"
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
