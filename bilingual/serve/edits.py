"""Corrections made where one reads: a human translation in the memory (as `review import` stores it: author,
time, note), the index updated at once, a history per sentence with undo, and conflicts instead of silent
overwrites.

A client says which translation it started editing from (`base`); when the stored one differs, someone else
changed it in between, and the correction is refused (Conflict, HTTP 409) with the current translation.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from bilingual.serve.index import Index
from bilingual.serve.store import HUMAN, has_han, normalise

MAX_TRANSLATION = 4000  # characters
MAX_FIELD = 200  # author, note


class EditError(ValueError):
    """A correction that cannot be made; status is the HTTP status it answers with."""

    def __init__(self, message: str, status: int = 400, current: str | None = None):
        super().__init__(message)
        self.status = status
        self.current = current


@dataclass(frozen=True)
class Saved:
    source: str
    translation: str
    previous: str
    edit_id: int
    sentences: int  # occurrences in the archive now showing it


@contextlib.contextmanager
def exclusive(index: Index) -> Iterator[None]:
    """One correction at a time among this server's threads (a lock) and among all servers on this memory (flock
    on a file beside it), so the stored translation cannot change between the comparison and the write."""
    import fcntl

    lock = index.memory.path.with_name(index.memory.path.name + ".edit-lock")
    with index.write_lock, open(lock, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def correct(index: Index, source: str, translation: str, author: str = "", note: str = "",
            base: str | None = None) -> Saved:
    """Store a human translation of source (as written or normalised) and show it everywhere at once."""
    key = normalise(_one_line(source))
    translation = _one_line(translation)
    author, note = _one_line(author)[:MAX_FIELD], _one_line(note)[:MAX_FIELD]
    if not key:
        raise EditError("source is empty")
    if not translation:
        raise EditError("translation is empty")
    if len(translation) > MAX_TRANSLATION:
        raise EditError(f"translation is longer than {MAX_TRANSLATION} characters", 413)
    if not has_han(key):
        raise EditError("source has no Chinese: it is shown as written and has no translation to correct")
    with exclusive(index):  # compare and store as one step: two editors of one sentence get a conflict
        index.sync_memory()
        sentence = index.sentence_of_source(key)
        if sentence is None:
            raise EditError(f"source is not a sentence of this archive: {key[:40]!r}", 404)
        now = index.current(key, sentence.original)
        if base is not None and _one_line(base) != _one_line(now.translation):
            raise EditError("conflict: this sentence was changed since you started editing it", 409,
                            current=now.translation)
        index.memory.put_human(key, translation, author, note)
        db = index.db()
        with db:
            index.set_human(db, key, translation, author, note)
            cursor = db.execute(
                "INSERT INTO edits (source, before, before_origin, before_author, before_note, after, author, "
                "note, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))",
                (key, now.translation, now.origin, now.author, now.note, translation, author, note))
            count = db.execute("SELECT COUNT(*) FROM sentences WHERE source = ?", (key,)).fetchone()[0]
        index.sync_memory()  # move the watermark past our own write
        assert cursor.lastrowid is not None
        return Saved(key, translation, now.translation, cursor.lastrowid, count)


def undo(index: Index, source: str) -> Saved:
    """Take back the newest correction of source that is still in force: the translation before it returns (a
    human one is stored again; a machine one by removing the human translation)."""
    key = normalise(_one_line(source))
    with exclusive(index):
        index.sync_memory()
        db = index.db()
        row = db.execute("SELECT id, before, before_origin, before_author, before_note, after FROM edits "
                         "WHERE source = ? AND undone = 0 ORDER BY id DESC LIMIT 1", (key,)).fetchone()
        if row is None:
            raise EditError("nothing to undo for this sentence", 404)
        edit_id, before, before_origin, before_author, before_note, after = row
        sentence = index.sentence_of_source(key)
        now = index.current(key, sentence.original if sentence else "")
        if _one_line(now.translation) != _one_line(after):
            raise EditError("conflict: this sentence was changed after that correction", 409, current=now.translation)
        if before_origin == HUMAN:
            index.memory.put_human(key, before, before_author, before_note)
        else:
            index.memory.delete_human(key)
        with db:
            index.set_human(db, key, before if before_origin == HUMAN else None, before_author, before_note)
            db.execute("UPDATE edits SET undone = 1 WHERE id = ?", (edit_id,))
            count = db.execute("SELECT COUNT(*) FROM sentences WHERE source = ?", (key,)).fetchone()[0]
        index.sync_memory()
        shown = index.current(key, sentence.original if sentence else "")
        return Saved(key, shown.translation, after, edit_id, count)
