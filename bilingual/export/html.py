"""The HTML site: static pages, no script, no remote resources, small enough for a phone at 20,000 posts.

    html/index.html                 years and months with their post counts
    html/sources.html               outlets with their post counts
    html/2021/01/index.html         the posts of January 2021 (index.2.html, … past PAGE_POSTS posts)
    html/2021/01/<slug>.html        a post; undated posts in html/undated/
    html/sources/<outlet>.html      the posts of one outlet (<outlet>.2.html, …)
    html/style.css

Every link is relative (site.href), so the folder works from a disk, a USB stick or any web server path.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bilingual.edition import EditionPost, group_title, source_label
from bilingual.export import css, display_url, esc, render_body, safe_href
from bilingual.export.site import INDEX, SOURCES, STYLE, Listing, href, listings, post_path
from bilingual.files import atomic_write
from bilingual.options import Grouping, Layout
from bilingual.script import has_han

FOOTER = ('<footer class="run">Made with bilingual: translated offline with the Argos Translate zh→en model '
          "(OPUS-MT, CC-BY 4.0).</footer>\n")


def write_site(
    html_dir: Path, posts: Sequence[EditionPost], title: str, layout: Layout = Layout.SIDE_BY_SIDE
) -> None:
    """The site of the posts (in reading order: prev/next follow it)."""
    html_dir = Path(html_dir)
    atomic_write(html_dir / STYLE, css())
    months = listings(posts, Grouping.MONTH)
    sources = listings(posts, Grouping.SOURCE)
    month_page = {id(post): page.path for group in months for page in group for post in page.posts}
    for index, post in enumerate(posts):
        prev_post = posts[index - 1] if index > 0 else None
        next_post = posts[index + 1] if index + 1 < len(posts) else None
        atomic_write(html_dir / post_path(post),
                     render_post(post, title, prev_post, next_post, layout, month_page.get(id(post), INDEX)))
    for groups in (months, sources):
        for number, group in enumerate(groups):
            neighbours = (groups[number - 1][0] if number else None,
                          groups[number + 1][0] if number + 1 < len(groups) else None)
            for page in group:
                atomic_write(html_dir / page.path, render_listing(page, group, neighbours, title, layout))
    atomic_write(html_dir / INDEX, render_index(posts, months, title))
    atomic_write(html_dir / SOURCES, render_sources(posts, sources, title, layout))


def _page(path: str, title: str, body: str, body_class: str = "") -> str:
    body_open = f'<body class="{body_class}">' if body_class else "<body>"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No script, no remote loads: a Content-Security-Policy the browser enforces even if we slip.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'self\'; '
        "img-src 'self'\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" href="{href(path, STYLE)}">\n'
        f"</head>\n{body_open}\n{body}</body>\n</html>\n"
    )


def _crumbs(path: str, site_title: str, month: tuple[str, str] | None = None) -> str:
    """Site · (the post's month) · by source: the way back up from any page."""
    links = [f'<a href="{href(path, INDEX)}">{esc(site_title)}</a>']
    if month:
        links.append(f'<a href="{href(path, month[0])}">{esc(month[1])}</a>')
    links.append(f'<a href="{href(path, SOURCES)}">by source</a>')
    return f'<nav class="crumbs" aria-label="Site">{" · ".join(links)}</nav>\n'


def render_post(
    post: EditionPost,
    site_title: str,
    prev_post: EditionPost | None,
    next_post: EditionPost | None,
    layout: Layout = Layout.SIDE_BY_SIDE,
    month_listing: str = INDEX,
) -> str:
    lang = post.lang
    path = post_path(post)
    flagged = " flagged" if post.title_flagged else ""
    if layout == Layout.TRANSLATION_ONLY:
        # the reader chose English: an English heading, the original title after it, smaller
        head = (f'<h1 class="translated-title translation{flagged}" lang="en">{esc(post.translated_title)}</h1>\n'
                f'<p class="original-title original" lang="{lang}">{esc(post.title)}</p>\n')
    else:
        head = (f'<h1 class="original" lang="{lang}">{esc(post.title)}</h1>\n'
                f'<p class="translated-title translation{flagged}" lang="en">{esc(post.translated_title)}</p>\n')
    month = (month_listing, group_title(post.date.strftime("%Y-%m"), Grouping.MONTH) if post.date else "Undated")
    parts = [
        _crumbs(path, site_title, month),
        '<article>\n<header class="post-head">\n',
        head,
        render_facts(post, layout),
        "</header>\n",
        render_body(post.pairs, lang, layout),
        "</article>\n",
        '<nav class="prev-next" aria-label="Previous and next post">\n',
        _nav_link(path, prev_post, layout, "← ") if prev_post else "<span></span>",
        _nav_link(path, next_post, layout, "", " →") if next_post else "<span></span>",
        "\n</nav>\n",
    ]
    page_title = (f"{post.translated_title} — {post.title}" if layout == Layout.TRANSLATION_ONLY
                  else f"{post.title} — {post.translated_title}")
    return _page(path, page_title, "".join(parts), f"layout-{layout}")


def _nav_link(path: str, post: EditionPost, layout: Layout, before: str = "", after: str = "") -> str:
    if layout == Layout.TRANSLATION_ONLY:
        label = f'<span lang="en">{esc(post.translated_title)}</span>'
    else:
        label = f'<span lang="{post.lang}">{esc(post.title)}</span>'
    return f'<a href="{esc(href(path, post_path(post)))}">{esc(before)}{label}{esc(after)}</a>'


def outlet_markup(post: EditionPost, layout: Layout) -> str:
    """The author/outlet as written, with its translation; translation first in the translation-only layout."""
    original = f'<span lang="{post.lang}">{esc(post.author)}</span>'
    if not post.translated_author:
        return original
    english = f'<span lang="en">{esc(post.translated_author)}</span>'
    if layout == Layout.TRANSLATION_ONLY:
        return f"{english} <small>({original})</small>"
    return f"{original} ({english})"


def render_facts(post: EditionPost, layout: Layout = Layout.SIDE_BY_SIDE) -> str:
    rows = []
    if post.date_text:
        rows.append(("Date", f"<time datetime=\"{esc(post.date_text)}\">{esc(post.date_text)}</time>"))
    if post.author:
        rows.append(("Author / outlet", outlet_markup(post, layout)))
    link = safe_href(post.source_url)
    if link:
        rows.append(("Source", f'<a href="{esc(link)}" rel="noopener noreferrer">{esc(display_url(link))}</a>'))
    elif post.source_url:
        rows.append(("Source", esc(post.source_url)))
    if post.tags:
        tags = ", ".join(
            f'<span lang="{post.lang}">{esc(t)}</span> (<span lang="en">{esc(tt)}</span>)'
            for t, tt in zip(post.tags, post.translated_tags, strict=False)
        )
        rows.append(("Tags", tags))
    rows.append(("File", esc(post.source_name)))
    pairs = post.pairs
    reviewed = sum(p.reviewed for p in pairs)
    if reviewed:
        rows.append(("Reviewed", f"{reviewed} of {sum(p.sentences for p in pairs)} sentences translated by a person"))
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>\n" for name, value in rows)
    return f'<dl class="facts">\n{cells}</dl>\n'


def _views(path: str, by: Grouping | None) -> str:
    date = "<strong>by date</strong>" if by == Grouping.MONTH else f'<a href="{href(path, INDEX)}">by date</a>'
    source = ("<strong>by source</strong>" if by == Grouping.SOURCE
              else f'<a href="{href(path, SOURCES)}">by source</a>')
    return f'<nav class="views" aria-label="Browse">Browse: {date} · {source}</nav>\n'


def _span(posts: Sequence[EditionPost]) -> str:
    dated = [p.date_text for p in posts if p.date_text]
    return f" from {dated[0]} to {dated[-1]}" if dated and dated[0] != dated[-1] else ""


def render_index(posts: Sequence[EditionPost], months: Sequence[Sequence[Listing]], title: str) -> str:
    """index.html: the years, each with its months and their post counts, linking to the month pages."""
    years: dict[str, list[Sequence[Listing]]] = {}
    for group in months:
        key = group[0].key
        years.setdefault("Undated" if key == "Undated" else key[:4], []).append(group)
    sections = []
    for year, groups in years.items():
        count = sum(len(page.posts) for group in groups for page in group)
        items = "".join(
            f'<li><a href="{href(INDEX, group[0].path)}">'
            f'{esc(group[0].label.split()[0] if year != "Undated" else "Undated posts")}</a> '
            f"({sum(len(page.posts) for page in group)})</li>"
            for group in groups
        )
        anchor = f"year-{year.lower()}"
        sections.append(
            f'<section aria-labelledby="{anchor}">\n<h2 id="{anchor}">{esc(year)} '
            f'<span class="count">({count})</span></h2>\n<ul class="months">{items}</ul>\n</section>\n'
        )
    body = (
        f"<h1>{esc(title)}</h1>\n"
        f"<p>{len(posts)} posts{_span(posts)}, by month. Original beside an offline machine translation.</p>\n"
        + _views(INDEX, Grouping.MONTH) + "".join(sections) + FOOTER
    )
    return _page(INDEX, title, body)


def render_sources(
    posts: Sequence[EditionPost], sources: Sequence[Sequence[Listing]], title: str,
    layout: Layout = Layout.SIDE_BY_SIDE,
) -> str:
    """sources.html: the outlets with their post counts, linking to each outlet's pages."""
    items = "".join(
        f'<li><a href="{href(SOURCES, group[0].path)}">{_outlet_label(group[0], layout)}</a> '
        f"({sum(len(page.posts) for page in group)})</li>\n"
        for group in sources
    )
    body = (
        f"<h1>{esc(title)}: sources</h1>\n"
        f"<p>{len(posts)} posts from {len(sources)} sources.</p>\n"
        + _views(SOURCES, Grouping.SOURCE) + f'<ul class="outlets">\n{items}</ul>\n' + FOOTER
    )
    return _page(SOURCES, f"{title} — by source", body)


def _outlet_label(page: Listing, layout: Layout) -> str:
    """An outlet's name for a heading or a list: with its translation where the field was translated."""
    first = page.posts[0]
    if page.by == Grouping.SOURCE and first.author.strip() and first.translated_author:
        return outlet_markup(first, layout)
    return f"<span{_lang_attr(page.label, page.by)}>{esc(page.label)}</span>"


def render_listing(
    page: Listing, group: Sequence[Listing], neighbours: tuple[Listing | None, Listing | None], site_title: str,
    layout: Layout = Layout.SIDE_BY_SIDE,
) -> str:
    """One page of a month's or an outlet's posts: a table of both titles, with pages and neighbours."""
    total = sum(len(p.posts) for p in group)
    pages = "" if len(group) == 1 else f" Page {page.number} of {len(group)}."
    by_month = page.by == Grouping.MONTH
    rows = "".join(_index_row(page.path, post, with_source=by_month) for post in page.posts)
    source_head = '<th scope="col">Source</th>' if by_month else ""
    pager = _pager(page, group, neighbours)
    body = (
        _crumbs(page.path, site_title)
        + f"<h1>{_outlet_label(page, layout)}</h1>\n"
        + f"<p>{total} posts{_span(page.posts) if len(group) == 1 else ''}, oldest first.{pages}</p>\n"
        + pager
        + '<table class="posts">\n<thead><tr><th scope="col">Date</th><th scope="col">Original title</th>'
        + f'<th scope="col">Translated title</th>{source_head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'
        + pager.replace('aria-label="Pages"', 'aria-label="Pages (end)"')
        + FOOTER
    )
    suffix = f" (page {page.number} of {len(group)})" if len(group) > 1 else ""
    return _page(page.path, f"{page.label}{suffix} — {site_title}", body)


def _pager(page: Listing, group: Sequence[Listing], neighbours: tuple[Listing | None, Listing | None]) -> str:
    """← previous month/outlet · page 1 2 3 · next month/outlet →"""
    items = []
    before, after = neighbours
    if before:
        items.append(f'<a href="{href(page.path, before.path)}" rel="prev">← {_plain(before)}</a>')
    if len(group) > 1:
        numbers = " ".join(
            f'<strong aria-current="page">{p.number}</strong>' if p.number == page.number
            else f'<a href="{href(page.path, p.path)}">{p.number}</a>'
            for p in group
        )
        items.append(f"<span>Pages: {numbers}</span>")
    if after:
        items.append(f'<a href="{href(page.path, after.path)}" rel="next">{_plain(after)} →</a>')
    return f'<nav class="pages" aria-label="Pages">{" · ".join(items)}</nav>\n' if items else ""


def _plain(page: Listing) -> str:
    return f"<span{_lang_attr(page.label, page.by)}>{esc(page.label)}</span>"


def _lang_attr(key: str, by: Grouping) -> str:
    """Outlet names are mostly Chinese; say so, so screen readers and fonts treat them right."""
    if by == Grouping.SOURCE and has_han(key):
        return ' lang="zh"'
    return ""


def _index_row(path: str, post: EditionPost, with_source: bool) -> str:
    source = ""
    if with_source:
        link = safe_href(post.source_url)
        outlet = source_label(post)
        label = esc(outlet)
        if link:
            label = f'<a href="{esc(link)}" rel="noopener noreferrer">{label}</a>'
        source = f'<td{_lang_attr(outlet, Grouping.SOURCE)}>{label}</td>'
    return (
        "<tr>"
        f'<td class="date">{esc(post.date_text)}</td>'
        f'<td><a href="{esc(href(path, post_path(post)))}" lang="{post.lang}">{esc(post.title)}</a></td>'
        f'<td lang="en">{esc(post.translated_title)}</td>'
        f"{source}</tr>\n"
    )

