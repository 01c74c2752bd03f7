"""A term: a glossary entry or a name, what source forms it has and what counts as its rendering. Reading and
writing glossary files is in bilingual.glossary; finding terms in text is in matching.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bilingual import script

KNOWN_FLAGS = frozenset({"keep", "exact-case", "shield", "the"})
BEFORE_NOUN = "before-noun="  # flag with a value: the accepted rendering put in before a noun (before-noun=US)


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
