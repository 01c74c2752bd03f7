"""Exporters: TranslatedPost lists -> files. Text is always escaped; nothing from a post is emitted as markup."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from html import escape
from pathlib import Path

from bilingual.edition import Pair
from bilingual.options import Layout

CSS_PATH = Path(__file__).with_name("edition.css")


def esc(text: str) -> str:
    return escape(text, quote=True)


def safe_href(url: str) -> str | None:
    """Only http(s) links survive into an edition; javascript:, data: and friends are dropped."""
    url = (url or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return url
    return None


def display_url(url: str) -> str:
    """A link as a reader should see it: percent-escapes decoded (https://www.hkcnews.com/article/11207/中美…),
    unless decoding would show something that is not plain text (control characters, invalid UTF-8, spaces)."""
    from urllib.parse import unquote

    try:
        shown = unquote(url, errors="strict")
    except UnicodeDecodeError:  # escapes of another encoding (GBK): show them as they are
        return url
    if any(unicodedata.category(c).startswith(("C", "Z")) for c in shown):
        return url
    return shown


def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")


LAYOUTS = tuple(Layout)


def heading_tags(pairs: Sequence[Pair]) -> dict[int, str]:
    """Source heading levels -> h2..h6 by rank, so headings never skip a level below the page's h1
    (scraped posts often start at <h3> or jump from <h2> to <h4>)."""
    levels = sorted({p.level for p in pairs if p.kind == "heading"})
    return {level: f"h{min(2 + rank, 6)}" for rank, level in enumerate(levels)}


def render_body(pairs: Sequence[Pair], lang: str, layout: Layout, xml: bool = False) -> str:
    """The paragraphs of a post in a layout. Every block carries class original|translation and a lang.

    side-by-side and interleaved share markup (a div.pair per paragraph: original, then translation), so a
    reader that ignores CSS still pairs them; CSS puts the two side by side where the layout and screen allow.
    """
    tags = heading_tags(pairs)

    def block(pair: Pair, side: str) -> str:
        tag = tags[pair.level] if pair.kind == "heading" else "p"
        code = lang if side == "original" else "en"
        lang_attrs = f'lang="{code}"' + (f' xml:lang="{code}"' if xml else "")
        text = pair.original if side == "original" else pair.translation
        # a translation a person reviewed carries class "reviewed", so a stylesheet can mark it; a doubtful one
        # (with --mark-doubtful) "doubtful", which the stylesheets underline with dots
        marks = ""
        if side == "translation":
            marks = (" reviewed" if pair.reviewed else "") + (" doubtful" if pair.doubtful else "")
        title = ' title="doubtful: check it against the original"' if side == "translation" and pair.doubtful else ""
        return f'<{tag} class="{side} {pair.kind}{marks}" {lang_attrs}{title}>{esc(text)}</{tag}>'

    if layout in (Layout.SIDE_BY_SIDE, Layout.INTERLEAVED):
        return "".join(
            f'<div class="pair {p.kind}{" flagged" if p.flagged else ""}">\n{block(p, "original")}\n'
            f'{block(p, "translation")}\n</div>\n'
            for p in pairs
        )
    if layout == Layout.TRANSLATION_ONLY:
        return "".join(block(p, "translation") + "\n" for p in pairs)
    originals = "".join(block(p, "original") + "\n" for p in pairs)
    translations = "".join(block(p, "translation") + "\n" for p in pairs)
    return (
        f'<section class="original-text">\n<h2 class="part-label">Original</h2>\n{originals}</section>\n'
        f'<section class="translation-text">\n<h2 class="part-label">Translation</h2>\n{translations}</section>\n'
    )
