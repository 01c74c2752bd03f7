"""Safe output files: atomic writes, safe unique slugs, and a lock on the output folder."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, BinaryIO

from bilingual.errors import BilingualError
from bilingual.script import HAN_CLASS


def read_user_file(path: Path, error: type[BilingualError], encoding: str = "utf-8") -> str:
    """The text of a file the user named; a missing or unreadable file raises `error` naming it, in one line."""
    try:
        return Path(path).read_text(encoding=encoding)
    except FileNotFoundError:
        raise error(f"{path}: no such file") from None
    except IsADirectoryError:
        raise error(f"{path}: is a folder, not a file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read ({exc})") from None


def atomic_write(path: Path, data: str | bytes) -> None:
    """Write to a temp file beside path, fsync, then rename: a crash never leaves a half-written file."""
    with atomic_writer(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at path, complete, only when the block ends without an exception."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


_UNSAFE = re.compile(rf"[^\w{HAN_CLASS}-]+")
_MAX_SLUG = 80


def slugify(name: str) -> str:
    """A file-name-safe slug: letters, digits, CJK and '-' only; never empty, never a path."""
    text = unicodedata.normalize("NFKC", name).strip().lower()
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-_")
    return text[:_MAX_SLUG].rstrip("-_") or "post"


class SlugRegistry:
    """Hands out slugs that never collide (case-insensitively) within one run, in call order."""

    # index.html and sources.html are the site's own pages
    def __init__(self, reserved: tuple[str, ...] = ("index", "sources")):
        self._taken = {s.casefold() for s in reserved}

    def claim(self, name: str) -> str:
        base = slugify(name)
        slug, n = base, 1
        while slug.casefold() in self._taken:
            n += 1
            slug = f"{base}-{n}"
        self._taken.add(slug.casefold())
        return slug


class FolderLock:
    """An exclusive lock on an output folder, so two runs never interleave their writes there."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / ".bilingual.lock"
        self._fh: IO[str] | None = None

    def __enter__(self) -> FolderLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(self.path, "a+")
        try:
            fcntl.flock(self._fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._fh.close()
            raise FolderBusy(f"{self.path.parent}: another bilingual run is writing here; wait for it") from None
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self._fh:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()


class FolderBusy(BilingualError):
    pass
