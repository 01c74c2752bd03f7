"""Corrections that stick: review files out to translators' tools (checked with translate-toolkit's readers, as
OmegaT/Poedit/Weblate would read them) and back in as human translations that win in every later run."""

from __future__ import annotations

import html
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

import bilingual
from bilingual.cli import app


@pytest.fixture
def env(model_info, tmp_path) -> dict[str, str]:
    return {"BILINGUAL_HOME": str(tmp_path / "home"), "BILINGUAL_MODEL": str(model_info.path)}


def run(env: dict[str, str], *args: object):
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output, result.output
    return result


def edition_text(out: Path) -> tuple[str, str]:
    """All HTML pages' text and all EPUB chapters' text, unescaped."""
    from ebooklib import ITEM_DOCUMENT, epub

    pages = " ".join(p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html"))
    books = " ".join(item.get_content().decode("utf-8") for book in out.glob("*.epub")
                     for item in epub.read_epub(str(book)).get_items_of_type(ITEM_DOCUMENT))
    return html.unescape(pages), html.unescape(books)


def human_rows(env: dict[str, str]) -> int:
    with sqlite3.connect(Path(env["BILINGUAL_HOME"]) / "cache.sqlite3") as db:
        return db.execute("SELECT COUNT(*) FROM human").fetchone()[0]


CORRECTIONS = ("Corrected by a reviewer, number one.", "Corrected by a reviewer, number two.",
               "Corrected by a reviewer, number three.")


def test_xliff_corrections_win_in_every_later_run(env, tmp_path):
    from translate.storage import xliff

    posts = tmp_path / "posts"
    shutil.copytree(bilingual.sample_dir(), posts)
    assert run(env, "translate", posts, "--out", tmp_path / "first", "--quiet").exit_code == 0
    review = tmp_path / "review.xlf"
    exported = run(env, "review", "export", posts, "--out", review)
    assert exported.exit_code == 0, exported.output

    store = xliff.xlifffile.parsefile(str(review))  # as a translator's tool reads it
    units = [u for u in store.units if u.source]
    assert len(units) > 10 and all(u.target for u in units)
    assert any("term: " in u.getnotes() for u in units)  # the glossary terms travel as notes
    changed = units[:3]
    for unit, text in zip(changed, CORRECTIONS, strict=True):
        unit.target = text
    store.save()

    imported = run(env, "review", "import", review)
    assert imported.exit_code == 0, imported.output
    assert "3 human translations imported" in imported.stdout

    for extra in ([], ["--no-glossary"], ["--beam", "1"]):
        out = tmp_path / f"out{len(extra)}{''.join(extra)}"
        result = run(env, "translate", posts, "--out", out, "--quiet", "--json", *extra)
        assert result.exit_code == 0, result.output
        pages, books = edition_text(out)
        for text in CORRECTIONS:
            assert text in pages and text in books, (extra, text)
        marked = re.compile(r'class="translation [a-z]+ reviewed"')
        assert marked.search(pages) and marked.search(books)
        assert "sentences translated by a person" in pages
        assert '"sentences_human": 3' in result.stdout


@pytest.mark.parametrize("suffix", ["po", "tmx", "csv"])
def test_po_tmx_and_csv_round_trip(env, tmp_path, suffix):
    posts = tmp_path / "posts"
    shutil.copytree(bilingual.sample_dir(), posts)
    review = tmp_path / f"review.{suffix}"
    assert run(env, "review", "export", posts, "--out", review).exit_code == 0
    if suffix == "po":
        from translate.storage import pypo

        store = pypo.pofile.parsefile(str(review))
    elif suffix == "tmx":
        from translate.storage import tmx

        store = tmx.tmxfile.parsefile(str(review))
    else:
        store = None
    if store is not None:  # translate-toolkit reads it, edits one unit, writes it back
        unit = next(u for u in store.units if u.source and not u.isheader())
        assert unit.target
        unit.target = "A reviewer's sentence."
        store.save()
    else:
        text = review.read_text(encoding="utf-8").splitlines()
        header, first = text[0].split(","), text[1]
        assert header[:4] == ["id", "source", "target", "machine"]
        import csv
        import io

        rows = list(csv.reader(io.StringIO("\n".join(text))))
        rows[1][2] = "A reviewer's sentence."
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        review.write_text(out.getvalue(), encoding="utf-8")
        del first
    result = run(env, "review", "import", review, *(["--posts", posts] if suffix == "csv" else []))
    assert result.exit_code == 0, result.output
    assert "1 human translation imported" in result.stdout
    out = tmp_path / "out"
    assert run(env, "translate", posts, "--out", out, "--quiet", "--format", "html").exit_code == 0
    assert "A reviewer's sentence." in edition_text(out)[0]


def test_a_tmx_from_another_tool_serves_its_matches(env, tmp_path):
    from translate.storage import tmx

    store = tmx.tmxfile(sourcelanguage="zh", targetlanguage="en")
    store.addtranslation("王毅表示，中方願同東盟國家加強戰略夥伴關係，共同維護南海和平穩定。", "zh",
                         "Wang Yi said China stands ready to deepen its strategic partnership with ASEAN.", "en")
    memory_file = tmp_path / "other-tool.tmx"
    store.savefile(str(memory_file))
    result = run(env, "memory", "import", memory_file)
    assert result.exit_code == 0, result.output
    assert "imported 1 human translations" in result.stdout
    out = tmp_path / "out"
    assert run(env, "translate", bilingual.sample_dir(), "--out", out, "--quiet", "--format", "html").exit_code == 0
    assert "Wang Yi said China stands ready to deepen its strategic partnership with ASEAN." in edition_text(out)[0]
    exported = tmp_path / "ours.tmx"
    assert run(env, "memory", "export", exported).exit_code == 0
    units = [u for u in tmx.tmxfile.parsefile(str(exported)).units if u.source]
    assert any(u.target.startswith("Wang Yi said China stands ready") for u in units)


def test_bad_review_files_import_nothing_and_say_which_unit(env, tmp_path):
    from translate.storage import xliff

    posts = tmp_path / "posts"
    shutil.copytree(bilingual.sample_dir(), posts)
    review = tmp_path / "review.xlf"
    assert run(env, "review", "export", posts, "--out", review).exit_code == 0
    pristine = review.read_bytes()

    def broken(change) -> Path:
        review.write_bytes(pristine)
        store = xliff.xlifffile.parsefile(str(review))
        units = [u for u in store.units if u.source]
        units[0].target = "A good correction that must not be half-imported."
        change(units[1])
        store.save()
        return review

    def check(path: Path, *words: str) -> None:
        result = run(env, "review", "import", path)
        assert result.exit_code == 2, result.output
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, lines
        for word in words:
            assert word in lines[0], (word, lines[0])
        assert human_rows(env) == 0  # nothing half-imported

    def foreign(unit) -> None:
        unit.source = "这句话不在文件夹里。"
        unit.target = "Not in the folder."

    def empty(unit) -> None:
        unit.target = ""

    check(broken(foreign), "review.xlf", "unit s", "not in")
    check(broken(empty), "review.xlf", "unit s", "empty target")
    review.write_text("<xliff><file>", encoding="utf-8")
    check(review, "review.xlf", "not a readable")
    wrong = tmp_path / "review.docx"
    wrong.write_bytes(pristine)
    check(wrong, "review.docx", ".xlf")
    check(tmp_path / "missing.po", "missing.po", "no such file")
    csv_file = tmp_path / "review.csv"
    assert run(env, "review", "export", posts, "--out", csv_file).exit_code == 0
    check(csv_file, "review.csv", "--posts")  # a CSV does not say which posts it came from
    moved = tmp_path / "moved"
    posts.rename(moved)
    review.write_bytes(pristine)
    check(review, "review.xlf", "no such folder", "--posts")  # the folder it was exported from is gone


def test_flagged_units_round_trip_through_po(env, tmp_path):
    """A flagged sentence has no machine translation: its unit must still read back (and a person may fill it)."""
    from bilingual.review.formats import read_units, write_units
    from bilingual.review.units import ReviewUnit

    path = tmp_path / "x.po"
    write_units(path, [ReviewUnit("坏句子。", "", "flagged"), ReviewUnit("好句子\x08。", "Good.", "model",
                                                                          target="Good.")], tmp_path)
    units, _ = read_units(path)
    assert [(u.source, u.machine) for u in units] == [("坏句子。", ""), ("好句子。", "Good.")]
    for suffix in ("xlf", "tmx", "csv"):  # control characters from scraped pages never break the XML formats
        other = tmp_path / f"x.{suffix}"
        write_units(other, [ReviewUnit("好句子\x08。", "=1+1", "model", target="=1+1")], tmp_path)
        assert [(u.source, u.target) for u in read_units(other)[0]] == [("好句子。", "=1+1")]


def test_conflicting_corrections_are_reported(env, tmp_path):
    posts = tmp_path / "posts"
    shutil.copytree(bilingual.sample_dir(), posts)
    review = tmp_path / "review.csv"
    assert run(env, "review", "export", posts, "--out", review).exit_code == 0
    import csv
    import io

    rows = list(csv.reader(io.StringIO(review.read_text(encoding="utf-8"))))
    rows.append(list(rows[1]))
    rows[1][2], rows[-1][2] = "One reviewer's version.", "Another reviewer's version."
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    review.write_text(out.getvalue(), encoding="utf-8")
    result = run(env, "review", "import", review, "--posts", posts)
    assert result.exit_code == 1
    assert "differently" in result.stderr and human_rows(env) == 0
