"""SQLite translation memory: (model, decoding, glossary entries used, source sentence) -> translation.

The translator commits each slice of new translations as it finishes, so a run that is killed resumes where it
stopped, losing at most the slice in progress.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT PRIMARY KEY,
    source TEXT NOT NULL,
    translation TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'ok',
    created TEXT NOT NULL DEFAULT (datetime('now'))
)
"""


def make_key(model_id: str, decoding_key: str, source: str, glossary_key: str = "") -> str:
    """The cache key: everything that can change a sentence's translation, and nothing else."""
    text = "\x1f".join((model_id, decoding_key, glossary_key, source))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class TranslationMemory:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=60)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(SCHEMA)
        self._db.commit()

    def get_many(self, keys: Iterable[str]) -> dict[str, tuple[str, str]]:
        """key -> (translation, status) for the keys that are cached."""
        found: dict[str, tuple[str, str]] = {}
        keys = list(dict.fromkeys(keys))
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT key, translation, status FROM translations WHERE key IN ({marks})", chunk
            )
            for key, translation, status in rows:
                found[key] = (translation, status)
        return found

    def put_many(self, rows: Iterable[tuple[str, str, str, str]]) -> None:
        """Store (key, source, translation, status) rows and commit them at once."""
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO translations (key, source, translation, status) VALUES (?, ?, ?, ?)",
                list(rows),
            )

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM translations").fetchone()[0]

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> TranslationMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
