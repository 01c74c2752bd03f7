"""EPUB 3 (ebooklib): a chapter per post in date order, each paragraph followed by its translation.

Pairing never relies on tables or floats: readers that drop publisher styles still show original, then
translation. Navigation document and NCX both present.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import uuid
import zipfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from bilingual.edition import EditionPost, group_posts, group_title, source_label
from bilingual.export import display_url, esc, render_body, safe_href
from bilingual.files import atomic_writer, slugify
from bilingual.options import Grouping, Layout

EPUB_CSS = """
body { line-height: 1.55; }
h1 { font-size: 1.35em; margin: 0 0 .2em; }
p.translated-title { font-size: 1.1em; font-style: italic; margin: 0 0 .6em; }
p.original-title { font-size: .95em; margin: 0 0 .6em; }
p.facts { font-size: .85em; color: #444; margin: .1em 0; }
a, p.facts { overflow-wrap: break-word; word-wrap: break-word; word-break: break-all; }
/* The original is dimmed by colour, not opacity (e-ink renders opacity as mush). */
.original { color: #4a4a4a; margin: 1em 0 .2em; }
.original, .translation { overflow-wrap: break-word; word-wrap: break-word; }
.translation { margin: 0 0 .3em; }
h2.original, h2.translation, h3.original, h3.translation { font-size: 1.1em; }
h2.part-label { font-size: 1em; text-transform: uppercase; letter-spacing: .05em; margin-top: 1.5em; }
.quote { margin-left: 1.2em; }
/* side-by-side only where the reader supports grid and the screen is wide; otherwise stacked pairs */
@supports (display: grid) {
  @media (min-width: 40em) {
    .side-by-side .pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); column-gap: 1em; }
    .side-by-side .pair > * { margin: .3em 0; }
  }
}
.caption { font-size: .9em; }
/* No font is embedded: the reader's own CJK font is chosen by language, with common names as hints. */
:lang(zh-Hans) { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", serif; }
:lang(zh-Hant) { font-family: "Noto Serif CJK TC", "Source Han Serif TC", "Songti TC", "PMingLiU", serif; }
h1.book-title { font-size: 1.5em; margin: .5em 0 .5em; }
p.book-span { font-size: 1em; margin: .2em 0; }
p.colophon { font-size: .8em; margin-top: 1.5em; }
h1.part { font-size: 1.6em; margin-top: 3em; text-align: center; }
ol.contents { padding-left: 1.5em; }
ol.contents li { margin: 0 0 .7em; }
ol.contents .date { font-size: .85em; color: #444; }
ol.contents .translated-title { font-style: italic; font-size: .9em; }
.reviewed { border-left: 2px solid #444; padding-left: .3em; }
.doubtful { text-decoration: underline dotted; }
"""


def file_stem(title: str) -> str:
    return slugify(title.replace("—", "-")) or "bilingual"


def book_identifier(title: str) -> str:
    """Stable across re-exports of the same title, so a device updates the book instead of adding one."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'bilingual:' + title)}"


def write_epub(
    path: Path,
    posts: Sequence[EditionPost],
    title: str,
    layout: Layout = Layout.INTERLEAVED,
    group_by: Grouping = Grouping.NONE,
) -> None:
    """One EPUB of the posts (in reading order): cover, title page, contents with both titles, a chapter per
    post; with group_by month|source, a part page opens each group and the table of contents nests by part."""
    from ebooklib import epub

    groups = group_posts(posts, group_by)
    book = epub.EpubBook()
    book.set_identifier(book_identifier(title))
    book.set_title(title)
    book.set_language("en")
    book.add_metadata("DC", "language", "zh")
    book.add_metadata("DC", "contributor", "bilingual (offline machine translation, Argos Translate / OPUS-MT)")
    dates = [p.date for p in posts if p.date]
    if dates:
        book.add_metadata("DC", "date", max(dates).strftime("%Y-%m-%d"))
    sources = sorted({source_label(p) for p in posts})
    for source in sources:
        book.add_metadata("DC", "source", source)
    first = min(dates).strftime("%Y-%m-%d") if dates else ""
    last = max(dates).strftime("%Y-%m-%d") if dates else ""
    book.set_cover("cover.png", cover_png(title, first, last, len(posts)), create_page=True)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=EPUB_CSS)
    book.add_item(style)

    def page(uid: str, file_name: str, page_title: str, content: str, lang: str = "en"):
        item = epub.EpubHtml(uid=uid, title=page_title, file_name=file_name, lang=lang)
        item.content = content
        item.add_item(style)
        book.add_item(item)
        return item

    # chapter files numbered in reading order (the contents page links to them before they are made)
    chapter_files = {id(post): f"chapter-{n:05d}.xhtml"
                     for n, post in enumerate((p for _, members in groups for p in members), start=1)}
    title_page = page("title-page", "title.xhtml", title, render_title_page(title, first, last, len(posts), sources))
    contents = page("contents", "contents.xhtml", "Contents",
                    render_contents(groups, group_by, chapter_files, layout == Layout.TRANSLATION_ONLY))
    cover_page = book.get_item_with_id("cover")
    cover_page.is_linear = True  # ebooklib makes it non-linear, which needs a link to it; readers open on it
    spine, toc = [cover_page, title_page, contents], [epub.Link("contents.xhtml", "Contents", "contents-link")]
    for number, (key, members) in enumerate(groups, start=1):
        chapters = []
        for post in members:
            file_name = chapter_files[id(post)]
            # rendered only when ebooklib writes it, so the book never holds every chapter at once
            chapter = lazy_chapter(partial(render_chapter, post, layout), uid=file_name.removesuffix(".xhtml"),
                                   title=chapter_title(post, layout), file_name=file_name, lang="en")
            chapter.add_item(style)
            book.add_item(chapter)
            chapters.append(chapter)
        if group_by == Grouping.NONE:
            spine += chapters
            toc += chapters
            continue
        label = group_title(key, group_by)
        part = page(f"part-{number:03d}", f"part-{number:03d}.xhtml", label,
                    f'<h1 class="part">{esc(label)}</h1>\n<p class="facts">{_posts_count(len(members))}</p>')
        spine += [part, *chapters]
        toc.append((epub.Section(label, href=part.file_name), chapters))
    book.toc = toc
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = spine
    book.guide = [{"type": "toc", "title": "Contents", "href": "contents.xhtml"}]

    # dcterms:modified from the newest post, not the clock, so the same folder gives the same bytes
    modified = max(dates) if dates else dt.datetime(2000, 1, 1)
    with tempfile.TemporaryDirectory(prefix="bilingual-epub-") as tmp:
        draft = Path(tmp) / "draft.epub"
        epub.write_epub(str(draft), book, {"mtime": modified})
        with atomic_writer(path) as out:
            _copy_with_fixed_times(draft, out)


def lazy_chapter(render, **options):
    """An ebooklib chapter whose XHTML body is rendered each time ebooklib asks for it."""
    from ebooklib import epub

    class LazyChapter(epub.EpubHtml):
        content = property(lambda self: render(), lambda self, value: None)

    return LazyChapter(**options)


def _posts_count(count: int) -> str:
    return f"{count} post{'s' if count != 1 else ''}"


def render_title_page(title: str, first: str, last: str, count: int, sources: list[str]) -> str:
    span = f"{first} – {last}" if first and first != last else first
    parts = [f'<h1 class="book-title">{esc(title)}</h1>']
    if span:
        parts.append(f'<p class="book-span">{esc(span)}</p>')
    parts.append(f'<p class="book-span">{_posts_count(count)} · Chinese original with English translation</p>')
    if sources:
        shown = ", ".join(f'<span lang="zh" xml:lang="zh">{esc(s)}</span>' for s in sources[:12])
        more = f" and {len(sources) - 12} more" if len(sources) > 12 else ""
        parts.append(f'<p class="facts">Sources: {shown}{more}</p>')
    parts.append(
        '<p class="colophon">Each paragraph is followed by its English machine translation, made offline '
        "(Argos Translate zh→en, OPUS-MT, CC-BY 4.0). The original is authoritative.</p>"
    )
    return "\n".join(parts)


def render_contents(
    groups: Sequence[tuple[str, Sequence[EditionPost]]], group_by: Grouping, chapter_files: dict[int, str],
    english_first: bool = False,
) -> str:
    """The contents page: per post the original title, the translated title and the date (with english_first,
    the translated title links and the original follows)."""
    parts = ['<h1>Contents</h1>']
    for key, members in groups:
        if group_by != "none":
            parts.append(f'<h2 class="part">{esc(group_title(key, group_by))}</h2>')
        parts.append('<ol class="contents">')
        for post in members:
            date = f'<span class="date">{esc(post.date_text)}</span> ' if post.date_text else ""
            original = f'<span lang="{post.lang}" xml:lang="{post.lang}">{esc(post.title)}</span>'
            english = f'<span class="translated-title">{esc(post.translated_title)}</span>'
            first, second = (english, original) if english_first else (original, english)
            parts.append(f'<li><a href="{chapter_files[id(post)]}">{first}</a><br/>{date}{second}</li>')
        parts.append("</ol>")
    return "\n".join(parts)


def _copy_with_fixed_times(source_path: Path, out) -> None:
    """Copy the archive entry by entry with a constant timestamp (ebooklib stamps the current time)."""
    with zipfile.ZipFile(source_path) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            with source.open(info) as entry, target.open(fixed, "w") as copy:
                shutil.copyfileobj(entry, copy)


def cover_png(title: str, first: str, last: str, count: int) -> bytes:
    """A plain cover: the title, the date range and the number of posts, drawn with Pillow."""
    from PIL import Image, ImageDraw

    width, height = 1200, 1600
    image = Image.new("L", (width, height), 245)
    draw = ImageDraw.Draw(image)
    draw.rectangle([60, 60, width - 60, height - 60], outline=40, width=6)
    title_font, small_font = _font(78), _font(44)
    y = 260
    for line in _wrap(draw, title, title_font, width - 240):
        draw.text((120, y), line, fill=20, font=title_font)
        y += 104
    span = f"{first} – {last}" if first and first != last else first
    draw.text((120, y + 60), span, fill=60, font=small_font)
    draw.text((120, y + 130), f"{count} posts · Chinese–English", fill=60, font=small_font)
    draw.text((120, height - 200), "bilingual · offline machine translation", fill=90, font=_font(34))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _font(size: int):
    from PIL import ImageFont

    # A CJK-capable system font where there is one (titles are often Chinese), else Pillow's own.
    for path in ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf"):
        if Path(path).is_file():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _wrap(draw, text: str, font, max_width: int) -> list[str]:
    lines, line = [], ""
    for char in text:
        candidate = line + char
        if draw.textlength(candidate, font=font) > max_width and line:
            cut = line.rfind(" ")
            lines.append(line[:cut] if cut > 0 else line)
            line = (line[cut + 1:] if cut > 0 else "") + char
        else:
            line = candidate
    return [*lines, line] if line else lines


def chapter_title(post: EditionPost, layout: Layout) -> str:
    """The chapter's name in the navigation: the English title first when the reader chose translation-only."""
    if layout == Layout.TRANSLATION_ONLY:
        return f"{post.translated_title} — {post.title}"
    return f"{post.title} — {post.translated_title}"


def render_chapter(post: EditionPost, layout: Layout = Layout.INTERLEAVED) -> str:
    lang = post.lang
    zh = f'lang="{lang}" xml:lang="{lang}"'
    flagged = " flagged" if post.title_flagged else ""
    if layout == Layout.TRANSLATION_ONLY:  # an English heading; the original title follows, smaller
        parts = [f'<h1 class="translated-title translation{flagged}" lang="en" xml:lang="en">'
                 f"{esc(post.translated_title)}</h1>",
                 f'<p class="original-title original" {zh}>{esc(post.title)}</p>']
    else:
        parts = [f'<h1 class="original" {zh}>{esc(post.title)}</h1>',
                 f'<p class="translated-title translation{flagged}" lang="en" xml:lang="en">'
                 f"{esc(post.translated_title)}</p>"]
    facts = []
    if post.date_text:
        facts.append(esc(post.date_text))
    if post.author:
        original = f'<span {zh}>{esc(post.author)}</span>'
        english = f'<span lang="en" xml:lang="en">{esc(post.translated_author)}</span>'
        if not post.translated_author:
            facts.append(original)
        elif layout == Layout.TRANSLATION_ONLY:
            facts.append(f"{english} ({original})")
        else:
            facts.append(f"{original} ({english})")
    if facts:
        parts.append(f'<p class="facts">{" · ".join(facts)}</p>')
    href = safe_href(post.source_url)
    if href:
        parts.append(f'<p class="facts"><a href="{esc(href)}">{esc(display_url(href))}</a></p>')
    body = render_body(post.pairs, lang, layout, xml=True)
    if layout == Layout.SIDE_BY_SIDE:
        body = f'<div class="side-by-side">\n{body}</div>'
    parts.append(body)
    return "\n".join(parts)
