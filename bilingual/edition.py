"""What the exporters receive: translated posts as plain dataclasses (no model, no files)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path

from bilingual.options import Grouping


@dataclass(frozen=True)
class Pair:
    """One block of the original (in the display script) and its translation."""

    kind: str  # heading | paragraph | item | quote | caption (see clean.Block)
    original: str
    translation: str
    level: int = 0
    flagged: bool = False  # the model's output for part of it failed quality checks
    doubtful: bool = False  # a sentence of it has a doubtful translation (marked only with --mark-doubtful)
    sentences: int = 0  # sentences translated in it
    reviewed: int = 0  # of those, how many are human translations (review import, memory import)


@dataclass(frozen=True)
class PostHeader:
    """Everything the exporters know of a translated post except its paragraphs."""

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
    title_flagged: bool = False  # the model's output for the title failed quality checks
    translated_author: str = ""  # the author/outlet field translated ("" when it has no Chinese)

    @property
    def date_text(self) -> str:
        return self.date.strftime("%Y-%m-%d") if self.date else ""

    @property
    def sort_key(self) -> tuple[str, str]:
        return (self.date.isoformat() if self.date else "9999", self.slug)


@dataclass(frozen=True)
class TranslatedPost(PostHeader):
    pairs: list[Pair] = field(default_factory=list)


@dataclass(frozen=True)
class SpooledPost(PostHeader):
    """A translated post parked on disk: its header stays in memory, its paragraphs are read back on each
    access. A folder of 20,000 posts then costs memory for the headers only, not for the whole edition."""

    spool_path: Path = Path()

    @classmethod
    def park(cls, post: TranslatedPost, path: Path) -> SpooledPost:
        import pickle

        # pickle is safe here: the file is ours, written a moment ago into a private temp dir
        path.write_bytes(pickle.dumps(post.pairs, protocol=pickle.HIGHEST_PROTOCOL))
        header = {f.name: getattr(post, f.name) for f in fields(PostHeader)}
        return cls(**header, spool_path=path)

    @property
    def pairs(self) -> list[Pair]:
        import pickle

        return pickle.loads(self.spool_path.read_bytes())


# What the exporters take: a post in memory or parked on disk.
EditionPost = TranslatedPost | SpooledPost


def source_label(post: EditionPost) -> str:
    """The outlet a post came from: its author/outlet field, else the source link's host."""
    if post.author.strip():
        return post.author.strip()
    from urllib.parse import urlsplit

    host = urlsplit(post.source_url.strip()).hostname or ""
    return host.removeprefix("www.") or "Unknown source"




def group_key(post: EditionPost, by: Grouping) -> str:
    if by == Grouping.MONTH:
        return post.date.strftime("%Y-%m") if post.date else "Undated"
    if by == Grouping.SOURCE:
        return source_label(post)
    return ""


def group_posts(posts: Sequence[EditionPost], by: Grouping) -> list[tuple[str, list[EditionPost]]]:
    """Posts (already in reading order) in groups: months oldest first, sources by name, "Undated" last."""
    if by == Grouping.NONE:
        return [("", list(posts))]
    groups: dict[str, list[EditionPost]] = {}
    for post in posts:
        groups.setdefault(group_key(post, by), []).append(post)
    late = {"Undated", "Unknown source"}
    return sorted(groups.items(), key=lambda item: (item[0] in late, item[0].casefold()))


def group_title(key: str, by: Grouping) -> str:
    """What a reader sees for a group: 'November 2021' for month 2021-11, the outlet's name for a source."""
    return month_title(key) if by == Grouping.MONTH else key


def month_title(key: str) -> str:
    """'2021-11' -> 'November 2021' (other labels unchanged)."""
    import datetime as dt

    try:
        return dt.datetime.strptime(key, "%Y-%m").strftime("%B %Y")
    except ValueError:
        return key


