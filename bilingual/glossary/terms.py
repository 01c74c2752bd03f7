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

KNOWN_FLAGS = frozenset({"keep", "exact-case", "shield"})


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

    def match_forms(self) -> set[str]:
        """Every form that matches, normalised to Simplified: the source, given and generated variants."""
        forms = {self.source, *self.variants, *generated_variants(self.source)}
        return {script.to_model_input(f) for f in forms if f}

    def signature(self) -> str:
        """What of the entry can change a translation: part of the cache key of sentences that hold it."""
        return f"{self.source}\x1e{self.target}\x1e{','.join(sorted(self.flags))}"

    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else self.source


def generated_variants(term: str) -> set[str]:
    """Traditional forms of a Simplified term (OpenCC s2t, Taiwan, Hong Kong)."""
    return {script.convert(term, cfg) for cfg in ("s2t", "s2tw", "s2hk")} - {term}


class Glossary:
    """Entries from one or more files (later entries win for the same source term)."""

    def __init__(self, entries: Sequence[Entry]):
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

    def terms_in(self, source: str) -> SentenceTerms:
        """The glossary terms a sentence holds, with how often each occurs."""
        from bilingual.glossary.matching import SentenceTerms

        return SentenceTerms.of(source, self.match(source))
