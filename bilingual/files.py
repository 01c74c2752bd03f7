"""Safe output files: atomic writes, safe unique slugs, and a lock on the output folder."""

from __future__ import annotations

import os
import re
import tempfile
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

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


_recorders: list[set[Path]] = []
_recorders_lock = threading.Lock()


@contextmanager
def recording() -> Iterator[set[Path]]:
    """Every path atomic_writer completes while the block runs (in any thread) is added to the set: what a run
    wrote, for its manifest (manifest.py)."""
    written: set[Path] = set()
    with _recorders_lock:
        _recorders.append(written)
    try:
        yield written
    finally:
        with _recorders_lock:
            _recorders.remove(written)


@contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """A binary file that appears at path, complete, only when the block ends without an exception."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file 0600; outputs get the mode any new file gets (a web server must read the site)
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        with _recorders_lock:
            for written in _recorders:
                written.add(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask (reading it means setting it: set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


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
        return self.claim_exact(slugify(name))

    def claim_exact(self, base: str) -> str:
        """A slug already made safe (not cut to the slug length again), unique in this registry."""
        slug, n = base, 1
        while slug.casefold() in self._taken:
            n += 1
            slug = f"{base}-{n}"
        self._taken.add(slug.casefold())
        return slug


class FolderLock:
    """An exclusive lock on an output folder, so two runs never interleave their writes there. The lock is
    taken on the folder itself (flock on its descriptor), so no lock file is left in the published site."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._fd: int | None = None

    def __enter__(self) -> FolderLock:
        import fcntl

        self.folder.mkdir(parents=True, exist_ok=True)
        if not self.folder.is_dir():
            raise FolderBusy(f"{self.folder}: is a file, not a folder")
        fd = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise FolderBusy(f"{self.folder}: another bilingual run is writing here; wait for it") from None
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class FolderBusy(BilingualError):
    pass
