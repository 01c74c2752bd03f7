"""Side-by-side HTML: html/index.html and one page per post, static, no script, no remote resources."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bilingual.edition import EditionPost, group_posts, group_title, source_label
from bilingual.export import css, esc, render_body, safe_href
from bilingual.files import atomic_write
from bilingual.options import Grouping, Layout
from bilingual.script import has_han


def write_site(
    html_dir: Path, posts: Sequence[EditionPost], title: str, layout: Layout = Layout.SIDE_BY_SIDE
) -> None:
    """index.html, style.css and a page per post (posts in reading order: prev/next follow it)."""
    html_dir = Path(html_dir)
    atomic_write(html_dir / "style.css", css())
    for index, post in enumerate(posts):
        prev_post = posts[index - 1] if index > 0 else None
        next_post = posts[index + 1] if index + 1 < len(posts) else None
        atomic_write(
            html_dir / f"{post.slug}.html",
            render_post(post, title, prev_post, next_post, layout),
        )
    atomic_write(html_dir / "index.html", render_index(posts, title))
    atomic_write(html_dir / "sources.html", render_sources(posts, title))


def _page(title: str, body: str, body_class: str = "") -> str:
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
        '<link rel="stylesheet" href="style.css">\n'
        f"</head>\n{body_open}\n{body}</body>\n</html>\n"
    )


def render_post(
    post: EditionPost,
    site_title: str,
    prev_post: EditionPost | None,
    next_post: EditionPost | None,
    layout: Layout = Layout.SIDE_BY_SIDE,
) -> str:
    lang = post.lang
    parts = [
        f'<nav class="crumbs" aria-label="Site"><a href="index.html">{esc(site_title)}</a> · '
        '<a href="sources.html">by source</a></nav>\n',
        '<article>\n<header class="post-head">\n',
        f'<h1 class="original" lang="{lang}">{esc(post.title)}</h1>\n',
        f'<p class="translated-title translation{" flagged" if post.title_flagged else ""}" lang="en">'
        f"{esc(post.translated_title)}</p>\n",
        render_facts(post),
        "</header>\n",
    ]
    parts.append(render_body(post.pairs, lang, layout))
    parts.append("</article>\n")
    parts.append('<nav class="prev-next" aria-label="Previous and next post">\n')
    parts.append(_nav_link(prev_post, "← ") if prev_post else "<span></span>")
    parts.append(_nav_link(next_post, "", " →") if next_post else "<span></span>")
    parts.append("\n</nav>\n")
    return _page(f"{post.translated_title} — {post.title}", "".join(parts), f"layout-{layout}")


def _nav_link(post: EditionPost, before: str = "", after: str = "") -> str:
    return (
        f'<a href="{esc(post.slug)}.html">{esc(before)}<span lang="{post.lang}">{esc(post.title)}</span>'
        f"{esc(after)}</a>"
    )


def render_facts(post: EditionPost) -> str:
    rows = []
    if post.date_text:
        rows.append(("Date", f"<time datetime=\"{esc(post.date_text)}\">{esc(post.date_text)}</time>"))
    if post.author:
        rows.append(("Author / outlet", f'<span lang="{post.lang}">{esc(post.author)}</span>'))
    href = safe_href(post.source_url)
    if href:
        rows.append(("Source", f'<a href="{esc(href)}" rel="noopener noreferrer">{esc(href)}</a>'))
    elif post.source_url:
        rows.append(("Source", esc(post.source_url)))
    if post.tags:
        tags = ", ".join(
            f'<span lang="{post.lang}">{esc(t)}</span> (<span lang="en">{esc(tt)}</span>)'
            for t, tt in zip(post.tags, post.translated_tags, strict=False)
        )
        rows.append(("Tags", tags))
    rows.append(("File", esc(post.source_name)))
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>\n" for name, value in rows)
    return f'<dl class="facts">\n{cells}</dl>\n'


def render_index(posts: Sequence[EditionPost], title: str) -> str:
    """index.html: the posts by month, oldest first, with a jump list of months."""
    return _render_listing(posts, title, Grouping.MONTH)


def render_sources(posts: Sequence[EditionPost], title: str) -> str:
    """sources.html: the posts by outlet, with a jump list of outlets."""
    return _render_listing(posts, title, Grouping.SOURCE)


def _render_listing(posts: Sequence[EditionPost], title: str, by: Grouping) -> str:
    groups = group_posts(posts, by)
    anchors = {key: f"{by}-{n}" for n, (key, _) in enumerate(groups, start=1)}
    views = (
        '<nav class="views" aria-label="Browse">Browse: '
        + ('<strong>by date</strong> · <a href="sources.html">by source</a>' if by == "month"
           else '<a href="index.html">by date</a> · <strong>by source</strong>')
        + "</nav>\n"
    )
    jump = "".join(
        f'<li><a href="#{anchors[key]}"{_lang_attr(key, by)}>{esc(group_title(key, by))}</a> ({len(members)})</li>'
        for key, members in groups
    )
    sections = []
    for key, members in groups:
        rows = "".join(_index_row(post, with_source=by == "month") for post in members)
        source_head = '<th scope="col">Source</th>' if by == "month" else ""
        sections.append(
            f'<section aria-labelledby="{anchors[key]}">\n'
            f'<h2 id="{anchors[key]}"{_lang_attr(key, by)}>{esc(group_title(key, by))}</h2>\n'
            '<table class="posts">\n<thead><tr><th scope="col">Date</th><th scope="col">Original title</th>'
            f'<th scope="col">Translated title</th>{source_head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'
            "</section>\n"
        )
    heading = "Months" if by == "month" else "Sources"
    body = (
        f"<h1>{esc(title)}</h1>\n"
        f"<p>{len(posts)} posts, oldest first. Original beside an offline machine translation.</p>\n"
        + views
        + f'<nav class="jump" aria-label="{heading}"><ul>{jump}</ul></nav>\n'
        + "".join(sections)
        + '<footer class="run">Made with bilingual: translated offline with the Argos Translate zh→en model '
        "(OPUS-MT, CC-BY 4.0).</footer>\n"
    )
    return _page(title if by == "month" else f"{title} — by source", body)


def _lang_attr(key: str, by: str) -> str:
    """Outlet names are mostly Chinese; say so, so screen readers and fonts treat them right."""
    if by == "source" and has_han(key):
        return ' lang="zh"'
    return ""


def _index_row(post: EditionPost, with_source: bool) -> str:
    source = ""
    if with_source:
        href = safe_href(post.source_url)
        outlet = source_label(post)
        label = esc(outlet)
        if href:
            label = f'<a href="{esc(href)}" rel="noopener noreferrer">{label}</a>'
        source = f'<td{_lang_attr(outlet, "source")}>{label}</td>'
    return (
        "<tr>"
        f'<td class="date">{esc(post.date_text)}</td>'
        f'<td><a href="{esc(post.slug)}.html" lang="{post.lang}">{esc(post.title)}</a></td>'
        f'<td lang="en">{esc(post.translated_title)}</td>'
        f"{source}</tr>\n"
    )
