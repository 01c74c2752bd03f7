"""EPUB 3 (ebooklib): a chapter per post in date order, each paragraph followed by its translation.

Pairing never relies on tables or floats: readers that drop publisher styles still show original, then
translation. Navigation document and NCX both present.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from pathlib import Path

from bilingual.edition import TranslatedPost
from bilingual.export import esc, safe_href
from bilingual.files import atomic_write, slugify

EPUB_CSS = """
body { line-height: 1.55; }
h1 { font-size: 1.35em; margin: 0 0 .2em; }
p.translated-title { font-size: 1.1em; font-style: italic; margin: 0 0 .6em; }
p.facts { font-size: .85em; color: #444; margin: .1em 0; }
a, p.facts { overflow-wrap: break-word; word-wrap: break-word; word-break: break-all; }
.original { color: #4a4a4a; margin: 1em 0 .2em; }
.translation { margin: 0 0 .3em; }
h2.original, h2.translation { font-size: 1.1em; }
.quote { margin-left: 1.2em; }
.caption { font-size: .9em; }
"""


def file_stem(title: str) -> str:
    return slugify(title.replace("—", "-")) or "bilingual"


def book_identifier(title: str) -> str:
    """Stable across re-exports of the same title, so a device updates the book instead of adding one."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bilingual:' + title)}"


def write_epub(path: Path, posts: list[TranslatedPost], title: str) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(book_identifier(title))
    book.set_title(title)
    book.set_language("en")
    book.add_metadata("DC", "language", "zh")
    book.add_metadata("DC", "contributor", "bilingual (offline machine translation, Argos Translate / OPUS-MT)")
    dates = [p.date for p in posts if p.date]
    if dates:
        book.add_metadata("DC", "date", max(dates).strftime("%Y-%m-%d"))
    for source in sorted({p.author for p in posts if p.author}):
        book.add_metadata("DC", "source", source)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=EPUB_CSS)
    book.add_item(style)

    chapters = []
    for number, post in enumerate(posts, start=1):
        chapter = epub.EpubHtml(
            title=f"{post.title} — {post.translated_title}",
            file_name=f"chapter-{number:05d}.xhtml",
            lang="en",
        )
        chapter.content = render_chapter(post)
        chapter.add_item(style)
        book.add_item(chapter)
        chapters.append(chapter)
    book.toc = chapters
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", *chapters]

    buffer = io.BytesIO()
    # dcterms:modified from the newest post, not the clock, so the same folder gives the same bytes
    modified = max(dates) if dates else dt.datetime(2000, 1, 1)
    epub.write_epub(buffer, book, {"mtime": modified})
    atomic_write(path, _fixed_zip_times(buffer.getvalue()))


def _fixed_zip_times(data: bytes) -> bytes:
    """Rewrite the archive with a constant timestamp on every entry (ebooklib stamps the current time)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render_chapter(post: TranslatedPost) -> str:
    lang = post.lang
    parts = [
        f'<h1 class="original" lang="{lang}" xml:lang="{lang}">{esc(post.title)}</h1>',
        f'<p class="translated-title translation" lang="en">{esc(post.translated_title)}</p>',
    ]
    facts = []
    if post.date_text:
        facts.append(esc(post.date_text))
    if post.author:
        facts.append(f'<span lang="{lang}" xml:lang="{lang}">{esc(post.author)}</span>')
    if facts:
        parts.append(f'<p class="facts">{" · ".join(facts)}</p>')
    href = safe_href(post.source_url)
    if href:
        parts.append(f'<p class="facts"><a href="{esc(href)}">{esc(href)}</a></p>')
    for pair in post.pairs:
        tag = "h2" if pair.kind == "heading" else "p"
        parts.append(
            f'<{tag} class="original {pair.kind}" lang="{lang}" xml:lang="{lang}">{esc(pair.original)}</{tag}>'
        )
        parts.append(f'<{tag} class="translation {pair.kind}" lang="en">{esc(pair.translation)}</{tag}>')
    return "\n".join(parts)
