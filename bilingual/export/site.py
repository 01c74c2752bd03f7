"""Where every page of the HTML site lives, how listings are cut into pages, and relative links between them.

Paths are POSIX paths relative to the site folder (html/). Post pages sit in a folder per month
(2021/01/<slug>.html, undated/<slug>.html), so no folder holds more than one month of posts; a month's listing
is that folder's index.html. Slugs never contain "." and "index" is reserved (files.SlugRegistry), so
index.html and the further pages index.2.html, index.3.html never collide with a post.
"""

from __future__ import annotations

import posixpath
from collections.abc import Sequence
from dataclasses import dataclass

from bilingual.edition import EditionPost, group_posts, group_title
from bilingual.files import SlugRegistry
from bilingual.options import Grouping

INDEX, SOURCES, STYLE = "index.html", "sources.html", "style.css"
SOURCES_DIR, UNDATED_DIR = "sources", "undated"
# Rows per listing page: about 600 bytes a row with real titles, so a page stays near 300 KB, far under 1 MB.
PAGE_POSTS = 500


def post_folder(post: EditionPost) -> str:
    return post.date.strftime("%Y/%m") if post.date else UNDATED_DIR


def post_path(post: EditionPost) -> str:
    return f"{post_folder(post)}/{post.slug}.html"


def href(from_path: str, to_path: str) -> str:
    """The relative link from the page at from_path to to_path (both relative to the site folder)."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


@dataclass(frozen=True)
class Listing:
    """One page of a month's or an outlet's posts."""

    path: str
    by: Grouping
    key: str  # group key: 2021-01, Undated, or the outlet
    label: str  # what a reader sees: January 2021, the outlet
    number: int  # 1, 2, … within the group
    posts: Sequence[EditionPost]


def listings(posts: Sequence[EditionPost], by: Grouping, page_posts: int = PAGE_POSTS) -> list[list[Listing]]:
    """Per month (oldest first, undated last) or per outlet (by name): the group's pages, each of at most
    page_posts posts in reading order."""
    names = SlugRegistry(reserved=())  # outlets whose names slug alike still get separate pages
    groups = []
    for key, members in group_posts(posts, by):
        if by == Grouping.MONTH:
            base = f"{UNDATED_DIR}/index" if key == "Undated" else f"{key.replace('-', '/')}/index"
        else:
            base = f"{SOURCES_DIR}/{names.claim(key)}"
        chunks = [members[start:start + page_posts] for start in range(0, len(members), page_posts)]
        groups.append([
            Listing(f"{base}.html" if n == 1 else f"{base}.{n}.html", by, key, group_title(key, by), n, chunk)
            for n, chunk in enumerate(chunks, start=1)
        ])
    return groups
