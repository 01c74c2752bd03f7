"""Scraped HTML or Markdown body -> ordered Blocks of reader-visible text. What counts as debris lives here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from bilingual.script import HAN_CLASS


@dataclass(frozen=True)
class Block:
    """One unit of content the reader sees as a paragraph: kind is heading|paragraph|item|quote|caption."""

    kind: str
    text: str
    level: int = 0  # heading level (1-6); 0 for other kinds


# Elements whose content is never article text.
DROP_TAGS = {
    "script", "style", "iframe", "noscript", "form", "button", "input", "select", "textarea", "svg",
    "object", "embed", "template", "canvas", "video", "audio", "source", "picture", "img", "map",
    "head", "title", "meta", "link", "nav", "aside", "footer",
}
BLOCK_KINDS = {
    "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading", "h6": "heading",
    "p": "paragraph", "li": "item", "dt": "item", "dd": "item", "figcaption": "caption", "caption": "caption",
    "blockquote": "quote", "pre": "paragraph", "td": "paragraph", "th": "paragraph",
}
# Containers: they break paragraphs but have no kind of their own.
CONTAINERS = {
    "div", "section", "article", "main", "header", "figure", "ul", "ol", "dl", "table", "tbody", "thead",
    "tfoot", "tr", "body", "html", "center", "hr", "details", "summary", "address",
}
# id/class fragments of ad slots and widgets.
_DEBRIS_ATTR = re.compile(
    r"dfp-ad|^imu$|innity|advert|\bads?\b|ad-slot|adsbygoogle|banner|sharing|share-|social|subscribe|paywall"
    r"|newsletter|related|comment|wp-embedded",
    re.I,
)
# Links that are calls to subscribe or pay, not content.
_DEBRIS_HREF = re.compile(r"subscribe|promotions|paywall|utm_content=subscribe", re.I)
# Whole blocks that are feed/site boilerplate (checked against the block's text).
_DEBRIS_TEXT = re.compile(
    r"^(相关阅读[:：]?|相關閱讀[:：]?|延伸阅读[:：]?|延伸閱讀[:：]?|Permalink|Feed enhanced by.*"
    r"|©.*|&copy;.*|Post tags:.*|获取更多RSS.*|獲取更多RSS.*|.*請加入成為.*訂戶.*|.*请加入成为.*订户.*|月費訂戶.*"
    r"|.*订阅.*早报.*|本文.*版权.*所有.*|Advertisement|广告|廣告"
    r"|null|undefined|\[object Object\])$",  # a scraper's empty value printed as text
    re.I | re.S,
)
_HAS_WORD = re.compile(rf"[\w{HAN_CLASS}]")


# Template code a scraper copied from a Hugo or Jekyll source: Hugo shortcodes {{< video src=… >}} and
# {{% note %}}, Liquid tags {% include … %} and output {{ page.title }}. Never text a reader sees.
_TEMPLATE = re.compile(r"\{\{[<%].*?[%>]\}\}|\{%-?.*?-?%\}|\{\{-?\s*[\w.$\[\]'\"]+(?:\s*\|[^{}]*)?\s*-?\}\}", re.S)


def body_to_blocks(body: str) -> list[Block]:
    """Turn a post body (HTML, Markdown, or Markdown with HTML in it) into ordered text blocks."""
    body = _TEMPLATE.sub("", body)
    html = body if looks_like_html(body) else markdown_to_html(body)
    soup = BeautifulSoup(html, "lxml")
    _remove_debris(soup)
    collector = _Collector()
    root = soup.body or soup
    collector.walk(root)
    collector.flush()
    return collector.blocks


def looks_like_html(body: str) -> bool:
    return body.lstrip().startswith("<")


def markdown_to_html(text: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable("table").render(text)


def _remove_debris(soup: BeautifulSoup) -> None:
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for tag in soup.find_all(list(DROP_TAGS)):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.decomposed or tag.attrs is None:
            continue
        marks = " ".join([str(tag.get("id") or ""), *(str(c) for c in tag.get_attribute_list("class") if c)])
        if marks.strip() and _DEBRIS_ATTR.search(marks):
            tag.decompose()
        elif tag.name == "a" and _DEBRIS_HREF.search(str(tag.get("href") or "")):
            tag.decompose()


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._parts: list[str] = []
        self._kind = "paragraph"
        self._level = 0

    def flush(self) -> None:
        raw = "".join(self._parts)
        self._parts = []
        # two line breaks in a row (<br><br>) separate paragraphs in scraped HTML
        for piece in _PARAGRAPH_BREAK.split(raw):
            text = normalise_space(piece)
            if text and _HAS_WORD.search(text) and not _DEBRIS_TEXT.match(text):
                self.blocks.append(Block(self._kind, text, self._level))

    def walk(self, root: Tag) -> None:
        """Collect the blocks below root in document order. A stack instead of recursion: a scraped page may
        nest elements thousands deep (valid HTML a browser shows), past Python's recursion limit."""
        # Each frame: the children still to visit, the kind and level they inherit, whether it opened a block.
        stack: list[tuple[Iterator[PageElement], str, int, bool]] = [(iter(root.children), "paragraph", 0, False)]
        while stack:
            children, kind, level, opened_block = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if opened_block:
                    self.flush()
                    _, self._kind, self._level, _ = stack[-1]
                continue
            if isinstance(child, NavigableString):
                if not isinstance(child, Comment):
                    self._parts.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name
            if name == "br":
                self._parts.append("\n")
                continue
            if name in BLOCK_KINDS or name in CONTAINERS:
                self.flush()
                child_kind = BLOCK_KINDS.get(name, kind)
                # inside a quote or list item, paragraphs keep the outer kind
                if kind in ("quote", "item", "caption") and child_kind == "paragraph":
                    child_kind = kind
                child_level = int(name[1]) if child_kind == "heading" and name[0] == "h" else 0
                self._kind, self._level = child_kind, child_level
                stack.append((iter(child.children), child_kind, child_level, True))
            else:
                stack.append((iter(child.children), kind, level, False))


_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u3000\u00a0]*\n")
_BREAKS = re.compile(r"\s*\n\s*")


def normalise_space(text: str) -> str:
    """Collapse runs of white space; full-width spaces between CJK words become one ordinary space."""
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = _BREAKS.sub(" ", text)
    text = re.sub(r"[ \t\r\f\v\u3000]+", " ", text)
    return text.strip()
