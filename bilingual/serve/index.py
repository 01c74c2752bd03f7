"""The serve index: one SQLite file (WAL) with the posts, their sentences and translations, and two FTS5
indexes over them — Chinese through the trigram tokenizer on the Simplified-normalised sentence (so Simplified
and Traditional find each other), English through Porter stemming.

    index = Index(path, posts_dir, MemoryStore(memory_path))
    index.refresh(progress)   # posts added, changed (mtime or size) or removed since the last start: only those
    index.sync_memory()       # translations stored since the last sync (a translate run, a review import)

A sentence shows its human translation when the memory has one, else the newest machine translation of its
source. Tables `machine` and `human` hold the index's copy of those per source, kept current by watermarks on
the memory's rowids, so a new translation re-indexes only the sentences holding that source.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bilingual.serve import search as searching
from bilingual.serve.search import pairs_text
from bilingual.serve.store import (
    HUMAN,
    MemoryStore,
    Post,
    doubts,
    has_han,
    iter_post_paths,
    normalise,
    read_post,
    sentences_of,
)

PAGE_HITS = 20
PAGE_POSTS = 200
PAGE_ROWS = 100
COMMIT_POSTS = 200  # posts per transaction while building
PARALLEL_FROM = 400  # posts to read before reading on all cores pays for starting the workers

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts (
    id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE, stamp TEXT NOT NULL, title TEXT NOT NULL DEFAULT '',
    date TEXT NOT NULL DEFAULT '', month TEXT NOT NULL DEFAULT '', outlet TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '', source_url TEXT NOT NULL DEFAULT '', tags TEXT NOT NULL DEFAULT '[]',
    script TEXT NOT NULL DEFAULT 'simplified', failure TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS posts_month ON posts (month, date, id);
CREATE INDEX IF NOT EXISTS posts_outlet ON posts (outlet, date, id);
CREATE INDEX IF NOT EXISTS posts_date ON posts (date, id);
CREATE TABLE IF NOT EXISTS blocks (
    post_id INTEGER NOT NULL, n INTEGER NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, n)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL, block INTEGER NOT NULL, seq INTEGER NOT NULL,
    original TEXT NOT NULL, source TEXT NOT NULL, translation TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL DEFAULT '', flag TEXT NOT NULL DEFAULT '', date TEXT NOT NULL DEFAULT '',
    outlet TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS sentences_post ON sentences (post_id, block, seq);
CREATE INDEX IF NOT EXISTS sentences_source ON sentences (source);
CREATE INDEX IF NOT EXISTS sentences_flag ON sentences (flag) WHERE flag != '';
CREATE VIRTUAL TABLE IF NOT EXISTS zh_fts USING fts5 (
    source, content='sentences', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE IF NOT EXISTS zh2_fts USING fts5 (pairs, content='', tokenize='unicode61');
CREATE VIRTUAL TABLE IF NOT EXISTS en_fts USING fts5 (
    translation, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS machine (
    source TEXT PRIMARY KEY, translation TEXT NOT NULL, origin TEXT NOT NULL, ok INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS human (
    source TEXT PRIMARY KEY, translation TEXT NOT NULL, author TEXT NOT NULL, created TEXT NOT NULL,
    note TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, before TEXT NOT NULL, before_origin TEXT NOT NULL,
    before_author TEXT NOT NULL DEFAULT '', before_note TEXT NOT NULL DEFAULT '',
    after TEXT NOT NULL, author TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL,
    undone INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS edits_source ON edits (source, id);
"""
# Bumped when the tables derived from posts and memory change shape: they are rebuilt (the edit history is kept).
SCHEMA_VERSION = "3"
DAY_BITS = 24  # sentence ids: the post's date (proleptic ordinal) above, a counter for the day below
DERIVED = ("meta", "posts", "blocks", "sentences", "zh_fts", "zh2_fts", "en_fts", "machine", "human")


@dataclass(frozen=True)
class Current:
    """What a source sentence shows now, and why it is in the queue ('' when it is not)."""

    translation: str
    origin: str  # human | model | an enforcement step | flagged | passthrough | '' (not translated yet)
    flag: str = ""
    author: str = ""
    note: str = ""


@dataclass
class RefreshResult:
    added: int = 0
    changed: int = 0
    removed: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, problem)
    unchanged: int = 0
    seconds: float = 0.0


@dataclass(frozen=True)
class Sentence:
    id: int
    post_id: int
    block: int
    seq: int
    original: str
    source: str
    translation: str
    origin: str
    flag: str


@dataclass(frozen=True)
class PostRow:
    id: int
    path: str
    title: str
    translated_title: str
    date: str
    outlet: str


@dataclass
class BlockView:
    n: int
    kind: str
    level: int
    sentences: list[Sentence]


@dataclass
class PostView:
    row: PostRow
    author: str
    source_url: str
    tags: list[str]
    script: str
    blocks: list[BlockView]
    previous: int | None = None
    next: int | None = None

    @property
    def title_sentences(self) -> list[Sentence]:
        return self.blocks[0].sentences if self.blocks and self.blocks[0].n == 0 else []


@dataclass(frozen=True)
class Hit:
    sentence: Sentence
    post: PostRow
    source_marked: str  # the sentence as written, hits between marks (search.MARK_OPEN/CLOSE)
    translation_marked: str


@dataclass(frozen=True)
class Edit:
    id: int
    source: str
    before: str
    before_origin: str
    after: str
    author: str
    note: str
    created: str
    undone: bool


@dataclass(frozen=True)
class ReadPost:
    """A post as the index takes it: the posts row's fields and its blocks' sentences (as written, normalised)."""

    fields: dict[str, str]
    blocks: list[tuple[int, str, int, list[tuple[str, str]]]]  # (n, kind, level, sentences); n 0 is the title


def read_for_index(path: Path) -> ReadPost | str:
    """Read, clean and split one post; its problem in one line when it cannot be read."""
    try:
        post = read_post(path)
    except Exception as exc:
        return " ".join(str(exc).split()) or type(exc).__name__
    date = post.date.strftime("%Y-%m-%d") if post.date else ""
    fields = {
        "title": searching.clean_text(post.title), "date": date, "month": date[:7], "outlet": outlet_of(post),
        "author": post.author, "source_url": post.source_url, "tags": json.dumps(post.tags, ensure_ascii=False),
        "script": post.script, "failure": "",
    }
    blocks = []
    for n, kind, level, text in [(0, "title", 0, post.title)] + [(n, b.kind, b.level, b.text)
                                                                  for n, b in enumerate(post.blocks, 1)]:
        sentences = [(original, searching.clean_text(normalise(original)))
                     for original in sentences_of(searching.clean_text(text))]
        blocks.append((n, kind, level, sentences))
    return ReadPost(fields, blocks)


def _read_all(paths: list[Path]) -> Iterator[ReadPost | str]:
    """read_for_index over paths, in order; on all cores when there are many (reading and cleaning HTML is most
    of a first build). Worker processes are spawned, never forked: the server may have threads running."""
    import os

    workers = min(os.cpu_count() or 1, 8)
    if len(paths) < PARALLEL_FROM or workers < 2:
        yield from map(read_for_index, paths)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            for read in pool.map(read_for_index, paths, chunksize=32):
                yield read
                done += 1
    except BrokenProcessPool:  # workers could not start (a __main__ that cannot be imported again): read here
        yield from map(read_for_index, paths[done:])


def day_range(day: dt.date | None) -> tuple[int, int]:
    """Sentence ids carry their post's date: ids of a day's sentences lie in [start, end), so ids in descending
    order are newest first (FTS5 returns rowids in either order without sorting) and a date filter is a range of
    ids. Undated posts' sentences come last."""
    ordinal = day.toordinal() if day else 0
    return ordinal << DAY_BITS, (ordinal + 1) << DAY_BITS


def first_id(day: dt.date | None, db: sqlite3.Connection) -> int:
    """The first free sentence id of a day."""
    start, end = day_range(day)
    top = db.execute("SELECT MAX(id) FROM sentences WHERE id >= ? AND id < ?", (start, end)).fetchone()[0]
    return max(start + 1, (top or 0) + 1)


def outlet_of(post: Post) -> str:
    """As edition.source_label: the author/outlet field, else the source link's host."""
    if post.author.strip():
        return post.author.strip()
    from urllib.parse import urlsplit

    host = urlsplit(post.source_url.strip()).hostname or ""
    return host.removeprefix("www.") or "Unknown source"


class Index:
    def __init__(self, path: Path, posts_dir: Path, memory: MemoryStore):
        self.path = Path(path)
        self.posts_dir = Path(posts_dir).resolve()
        self.memory = memory
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self.write_lock = threading.RLock()  # one writer at a time in this process (SQLite allows one anyway)
        self._generation = 0  # bumped on every change; listings of the whole archive are cached per generation
        self._cache: dict[str, tuple[int, object]] = {}
        db = self.db()
        if {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE name = 'meta'")} and \
                self._meta("schema") != SCHEMA_VERSION:
            with db:
                for table in DERIVED:
                    db.execute(f"DROP TABLE IF EXISTS {table}")
        db.executescript(SCHEMA)
        with db:
            self._set_meta(db, "schema", SCHEMA_VERSION)

    # connections: one per thread (the server answers requests on a thread pool)
    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA cache_size=-16000")
            self._local.db = db
        return db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def _meta(self, key: str, default: str = "") -> str:
        row = self.db().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def _set_meta(self, db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # building and keeping current -----------------------------------------------------------------------------
    def refresh(self, progress: Callable[[int, int], None] | None = None) -> RefreshResult:
        """Index what changed in the posts folder since the last refresh (all of it the first time)."""
        started = time.perf_counter()
        result = RefreshResult()
        self.sync_memory()
        known = {path: (pid, stamp) for pid, path, stamp in self.db().execute("SELECT id, path, stamp FROM posts")}
        todo: list[tuple[Path, str, str]] = []
        present = set()
        for path in iter_post_paths(self.posts_dir):
            rel = path.relative_to(self.posts_dir).as_posix()
            present.add(rel)
            try:
                st = path.stat()
            except OSError:
                continue
            stamp = f"{st.st_mtime_ns}:{st.st_size}"
            if rel in known and known[rel][1] == stamp:
                result.unchanged += 1
                continue
            todo.append((path, rel, stamp))
        gone = [known[rel][0] for rel in known if rel not in present]
        with self.write_lock:
            db = self.db()
            with db:
                for pid in gone:
                    self._drop_sentences(db, pid)
                    db.execute("DELETE FROM posts WHERE id = ?", (pid,))
            result.removed = len(gone)
            read = _read_all([path for path, _, _ in todo])
            for start in range(0, len(todo), COMMIT_POSTS):
                with db:
                    for _, rel, stamp in todo[start:start + COMMIT_POSTS]:
                        failure = self._index_post(db, next(read), rel, stamp, known.get(rel, (None, ""))[0])
                        if failure:
                            result.failed.append((rel, failure))
                        elif rel in known:
                            result.changed += 1
                        else:
                            result.added += 1
                if progress:
                    progress(min(start + COMMIT_POSTS, len(todo)), len(todo))
        if todo or gone:
            self._generation += 1
        result.seconds = time.perf_counter() - started
        return result

    def _index_post(self, db: sqlite3.Connection, read: ReadPost | str, rel: str, stamp: str,
                    pid: int | None) -> str:
        """(Re)index one post (as read_for_index read it); returns its problem ('' when it was read)."""
        if pid is not None:
            self._drop_sentences(db, pid)
        if isinstance(read, str):  # a post that cannot be read is listed as such, the others are served
            self._upsert_post(db, pid, rel, stamp, {"failure": read})
            return read
        pid = self._upsert_post(db, pid, rel, stamp, read.fields)
        db.executemany("INSERT INTO blocks (post_id, n, kind, level) VALUES (?, ?, ?, ?)",
                       [(pid, n, kind, level) for n, kind, level, _ in read.blocks])
        rows = []
        for n, _, _, sentences in read.blocks:
            for seq, (original, source) in enumerate(sentences):
                current = self.current(source, original, db)
                rows.append((pid, n, seq, original, source, current.translation, current.origin, current.flag,
                             read.fields["date"], read.fields["outlet"]))
        next_id = first_id(dt.date.fromisoformat(read.fields["date"]) if read.fields["date"] else None, db)
        for row in rows:
            db.execute(
                "INSERT INTO sentences (id, post_id, block, seq, original, source, translation, origin, flag, date, "
                "outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (next_id, *row))
            db.execute("INSERT INTO zh_fts (rowid, source) VALUES (?, ?)", (next_id, row[4]))
            db.execute("INSERT INTO zh2_fts (rowid, pairs) VALUES (?, ?)", (next_id, pairs_text(row[4])))
            db.execute("INSERT INTO en_fts (rowid, translation) VALUES (?, ?)", (next_id, row[5]))
            next_id += 1
        return ""

    def _upsert_post(self, db: sqlite3.Connection, pid: int | None, rel: str, stamp: str,
                     fields: dict[str, str]) -> int:
        columns = ["path", "stamp", *fields]
        values = [rel, stamp, *fields.values()]
        if pid is None:
            cursor = db.execute(f"INSERT INTO posts ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                                values)
            assert cursor.lastrowid is not None
            return cursor.lastrowid
        db.execute(f"UPDATE posts SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?", [*values, pid])
        return pid

    def _drop_sentences(self, db: sqlite3.Connection, pid: int) -> None:
        for sid, source, translation in db.execute(
                "SELECT id, source, translation FROM sentences WHERE post_id = ?", (pid,)).fetchall():
            db.execute("INSERT INTO zh_fts (zh_fts, rowid, source) VALUES ('delete', ?, ?)", (sid, source))
            db.execute("INSERT INTO zh2_fts (zh2_fts, rowid, pairs) VALUES ('delete', ?, ?)", (sid, pairs_text(source)))
            db.execute("INSERT INTO en_fts (en_fts, rowid, translation) VALUES ('delete', ?, ?)", (sid, translation))
        db.execute("DELETE FROM sentences WHERE post_id = ?", (pid,))
        db.execute("DELETE FROM blocks WHERE post_id = ?", (pid,))

    def current(self, source: str, original: str = "", db: sqlite3.Connection | None = None) -> Current:
        """What a source sentence shows now: its human translation, else its newest machine translation."""
        db = db or self.db()
        if not has_han(source):
            return Current(original or source, "passthrough")
        human = db.execute("SELECT translation, author, note FROM human WHERE source = ?", (source,)).fetchone()
        if human:
            return Current(human[0], HUMAN, "", human[1], human[2])
        machine = db.execute("SELECT translation, origin, ok FROM machine WHERE source = ?", (source,)).fetchone()
        if not machine:
            return Current("", "")
        translation, origin, ok = machine
        if not ok:
            return Current(translation, "flagged", "flagged: the model's output failed quality checks")
        found = doubts(source, translation)
        if origin == "annotated":
            found.append("glossary terms added in brackets")
        return Current(translation, origin, f"doubtful: {', '.join(found)}" if found else "")

    def sync_memory(self) -> int:
        """Take in the translations stored in the memory since the last sync; returns sentences re-indexed."""
        with self.write_lock:
            db = self.db()
            changed: set[str] = set()
            with db:
                mark = int(self._meta("machine_rowid", "0"))
                top = mark
                for row in self.memory.machine_since(mark):
                    top = max(top, row.rowid)
                    if row.ok:  # the newest usable translation wins; a flagged one only where there is none
                        db.execute("INSERT OR REPLACE INTO machine (source, translation, origin, ok) "
                                   "VALUES (?, ?, ?, 1)", (row.source, row.translation, row.origin))
                    else:
                        db.execute("INSERT OR IGNORE INTO machine (source, translation, origin, ok) "
                                   "VALUES (?, ?, ?, 0)", (row.source, row.translation, row.origin))
                    changed.add(row.source)
                self._set_meta(db, "machine_rowid", str(top))
                mark = int(self._meta("human_rowid", "0"))
                top = mark
                for h in self.memory.humans_since(mark):
                    top = max(top, h.rowid)
                    db.execute("INSERT OR REPLACE INTO human (source, translation, author, created, note) "
                               "VALUES (?, ?, ?, ?, ?)", (h.source, h.translation, h.author, h.created, h.note))
                    changed.add(h.source)
                self._set_meta(db, "human_rowid", str(top))
                count = self._reindex_sources(db, changed)
                self._generation += bool(count)
                return count

    def _reindex_sources(self, db: sqlite3.Connection, sources: Iterable[str]) -> int:
        count = 0
        for source in sources:
            rows = db.execute("SELECT id, original, translation, origin, flag FROM sentences WHERE source = ?",
                              (source,)).fetchall()
            for sid, original, old, origin, flag in rows:
                now = self.current(source, original, db)
                if (now.translation, now.origin, now.flag) == (old, origin, flag):
                    continue
                db.execute("INSERT INTO en_fts (en_fts, rowid, translation) VALUES ('delete', ?, ?)", (sid, old))
                db.execute("UPDATE sentences SET translation = ?, origin = ?, flag = ? WHERE id = ?",
                           (now.translation, now.origin, now.flag, sid))
                db.execute("INSERT INTO en_fts (rowid, translation) VALUES (?, ?)", (sid, now.translation))
                count += 1
        return count

    def set_human(self, db: sqlite3.Connection, source: str, translation: str | None, author: str = "",
                  note: str = "") -> None:
        """The index's copy of a human translation written (or, with None, deleted) by this process."""
        if translation is None:
            db.execute("DELETE FROM human WHERE source = ?", (source,))
        else:
            db.execute("INSERT OR REPLACE INTO human (source, translation, author, created, note) "
                       "VALUES (?, ?, ?, datetime('now'), ?)", (source, translation, author, note))
        self._reindex_sources(db, [source])
        self._generation += 1

    def _cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """compute(), computed again only after the index changed (whole-archive counts cost ~10 ms at 20,000
        posts, and every page shows some)."""
        generation = self._generation
        found = self._cache.get(key)
        if found is None or found[0] != generation:
            found = (generation, compute())
            self._cache[key] = found
        return found[1]

    # reading ----------------------------------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        return self._cached("stats", self._stats)

    def _stats(self) -> dict[str, int]:
        db = self.db()
        return {
            "posts": db.execute("SELECT COUNT(*) FROM posts WHERE failure = ''").fetchone()[0],
            "failed": db.execute("SELECT COUNT(*) FROM posts WHERE failure != ''").fetchone()[0],
            "sentences": db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0],
            "human": db.execute("SELECT COUNT(*) FROM sentences WHERE origin = 'human'").fetchone()[0],
            "queue": db.execute("SELECT COUNT(DISTINCT source) FROM sentences WHERE flag != ''").fetchone()[0],
        }

    def months(self) -> list[tuple[str, int]]:
        """(YYYY-MM or '' for undated, posts), oldest first, undated last."""
        return self._cached("months", self._months)

    def _months(self) -> list[tuple[str, int]]:
        rows = self.db().execute("SELECT month, COUNT(*) FROM posts WHERE failure = '' GROUP BY month "
                                 "ORDER BY month = '', month").fetchall()
        return [(m, n) for m, n in rows]

    def outlets(self) -> list[tuple[str, int]]:
        return self._cached("outlets", lambda: [(o, n) for o, n in self.db().execute(
            "SELECT outlet, COUNT(*) FROM posts WHERE failure = '' GROUP BY outlet ORDER BY outlet COLLATE NOCASE")])

    def failures(self) -> list[tuple[str, str]]:
        return [(p, f) for p, f in self.db().execute("SELECT path, failure FROM posts WHERE failure != '' "
                                                     "ORDER BY path")]

    _POST_COLUMNS = ("p.id, p.path, p.title, (SELECT group_concat(translation, ' ') FROM (SELECT translation "
                     "FROM sentences WHERE post_id = p.id AND block = 0 ORDER BY seq)), p.date, p.outlet")

    def listing(self, *, month: str | None = None, outlet: str | None = None, page: int = 1
                ) -> tuple[int, list[PostRow]]:
        """(posts in the month or outlet, one page of them in date order)."""
        column, value = ("month", month) if month is not None else ("outlet", outlet)
        db = self.db()
        total = db.execute(f"SELECT COUNT(*) FROM posts WHERE failure = '' AND {column} = ?", (value,)).fetchone()[0]
        rows = db.execute(f"SELECT {self._POST_COLUMNS} FROM posts p WHERE failure = '' AND {column} = ? "
                          "ORDER BY p.date, p.id LIMIT ? OFFSET ?", (value, PAGE_POSTS, (page - 1) * PAGE_POSTS))
        return total, [_post_row(r) for r in rows]

    def post(self, pid: int) -> PostView | None:
        db = self.db()
        row = db.execute(f"SELECT {self._POST_COLUMNS}, p.author, p.source_url, p.tags, p.script FROM posts p "
                         "WHERE p.id = ? AND p.failure = ''", (pid,)).fetchone()
        if row is None:
            return None
        blocks = {n: BlockView(n, kind, level, []) for n, kind, level in db.execute(
            "SELECT n, kind, level FROM blocks WHERE post_id = ? ORDER BY n", (pid,))}
        for s in self._sentences("WHERE post_id = ? ORDER BY block, seq", (pid,)):
            blocks[s.block].sentences.append(s)
        post = _post_row(row)
        view = PostView(post, row[6], row[7], json.loads(row[8]), row[9], list(blocks.values()))
        before = db.execute("SELECT id FROM posts WHERE failure = '' AND (date, id) < (?, ?) "
                            "ORDER BY date DESC, id DESC LIMIT 1", (post.date, pid)).fetchone()
        after = db.execute("SELECT id FROM posts WHERE failure = '' AND (date, id) > (?, ?) "
                           "ORDER BY date, id LIMIT 1", (post.date, pid)).fetchone()
        view.previous, view.next = (before[0] if before else None), (after[0] if after else None)
        return view

    def _sentences(self, where: str, params: tuple) -> list[Sentence]:
        return [Sentence(*r) for r in self.db().execute(
            "SELECT id, post_id, block, seq, original, source, translation, origin, flag FROM sentences " + where,
            params)]

    def sentence(self, sid: int) -> Sentence | None:
        found = self._sentences("WHERE id = ?", (sid,))
        return found[0] if found else None

    def sentence_of_source(self, source: str) -> Sentence | None:
        found = self._sentences("WHERE source = ? LIMIT 1", (source,))
        return found[0] if found else None

    def occurrences(self, source: str) -> list[PostRow]:
        rows = self.db().execute(f"SELECT DISTINCT {self._POST_COLUMNS} FROM posts p JOIN sentences s "
                                 "ON s.post_id = p.id WHERE s.source = ? ORDER BY p.date, p.id LIMIT 50", (source,))
        return [_post_row(r) for r in rows]

    def post_row(self, pid: int) -> PostRow | None:
        r = self.db().execute(f"SELECT {self._POST_COLUMNS} FROM posts p WHERE p.id = ?", (pid,)).fetchone()
        return _post_row(r) if r else None

    def search(self, query: searching.Query, *, outlet: str = "", date_from: str = "", date_to: str = "",
               page: int = 1, page_size: int = PAGE_HITS) -> tuple[int, list[Hit]]:
        """(matching sentence occurrences, one page of them, newest posts first)."""
        if query.empty:
            return 0, []
        select, params = self._matching(query, outlet, date_from, date_to)
        db = self.db()
        total = db.execute(f"SELECT COUNT(*) FROM ({select})", params).fetchone()[0]
        ids = [r[0] for r in db.execute(f"{select} DESC LIMIT ? OFFSET ?",
                                        [*params, page_size, (page - 1) * page_size])]
        found = {s.id: s for s in self._sentences(f"WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))}
        sentences = [found[i] for i in ids]
        english: dict[int, str] = {}
        if (en := query.en_match()) and sentences:
            marks = ",".join("?" * len(sentences))
            english = dict(db.execute(
                f"SELECT rowid, highlight(en_fts, 0, ?, ?) FROM en_fts WHERE en_fts MATCH ? AND rowid IN ({marks})",
                [searching.MARK_OPEN, searching.MARK_CLOSE, en, *(s.id for s in sentences)]).fetchall())
        posts = {pid: self.post_row(pid) for pid in {s.post_id for s in sentences}}
        hits = []
        for s in sentences:
            post = posts[s.post_id]
            assert post is not None
            hits.append(Hit(s, post, searching.mark_chinese(s.original, s.source, query.chinese),
                            english.get(s.id, s.translation)))
        return total, hits

    @staticmethod
    def _matching(query: searching.Query, outlet: str, date_from: str, date_to: str) -> tuple[str, list]:
        """A SELECT of the matching sentence ids that ends in ORDER BY id (the caller adds the direction). One
        full-text index drives it, in id order, so a page of a common word's hits needs no sort."""
        indexes = [(table, expr) for table, expr in (
            ("zh_fts", query.zh_match()), ("zh2_fts", query.zh_pairs()), ("en_fts", query.en_match())) if expr]
        where: list[str] = []
        params: list = []
        if indexes:
            driver, expr = indexes[0]
            column = f"{driver}.rowid"
            where.append(f"{driver} MATCH ?")
            params.append(expr)
            source = driver
        else:
            column, source = "s.id", "sentences s"
        for table, expr in indexes[1:]:
            where.append(f"{column} IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
            params.append(expr)
        if date_from:
            where.append(f"{column} >= ?")
            params.append(day_range(dt.date.fromisoformat(date_from))[0])
        if date_to:
            where.append(f"{column} < ? AND {column} >= ?")
            params += [day_range(dt.date.fromisoformat(date_to))[1], day_range(dt.date(1, 1, 1))[0]]
        likes = query.zh_like()
        if (likes or outlet) and indexes:
            source += f" JOIN sentences s ON s.id = {column}"
        for pattern in likes:
            where.append("s.source LIKE ? ESCAPE '\\'")
            params.append(pattern)
        if outlet:
            where.append("s.outlet = ?")
            params.append(outlet)
        return f"SELECT {column} FROM {source} WHERE {' AND '.join(where)} ORDER BY {column}", params

    @staticmethod
    def _conditions(query: searching.Query, outlet: str, date_from: str, date_to: str) -> tuple[str, list[str]]:
        where, params = [], []
        if zh := query.zh_match():
            where.append("s.id IN (SELECT rowid FROM zh_fts WHERE zh_fts MATCH ?)")
            params.append(zh)
        if pairs := query.zh_pairs():
            where.append("s.id IN (SELECT rowid FROM zh2_fts WHERE zh2_fts MATCH ?)")
            params.append(pairs)
        for pattern in query.zh_like():
            where.append("s.source LIKE ? ESCAPE '\\'")
            params.append(pattern)
        if en := query.en_match():
            where.append("s.id IN (SELECT rowid FROM en_fts WHERE en_fts MATCH ?)")
            params.append(en)
        if outlet:
            where.append("s.outlet = ?")
            params.append(outlet)
        if date_from:
            where.append("s.date >= ?")
            params.append(date_from)
        if date_to:
            where.append("s.date <= ? AND s.date != ''")
            params.append(date_to)
        return " AND ".join(where), params

    def containing(self, term: str, limit: int = 2000) -> list[tuple[Sentence, int]]:
        """Distinct source sentences holding a (normalised) Chinese term, with how many times each occurs."""
        query = searching.Query(chinese=[term])
        where, params = self._conditions(query, "", "", "")
        rows = self.db().execute(
            "SELECT MIN(s.id), s.post_id, s.block, s.seq, s.original, s.source, s.translation, s.origin, s.flag, "
            f"COUNT(*) FROM sentences s WHERE {where} GROUP BY s.source LIMIT ?", [*params, limit]).fetchall()
        return [(Sentence(*r[:9]), r[9]) for r in rows]

    def queue(self, page: int = 1) -> tuple[int, list[tuple[Sentence, int]]]:
        """Flagged and doubtful sentences (flagged first), one row per source sentence."""
        db = self.db()
        total = db.execute("SELECT COUNT(DISTINCT source) FROM sentences WHERE flag != ''").fetchone()[0]
        rows = db.execute(
            "SELECT MIN(id), post_id, block, seq, original, source, translation, origin, flag, COUNT(*) "
            "FROM sentences WHERE flag != '' GROUP BY source ORDER BY flag NOT LIKE 'flagged%', MIN(id) "
            "LIMIT ? OFFSET ?", (PAGE_ROWS, (page - 1) * PAGE_ROWS)).fetchall()
        return total, [(Sentence(*r[:9]), r[9]) for r in rows]

    # history ------------------------------------------------------------------------------------------------------
    def history(self, source: str) -> list[Edit]:
        return [Edit(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], bool(r[8])) for r in self.db().execute(
            "SELECT id, source, before, before_origin, after, author, note, created, undone FROM edits "
            "WHERE source = ? ORDER BY id DESC", (source,))]

    def size_bytes(self) -> int:
        return sum(p.stat().st_size for p in self.path.parent.glob(self.path.name + "*") if p.is_file())



def _post_row(r: tuple) -> PostRow:
    return PostRow(r[0], r[1], r[2], r[3] or "", r[4], r[5])
