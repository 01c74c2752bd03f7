"""Glossary entries and the glossary itself: what a term is, which source forms it has, what counts as its
rendering. Reading and writing the TSV file is in tsv.py; finding terms in text is in matching.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bilingual import script
from bilingual.errors import BilingualError

if TYPE_CHECKING:
    from bilingual.glossary.matching import Match, SentenceTerms, TermIndex
    from bilingual.glossary.wordgate import WordGate
    from bilingual.words import Segmenter

KNOWN_FLAGS = frozenset({"keep", "exact-case", "shield"})
BEFORE_NOUN = "before-noun="  # flag with a value: the accepted rendering put in before a noun (before-noun=US)


class GlossaryError(BilingualError):
    """A glossary file that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    source: str
    target: str
    category: str = ""
    variants: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    notes: str = ""
    file: str = ""
    line: int = 0
    origin: str = ""  # where the rendering came from when not a glossary file: names:gazetteer, names:pinyin…

    @property
    def rendering(self) -> str:
        """The rendering put in when the term is enforced: the first of the |-separated targets."""
        return self.source if "keep" in self.flags else self.target.split("|")[0].strip()

    @property
    def accepted(self) -> tuple[str, ...]:
        """Renderings that count as the term being there (e.g. China|Chinese); the first is the canonical one."""
        if "keep" in self.flags:
            return (self.source,)
        return tuple(t.strip() for t in self.target.split("|") if t.strip())

    @property
    def before_noun(self) -> str:
        """The rendering put in where the term modifies a noun (美国大豆 "US soybeans", 中国政府 "Chinese
        government"); "" when the entry has none and the first rendering always goes in."""
        return next((f[len(BEFORE_NOUN):] for f in self.flags if f.startswith(BEFORE_NOUN)), "")

    def match_forms(self) -> set[str]:
        """Every form that matches, normalised to Simplified: the source, given and generated variants."""
        forms = {self.source, *self.variants, *generated_variants(self.source)}
        return {script.to_model_input(f) for f in forms if f}

    def signature(self) -> str:
        """What of the entry can change a translation: part of the cache key of sentences that hold it."""
        return f"{self.source}\x1e{self.target}\x1e{','.join(sorted(self.flags))}"

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else self.source

    @property
    def provenance(self) -> str:
        """Where the rendering came from, as glossary-report.csv lists it: glossary:FILE:LINE or names:…"""
        if self.origin:
            return self.origin
        return f"glossary:{Path(self.file).name}:{self.line}" if self.file else "glossary"


def generated_variants(term: str) -> set[str]:
    """Traditional forms of a Simplified term (OpenCC s2t, Taiwan, Hong Kong)."""
    return {script.convert(term, cfg) for cfg in ("s2t", "s2tw", "s2hk")} - {term}


class Glossary:
    """Entries from one or more files (later entries win for the same source term).

    words=True (the default) forces a term only where it is a word of the sentence (see wordgate.py);
    words=False forces every match, as plain matching finds them.
    """

    def __init__(self, entries: Sequence[Entry], words: bool = True):
        self.words = words
        by_source: dict[str, Entry] = {}
        for entry in entries:
            if entry.source and entry.rendering:
                by_source[script.to_model_input(entry.source)] = entry
        self.entries: list[Entry] = list(by_source.values())

    @classmethod
    def load(cls, paths: Sequence[Path]) -> Glossary:
        from bilingual.glossary.tsv import read_entries

        entries: list[Entry] = []
        for path in paths:
            entries.extend(read_entries(path))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def index(self) -> TermIndex:
        from bilingual.glossary.matching import TermIndex

        return TermIndex(self.entries)

    def match(self, text: str) -> list[Match]:
        """The terms in Simplified-normalised text (see matching.TermIndex.match)."""
        return self.index.match(text)

    @cached_property
    def segmenter(self) -> Segmenter:
        """Word segmentation with this glossary's terms and the gazetteer's places in the dictionary."""
        from bilingual.names.gazetteer import load_gazetteer
        from bilingual.words import segmenter

        terms = {(form, "") for form in self.index.forms()}
        return segmenter(frozenset(terms | load_gazetteer().dictionary_words()))

    @cached_property
    def gate(self) -> WordGate:
        from bilingual.glossary.wordgate import WordGate

        return WordGate(self.segmenter)

    def terms_in(self, source: str) -> SentenceTerms:
        """The glossary terms a sentence holds, with how often each occurs; matches that are not words of
        the sentence are listed as skipped, not forced."""
        from bilingual.glossary.matching import SentenceTerms

        matches = self.match(source)
        if not self.words or not matches:
            return SentenceTerms.of(source, matches)
        kept, skipped = self.gate.split(source, matches)
        if any(m.entry.before_noun for m in kept):
            kept = self.gate.mark_before_noun(source, kept)
        return SentenceTerms.of(source, kept, skipped)
