"""The options of a translation run: validated once, where they enter (the CLI or the Python API), and carried
through the run as one RunOptions. Every choice is an enum, so the CLI offers exactly the values the library
accepts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeVar

from bilingual.errors import OptionError


class Format(StrEnum):
    HTML = "html"
    EPUB = "epub"


class Layout(StrEnum):
    SIDE_BY_SIDE = "side-by-side"
    INTERLEAVED = "interleaved"
    ORIGINAL_FIRST = "original-first"
    TRANSLATION_ONLY = "translation-only"


class Grouping(StrEnum):
    NONE = "none"
    MONTH = "month"
    SOURCE = "source"


class Split(StrEnum):
    """How the EPUB is cut into books. AUTO: one book, or, past MAX_POSTS_PER_BOOK posts (books.py), books of
    whole months; NONE: always one book; MONTH / SOURCE: one book per month or outlet."""

    AUTO = "auto"
    NONE = "none"
    MONTH = "month"
    SOURCE = "source"


class GlossaryLog(StrEnum):
    """What the glossary report holds: SUMMARY (per-term counts and every violation) or FULL (also every
    matched occurrence, in glossary-log.csv)."""

    SUMMARY = "summary"
    FULL = "full"


class ScriptChoice(StrEnum):
    """The script of the Chinese side of an edition."""

    KEEP = "keep"
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    TAIWAN = "taiwan"
    HONGKONG = "hongkong"


class ConvertTarget(StrEnum):
    """The script `bilingual convert` writes."""

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    TAIWAN = "taiwan"
    HONGKONG = "hongkong"


class ReviewFilter(StrEnum):
    """Which sentences a review file holds."""

    ALL = "all"
    FLAGGED = "flagged"  # failed the quality checks: shown as "[sentence not translated…]"
    ENFORCED = "enforced"  # a glossary term was put in by an enforcement step
    HUMAN = "human"  # already corrected
    DAMAGED = "damaged"  # checks.damage found a repeated phrase, leftover Chinese or dropped content
    DOUBTFUL = "doubtful"  # machine translations of low confidence (coverage.confidence), worst first


class Executor(StrEnum):
    LOCAL = "local"
    DASK = "dask"


E = TypeVar("E", bound=StrEnum)

# Where the layout is not chosen: pairs side by side on a screen, interleaved on an e-reader.
DEFAULT_LAYOUT = {Format.HTML: Layout.SIDE_BY_SIDE, Format.EPUB: Layout.INTERLEAVED}


def choice(enum: type[E], value: object, option: str) -> E:
    """value as a member of enum, or an OptionError naming the option and the choices."""
    try:
        return enum(str(value))
    except ValueError:
        choices = ", ".join(member.value for member in enum)
        raise OptionError(f"{option} {value!r}: choose from {choices}") from None


def parse_formats(value: str | Iterable[str]) -> tuple[Format, ...]:
    """"html,epub" or ["html", "epub"] -> (Format.HTML, Format.EPUB); at least one, no repeats."""
    items = value.split(",") if isinstance(value, str) else list(value)
    cleaned = [str(item).strip() for item in items if str(item).strip()]
    formats = tuple(dict.fromkeys(choice(Format, item, "--format") for item in cleaned))
    if not formats:
        raise OptionError(f"--format {','.join(map(str, items))!r}: give at least one of html, epub")
    return formats


@dataclass(frozen=True)
class RunOptions:
    """How a folder is translated and exported. Plain strings are accepted and checked here, once."""

    formats: tuple[Format, ...] = (Format.HTML, Format.EPUB)
    script: ScriptChoice = ScriptChoice.KEEP
    layout: Layout | None = None  # None: DEFAULT_LAYOUT per format
    title: str | None = None  # None: from the folder's name
    group_by: Grouping = Grouping.NONE  # EPUB: a part per month or source inside the book
    split_by: Split = Split.AUTO  # EPUB: one book unless too big for an e-reader, or per month or source
    glossary_log: GlossaryLog = GlossaryLog.SUMMARY  # FULL adds glossary-log.csv, every matched term
    fail_fast: bool = False
    strict: bool = False  # exit 1 when a glossary term is not rendered
    mark_doubtful: bool = False  # doubtful translations marked (subtly) in the editions

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise in place, once
        set_(self, "formats", parse_formats(self.formats))
        set_(self, "script", choice(ScriptChoice, self.script, "--script"))
        if self.layout is not None:
            set_(self, "layout", choice(Layout, self.layout, "--layout"))
        set_(self, "group_by", choice(Grouping, self.group_by, "--group-by"))
        set_(self, "split_by", choice(Split, self.split_by, "--split-by"))
        set_(self, "glossary_log", choice(GlossaryLog, self.glossary_log, "--glossary-log"))

    def layout_for(self, fmt: Format) -> Layout:
        return self.layout or DEFAULT_LAYOUT[fmt]
