"""Exporters: TranslatedPost lists -> files. Text is always escaped; nothing from a post is emitted as markup."""

from __future__ import annotations

from html import escape
from pathlib import Path

CSS_PATH = Path(__file__).with_name("edition.css")


def esc(text: str) -> str:
    return escape(text, quote=True)


def safe_href(url: str) -> str | None:
    """Only http(s) links survive into an edition; javascript:, data: and friends are dropped."""
    url = (url or "").strip()
    if url.lower().startswith(("http://", "https://")):
        return url
    return None


def css() -> str:
    return CSS_PATH.read_text(encoding="utf-8")
