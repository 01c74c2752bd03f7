"""What the exporters receive: translated posts as plain dataclasses (no model, no files)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Pair:
    """One block of the original (in the display script) and its translation."""

    kind: str  # heading | paragraph | item | quote | caption
    original: str
    translation: str
    level: int = 0
    flagged: bool = False  # the model's output for part of it failed quality checks


@dataclass
class TranslatedPost:
    slug: str
    source_name: str  # the post's file name, for the reader's orientation
    title: str  # original title, display script
    translated_title: str
    date: dt.datetime | None
    author: str
    source_url: str
    tags: list[str]
    translated_tags: list[str]
    lang: str  # BCP 47 tag of the Chinese side (zh-Hans, zh-Hant, ...)
    pairs: list[Pair] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return self.date.strftime("%Y-%m-%d") if self.date else ""

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.isoformat() if self.date else "9999", self.slug)
