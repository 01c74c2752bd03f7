"""Ingest: read a post file (front matter + scraped HTML or Markdown body) into a Post of ordered Blocks."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bilingual import clean, script
from bilingual.clean import Block
from bilingual.errors import BilingualError, one_line

POST_SUFFIXES = (".md", ".markdown", ".html", ".htm")


class PostError(BilingualError):
    """A post that cannot be read; the message is one line naming the problem (the caller adds the file)."""


@dataclass
class Post:
    path: Path
    title: str
    date: dt.datetime | None
    author: str = ""
    source_url: str = ""
    tags: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    script: str = "simplified"  # script of the original text: simplified | traditional
    notes: list[str] = field(default_factory=list)  # what a reader of the report should know (not failures)



def iter_post_paths(folder: Path, skip: Iterable[Path] = ()) -> Iterator[Path]:
    """Post files below folder, in a stable (sorted) order so slugs and outputs are reproducible. Hidden
    folders, the folders in skip (the run's --out) and any folder holding a bilingual edition (its pages are
    .html files too) are not read."""
    folder = Path(folder)
    if folder.is_file():
        yield folder
        return
    from bilingual.manifest import is_edition

    skipped = {Path(p).resolve() for p in skip}
    found = []
    for parent, dirs, files in os.walk(folder):
        here = Path(parent)
        dirs[:] = [d for d in dirs if not d.startswith(".") and (here / d).resolve() not in skipped
                   and not is_edition(here / d)]
        for name in files:
            if (not name.startswith(".") and Path(name).suffix.lower() in POST_SUFFIXES
                    and name.upper() not in ("README.MD", "SOURCES.MD")):
                found.append(here / name)
    yield from sorted(found)


def read_text(path: Path) -> str:
    """Decode a post file: UTF-8 first, then GB18030/Big5 when the bytes say so with confidence."""
    raw = path.read_bytes()
    if not raw.strip():
        raise PostError("file is empty")
    if b"\x00" in raw[:8192]:
        raise PostError("not a text file (binary content)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=["gb18030", "big5", "utf_16", "cp1252"]).best()
    if best is None or best.encoding not in ("gb18030", "big5", "utf_16"):
        raise PostError("not UTF-8, and the encoding could not be determined with confidence")
    return str(best)


_STAMP = re.compile(r"\A\s*<!--\s*\d{10,}\s*-->\s*")
_TITLE_LINK = re.compile(r"\A\s*\[(?P<title>[^\n]+?)\]\((?P<url>[^)\s]+)\)\s*\n\s*-{3,}\s*\n")
_DATE_LINE = re.compile(r"\A\s*日期[:：]\s*(?P<date>[^\n]+)\n")
_FILENAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})-")


def read_post(path: Path) -> Post:
    """Read one post file. Raises PostError (one line) when the file cannot be a post."""
    path = Path(path)
    metadata, body = _front_matter(read_text(path))
    body, link_title, link_url, date_text = _scraper_header(body)
    notes: list[str] = []
    title = _as_text(metadata.get("title")) or link_title
    if not title:
        title = _title_from_file_name(path)
        if not title:
            raise PostError("no title (neither a front-matter title nor a [title](url) line)")
        notes.append("no title in the post: taken from the file name, as Jekyll does")
    date = parse_date(metadata.get("date"), path)
    if date is None and date_text:
        date = parse_date(date_text, path)
    if date is None and metadata.get("date") is None:
        match = _FILENAME_DATE.match(path.name.strip())
        if match:
            date = parse_date(match[1], path)
    source_url = (
        _as_text(metadata.get("from"))
        or _as_text(metadata.get("original_url"))
        or _as_text(metadata.get("url"))
        or _as_text(metadata.get("source"))
        or link_url
    )
    blocks = clean.body_to_blocks(body)
    blocks = [b for b in blocks if not (b.kind == "heading" and _same_text(b.text, title))]
    if not blocks:
        raise PostError("no readable text in the body")
    return Post(
        path=path,
        title=title,
        date=date,
        author=_as_text(metadata.get("author")),
        source_url=source_url,
        tags=_as_list(metadata.get("tags")),
        blocks=blocks,
        script=script.detect_script(title + "".join(b.text for b in blocks[:20])),
        notes=notes,
    )


def _front_matter(text: str) -> tuple[dict, str]:
    """(metadata, body). python-frontmatter's parse() turns non-mapping YAML into {} silently, so we split and
    load ourselves."""
    import frontmatter
    import yaml

    handler = frontmatter.YAMLHandler()
    try:
        if not handler.detect(text):
            return {}, text
        raw_meta, body = handler.split(text)
        metadata = handler.load(raw_meta) if raw_meta.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise PostError(f"front matter is not valid YAML{where}") from None
    except ValueError as exc:
        raise PostError(f"front matter could not be read: {one_line(str(exc))[:200] or type(exc).__name__}") from None
    if metadata is None:
        return {}, body
    if not isinstance(metadata, dict):
        raise PostError("front matter is not a mapping of keys to values")
    return metadata, body


def _scraper_header(body: str) -> tuple[str, str, str, str]:
    """(body, title, url, date text): what scrapers put above the article — a timestamp comment, the title as
    a link over a rule, a 日期: line — is metadata, not content."""
    body = _STAMP.sub("", body, count=1)
    link_title, link_url, date_text = "", "", ""
    match = _TITLE_LINK.match(body)
    if match:
        link_title, link_url = match["title"].strip(), match["url"].strip()
        body = body[match.end():]
    match = _DATE_LINE.match(body)
    if match:
        date_text = match["date"].strip()
        body = body[match.end():]
    return body, link_title, link_url, date_text


def _title_from_file_name(path: Path) -> str:
    """Jekyll's rule for a post named YYYY-MM-DD-title.md: the title is the rest of the name. Only such
    names: any other file without a title is not a post."""
    match = _FILENAME_DATE.match(path.name.strip())
    if not match:
        return ""
    return re.sub(r"[-_\s]+", " ", path.stem.strip()[match.end():]).strip()


def parse_date(value: object, path: Path) -> dt.datetime | None:
    """Front-matter dates come as datetime, date or strings in several shapes; anything else is an error."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(dt.UTC).replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    text = str(value).strip()
    for parse in (_iso, _rfc2822):
        parsed = parse(text)
        if parsed is not None:
            return parsed
    raise PostError(f"date {text[:40]!r} is not a date")


def _iso(text: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is None else parsed.astimezone(dt.UTC).replace(tzinfo=None)


def _rfc2822(text: str) -> dt.datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed if parsed.tzinfo is None else parsed.astimezone(dt.UTC).replace(tzinfo=None)


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_as_text(v) for v in value if v is not None)
    return re.sub(r"\s+", " ", str(value)).strip()


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else re.split(r"[,，]", str(value))
    return [t for t in (_as_text(v) for v in items) if t]


def _same_text(a: str, b: str) -> bool:
    squash = re.compile(r"[\s\u3000]+")
    return squash.sub("", a) == squash.sub("", b)


@dataclass(frozen=True)
class Failure:
    file: str
    error: str

    def line(self) -> str:
        return f"{self.file}: {self.error}"


def read_posts(paths: Sequence[Path], root: Path, fail_fast: bool = False) -> tuple[list[Post], list[Failure]]:
    """The posts that could be read, and a Failure (file, one-line problem) for each that could not."""
    posts: list[Post] = []
    failures: list[Failure] = []
    for path in paths:
        try:
            posts.append(read_post(path))
            continue
        except PostError as exc:
            error = str(exc)
        except Exception as exc:  # a bug or an unforeseen input: report it, keep going with the other posts
            error = f"could not be read ({type(exc).__name__}: {exc})"
        failures.append(Failure(relative_name(path, root), one_line(error)))
        if fail_fast:
            break
    return posts, failures


def relative_name(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        return str(path)
