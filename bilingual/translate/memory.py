"""SQLite translation memory.

Three tables. `translations`: machine translations keyed by everything that can change them (model, decoding,
glossary entries used, source sentence), with how each was produced (origin: model, an enforcement step,
flagged). `human`: human translations keyed by the normalised source sentence alone, so they win over machine
output whatever the model, decoding or glossary revision. `probes`: the model's translation of a glossary term or
name on its own, which tells the translator which terms the model is known to miss (translator.py).

The translator commits each slice of new translations as it finishes, so a run that is killed resumes where it
stopped, losing at most the slice in progress.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    created TEXT NOT NULL DEFAULT (datetime('now')),
    origin TEXT NOT NULL DEFAULT '',
    confidence REAL
);
CREATE TABLE IF NOT EXISTS human (
    source TEXT PRIMARY KEY,
    translation TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL DEFAULT (datetime('now')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS probes (
    key TEXT PRIMARY KEY,
    output TEXT NOT NULL
);
"""


class Cached(NamedTuple):
    translation: str
    status: str
    origin: str  # model | an enforcement step | flagged ('' for rows from before origins were kept)
    confidence: float | None = None  # coverage.confidence (None for rows from before it was kept)


class Human(NamedTuple):
    source: str
    translation: str
    author: str = ""
    created: str = ""
    note: str = ""


def make_key(model_id: str, decoding_key: str, source: str, glossary_key: str = "") -> str:
    """The cache key: everything that can change a sentence's translation, and nothing else."""
    text = "\x1f".join((model_id, decoding_key, glossary_key, source))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


MEMORY_FILE = "cache.sqlite3"


def memory_path(home: Path | None = None) -> Path:
    """The translation memory every command shares: cache.sqlite3 in $BILINGUAL_HOME (or the user data dir)."""
    from bilingual.models import home_dir

    return (home or home_dir()) / MEMORY_FILE


def open_memory(home: Path | None = None) -> TranslationMemory:
    return TranslationMemory(memory_path(home))


class TranslationMemory:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(translations)")}
        if columns and "origin" not in columns:  # a memory from before origins were kept
            self._db.execute("ALTER TABLE translations ADD COLUMN origin TEXT NOT NULL DEFAULT ''")
            # flagged sentences are translated again: they now get the clause-by-clause retry
            self._db.execute("DELETE FROM translations WHERE status LIKE 'flagged%'")
        if columns and "confidence" not in columns:  # a memory from before confidences were kept
            self._db.execute("ALTER TABLE translations ADD COLUMN confidence REAL")
        self._db.executescript(SCHEMA)
        self._db.commit()

    def get_many(self, keys: Iterable[str]) -> dict[str, Cached]:
        """key -> Cached for the keys that are in the memory."""
        return {row[0]: Cached(*row[1:]) for row in self._select(  # type: ignore[arg-type]
            "SELECT key, translation, status, origin, confidence FROM translations WHERE key IN ({marks})", keys)}

    def put_many(self, rows: Iterable[tuple[str, ...] | tuple[str, str, str, str, str, float | None]]) -> None:
        """Store (key, source, translation, status, origin[, confidence]) rows and commit them at once."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, source, translation, status, origin, confidence) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(*row, None) if len(row) == 5 else row for row in rows],
            )

    def probes_many(self, keys: Iterable[str]) -> dict[str, str]:
        """key -> the model's output for the probes that are in the memory."""
        return {row[0]: row[1] for row in self._select("SELECT key, output FROM probes WHERE key IN ({marks})", keys)}

    def put_probes(self, rows: Iterable[tuple[str, str]]) -> None:
        """Store (key, output) probes at once."""
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO probes (key, output) VALUES (?, ?)", list(rows))

    def human_many(self, sources: Iterable[str]) -> dict[str, Human]:
        """normalised source -> its human translation, for the sources that have one."""
        return {row[0]: Human(*row) for row in self._select(
            "SELECT source, translation, author, created, note FROM human WHERE source IN ({marks})", sources)}

    def put_human_many(self, rows: Iterable[Human]) -> int:
        """Store human translations (replacing earlier ones of the same source) in one transaction."""
        rows = list(rows)
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO human (source, translation, author, created, note) "
                "VALUES (?, ?, ?, COALESCE(NULLIF(?, ''), datetime('now')), ?)",
                [tuple(r) for r in rows],
            )
        return len(rows)

    def human_all(self) -> list[Human]:
        return [Human(*row) for row in self._db.execute(
            "SELECT source, translation, author, created, note FROM human ORDER BY source")]

    def machine_all(self) -> list[tuple[str, str, str]]:
        """(source, translation, origin) of every usable machine translation, newest last."""
        return list(self._db.execute(
            "SELECT source, translation, origin FROM translations WHERE status = 'ok' ORDER BY created, rowid"))

    def machine_many(self, sources: Iterable[str]) -> dict[str, list[str]]:
        """normalised source -> its usable machine translations (any model, decoding or glossary), newest last."""
        found: dict[str, list[str]] = {}
        for source, translation in self._select(
                "SELECT source, translation FROM translations WHERE status = 'ok' AND source IN ({marks}) "
                "ORDER BY created, rowid", sources):
            found.setdefault(source, []).append(translation)
        return found

    def _select(self, query: str, values: Iterable[str]) -> list[tuple[str, ...]]:
        values = list(dict.fromkeys(values))
        rows: list[tuple[str, ...]] = []
        for start in range(0, len(values), 500):  # SQLite's limit on host parameters
            chunk = values[start:start + 500]
            rows += self._db.execute(query.format(marks=",".join("?" * len(chunk))), chunk).fetchall()
        return rows

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
