"""Which books an edition becomes: one EPUB, or several when one would be too big for an e-reader.

The limit is a number of posts, MAX_POSTS_PER_BOOK. Every post adds an entry to the book's contents page, its
navigation document and its NCX, and each of those is one XHTML/XML file. Adobe's reading engine (RMSDK, in many
Kobo, Nook, PocketBook and Sony readers and in Adobe Digital Editions) does not display a file over 300 KB
uncompressed; that is the lowest per-file limit known (EDRLab's Ace/qualebook rule 087: "Content files remain
within the file size limits of legacy reading systems"). With long titles (40 characters of Chinese, 130 of
English) the contents page measured 440 KB at 1,000 posts, about 220 KB at 500 (tests/test_archive.py), so 500 posts
keep every file of the book under the limit; the book itself is then a few MB, far below the smallest store limit
(Barnes & Noble, 20 MB).

Split.AUTO keeps one book up to the limit; past it, consecutive whole months are packed into books of at most
MAX_POSTS_PER_BOOK posts (a month that alone is bigger is cut into parts of even size), undated posts last.
MONTH and SOURCE give one book per month or outlet, each also cut into parts past the limit. NONE always gives
one book.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bilingual.edition import EditionPost, group_posts, group_title, month_title
from bilingual.options import Grouping, Split

MAX_POSTS_PER_BOOK = 500


@dataclass(frozen=True)
class Book:
    """The posts of one EPUB (in reading order), its title and the key added to the file name ("" for none)."""

    posts: Sequence[EditionPost]
    title: str
    key: str


def plan_books(
    edition: Sequence[EditionPost], title: str, split_by: Split = Split.AUTO, max_posts: int | None = None
) -> list[Book]:
    """The books of an edition (posts in reading order), in reading order; max_posts defaults to
    MAX_POSTS_PER_BOOK."""
    max_posts = max_posts or MAX_POSTS_PER_BOOK
    if split_by == Split.NONE or (split_by == Split.AUTO and len(edition) <= max_posts):
        return [Book(edition, title, "")]
    if split_by == Split.AUTO:
        return _packed_months(edition, title, max_posts)
    by = Grouping(str(split_by))
    books = []
    for key, members in group_posts(edition, by):
        books += _parts(members, title, key, group_title(key, by), max_posts)
    return books


def _packed_months(edition: Sequence[EditionPost], title: str, max_posts: int) -> list[Book]:
    """Consecutive whole months packed greedily into books of at most max_posts posts."""
    books: list[Book] = []
    run: list[tuple[str, list[EditionPost]]] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0][0], run[-1][0]
        posts = [post for _, members in run for post in members]
        if first == last:
            books.extend(_parts(posts, title, first, month_title(first), max_posts))
        else:
            books.append(Book(posts, f"{title} — {month_span(first, last)}", f"{first}--{last}"))
        run.clear()

    for key, members in group_posts(edition, Grouping.MONTH):
        if key == "Undated" or len(members) > max_posts:
            flush()
            run.append((key, members))
            flush()
            continue
        if run and sum(len(m) for _, m in run) + len(members) > max_posts:
            flush()
        run.append((key, members))
    flush()
    return books


def _parts(posts: Sequence[EditionPost], title: str, key: str, label: str, max_posts: int) -> list[Book]:
    """One book for a group, or parts of at most max_posts posts when it is bigger."""
    file_key = key.casefold() if key == "Undated" else key
    if len(posts) <= max_posts:
        return [Book(posts, f"{title} — {label}", file_key)]
    count = -(-len(posts) // max_posts)
    size = -(-len(posts) // count)  # parts of even size: 555 posts are 278 + 277, not 500 + 55
    return [Book(posts[n * size:(n + 1) * size], f"{title} — {label}, part {n + 1} of {count}",
                 f"{file_key}-part{n + 1}")
            for n in range(count)]


def month_span(first: str, last: str) -> str:
    """'2021-01', '2021-06' -> 'January – June 2021'; across years 'November 2020 – February 2021'."""
    start, end = month_title(first), month_title(last)
    if first[:4] == last[:4]:
        return f"{start.split()[0]} – {end}"
    return f"{start} – {end}"
