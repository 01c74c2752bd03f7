"""`bilingual serve`: a local web app over the posts and the translation memory — archive, side-by-side posts,
search in both languages, a term concordance, a queue of flagged sentences, and corrections made where one reads.

    archive = open_archive(posts_dir)             # builds or updates the index (progress(done, total))
    app = create_app(archive, token)              # a Starlette (ASGI) app; run it with uvicorn
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from bilingual.serve.app import Archive, create_app
from bilingual.serve.index import Index, RefreshResult
from bilingual.serve.store import GlossaryStore, MemoryStore, UnreadableInput, default_memory, home_dir

__all__ = ["Archive", "Index", "RefreshResult", "create_app", "default_index_path", "open_archive"]


def default_index_path(posts_dir: Path) -> Path:
    """$BILINGUAL_HOME/serve/<folder>-<hash of its path>.sqlite3: one index per posts folder."""
    resolved = Path(posts_dir).resolve()
    digest = hashlib.sha1(str(resolved).encode("utf-8")).hexdigest()[:10]
    return home_dir() / "serve" / f"{resolved.name or 'posts'}-{digest}.sqlite3"


def open_archive(
    posts_dir: Path, *, memory_path: Path | None = None, index_path: Path | None = None,
    glossary: Sequence[Path] = (), progress: Callable[[int, int], None] | None = None,
) -> tuple[Archive, RefreshResult]:
    """The index of posts_dir over the translation memory translate uses (built the first time, updated for what
    changed since), and the glossary settings of `translate posts_dir`."""
    posts_dir = Path(posts_dir)
    if not posts_dir.is_dir():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    glossaries = GlossaryStore.from_settings(posts_dir, glossary)  # a bad bilingual.toml fails before the build
    memory = MemoryStore(memory_path or default_memory())
    index_path = index_path or default_index_path(posts_dir)
    try:
        index = Index(index_path, posts_dir, memory)
    except sqlite3.Error as exc:  # not the memory's fault: say which file, and that it can be rebuilt
        raise UnreadableInput(f"{index_path}: the serve index cannot be used ({exc}); delete it and it is "
                              "built again (corrections stay in the translation memory)") from None
    result = index.refresh(progress)
    title = f"{posts_dir.resolve().name.strip('_ ') or 'posts'} — bilingual"
    return Archive(index, glossaries, title), result
