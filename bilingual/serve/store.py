"""Everything `serve` takes from the rest of bilingual, in one place: reading posts, normalising and splitting
sentences, the translation memory (human translations written exactly as `review import` writes them), the
settings and the user's glossary. When those modules move, only this file changes.

The memory is the one `translate` uses (cache.sqlite3 in $BILINGUAL_HOME). Its `translations` table is keyed by
everything that can change a translation (model, decoding, glossary revision), so serve shows, for each source
sentence, its human translation if it has one, else the newest machine translation of that source.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilingual import script, segment
from bilingual.errors import BilingualError, OptionError, UnreadableInput
from bilingual.posts import Post, PostError, iter_post_paths, read_post
from bilingual.translate import checks
from bilingual.translate.memory import Human, TranslationMemory, memory_path

__all__ = ["BilingualError", "GlossaryStore", "Human", "MemoryStore", "OptionError", "Post", "PostError",
           "UnreadableInput", "doubts", "han_runs", "has_han", "home_dir", "iter_post_paths", "normalise", "read_post",
           "readable_url", "sentences_of", "settings_for", "default_memory"]

HUMAN = "human"  # the origin the translator gives a human translation (translator.HUMAN)


def normalise(text: str) -> str:
    """The memory's key for a sentence: Simplified script (OpenCC t2s), as translate and review import use."""
    return script.to_model_input(text)


def has_han(text: str) -> bool:
    return script.has_han(text)


_HAN_RUN = re.compile(f"[{script.HAN_CLASS}]+")


def han_runs(text: str) -> list[str]:
    """The runs of Chinese characters in text."""
    return _HAN_RUN.findall(text)


def sentences_of(text: str) -> list[str]:
    """A paragraph's sentences as translate sends them to the model."""
    return segment.sentences_for_model(text)


def doubts(source: str, translation: str) -> list[str]:
    """Why a translation is doubtful (damage detectors: repeated phrase, leftover Chinese, dropped content)."""
    return checks.damage(source, translation)


def readable_url(url: str) -> str:
    """A link as the static site shows it: percent-escapes decoded where that gives plain text."""
    from bilingual.export import display_url

    return display_url(url)


def home_dir() -> Path:
    from bilingual import models

    return models.home_dir()


def settings_for(posts_dir: Path) -> dict[str, object]:
    """The settings in force for `translate POSTS_DIR` (bilingual.toml, [tool.bilingual])."""
    import bilingual

    return dict(bilingual.load_settings(posts_dir).values)


def default_memory() -> Path:
    """The translation memory translate uses."""
    return memory_path()


@dataclass(frozen=True)
class MachineRow:
    rowid: int
    source: str
    translation: str
    ok: bool
    origin: str


@dataclass(frozen=True)
class HumanRow:
    rowid: int
    source: str
    translation: str
    author: str
    created: str
    note: str


class MemoryStore:
    """The translation memory as serve uses it: reads changes by rowid (a watermark), writes human translations
    through TranslationMemory.put_human_many. One short-lived connection per call, so any thread may call."""

    def __init__(self, path: Path):
        self.path = Path(path)
        TranslationMemory(self.path).close()  # creates the file and its tables if this is a new memory

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30)
        db.execute("PRAGMA query_only=ON")
        return db

    def machine_since(self, rowid: int) -> Iterator[MachineRow]:
        """Machine translations stored at or after rowid (>=: a row replaced in place keeps the top rowid)."""
        db = self._connect()
        try:
            for row in db.execute("SELECT rowid, source, translation, status, origin FROM translations "
                                  "WHERE rowid >= ? ORDER BY rowid", (rowid,)):
                yield MachineRow(row[0], row[1], row[2], row[3] == "ok", row[4] or "model")
        finally:
            db.close()

    def humans_since(self, rowid: int) -> list[HumanRow]:
        db = self._connect()
        try:
            return [HumanRow(*row) for row in db.execute(
                "SELECT rowid, source, translation, author, created, note FROM human WHERE rowid >= ? "
                "ORDER BY rowid", (rowid,))]
        finally:
            db.close()

    def human(self, source: str) -> Human | None:
        with TranslationMemory(self.path) as memory:
            return memory.human_many([source]).get(source)

    def put_human(self, source: str, translation: str, author: str, note: str) -> None:
        """The same row `review import` writes: the human translation wins in every later translate."""
        with TranslationMemory(self.path) as memory:
            memory.put_human_many([Human(source, translation, author, "", note)])

    def delete_human(self, source: str) -> None:
        """Undo of a first correction: the sentence goes back to its machine translation."""
        db = sqlite3.connect(self.path, timeout=30)
        try:
            with db:
                db.execute("DELETE FROM human WHERE source = ?", (source,))
        finally:
            db.close()


class GlossaryStore:
    """The user's own glossary file (where "add to glossary" writes) and the glossary translate uses."""

    def __init__(self, user_file: Path | None, files: Sequence[Path], shipped: bool):
        self.user_file = user_file
        self.files = list(files)
        self.shipped = shipped
        self._glossary: Any = None  # bilingual.glossary.Glossary, loaded when first needed (it is big)
        self._names: Any = None  # bilingual.names.NameFinder, likewise

    @classmethod
    def from_settings(cls, posts_dir: Path, given: Sequence[Path] = ()) -> GlossaryStore:
        """As translate: the glossaries in bilingual.toml, or the --glossary files given; the last one is the
        user's file, where "add to glossary" writes."""
        settings = settings_for(posts_dir)
        files = [Path(p) for p in given] or [Path(str(p)) for p in settings.get("glossaries", []) or []]  # type: ignore[attr-defined]
        shipped = bool(settings.get("shipped_glossary", True)) and bool(settings.get("glossary", True))
        return cls(files[-1] if files else None, files, shipped)

    def entry_for(self, term: str) -> tuple[str, tuple[str, ...], str] | None:
        """(source, accepted renderings, where) of the glossary entry whose forms hold term; None if none."""
        glossary = self._load()
        key = normalise(term.strip())
        for entry in glossary.entries:
            if key in entry.match_forms():
                return entry.source, entry.accepted, f"{Path(entry.file).name}:{entry.line}"
        return None

    def name_in(self, term: str, original: str, source: str) -> tuple[tuple[str, ...], str] | None:
        """(accepted renderings, origin) the names layer gives term in this sentence (places, mainland persons,
        the curated persons list), as translate enforces them; None when it finds no such name there."""
        if self._names is None:
            from bilingual.names import open_names

            glossary = self._load()
            self._names = open_names(glossary.segmenter, glossary.index.forms())
        key = normalise(term.strip())
        for match in self._names.find(original, source):
            if source[match.start:match.end] == key:
                return match.entry.accepted, match.entry.origin
        return None

    def _load(self) -> Any:
        if self._glossary is None:
            import bilingual

            # the user's file may not exist yet: "add to glossary" creates it
            existing = [f for f in self.files if f != self.user_file or f.exists()]
            self._glossary = bilingual.load_glossary(existing, shipped=self.shipped)
        return self._glossary

    def add(self, source: str, target: str, category: str = "", notes: str = "") -> tuple[str, list[str]]:
        """Add (or replace) an entry in the user's glossary file and lint it: ("added"|"replaced", problems)."""
        from bilingual.glossary.lint import lint
        from bilingual.terms.entry import Entry
        from bilingual.terms.tsv import merge_into

        if self.user_file is None:
            raise OptionError("no glossary file of yours: start serve with --glossary FILE or set glossaries in "
                              "bilingual.toml")
        source, target = source.strip(), " ".join(target.split())
        if not source or not target:
            raise OptionError("a glossary entry needs a source term and a target")
        _, replaced = merge_into(self.user_file, [Entry(source=source, target=target, category=category.strip(),
                                                        notes=notes.strip())])
        self._glossary = None
        return ("replaced" if replaced else "added"), [str(issue) for issue in lint([self.user_file])]
