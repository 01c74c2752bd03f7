"""Every command and subcommand through Typer's CliRunner, with its error paths: an error is one line on stderr
that names the file or option, the right exit code (2 usage, 1 partial, 70 a bug), and never a traceback."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PARALLEL, require
from typer.testing import CliRunner

import bilingual
from bilingual.cli import app

HEADER = "source\ttarget\tcategory\tvariants\tflags\tnotes\n"


def invoke(*args: object, env: dict[str, str] | None = None):
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output, result.output
    return result


def assert_one_line_error(result, code: int, *words: str) -> None:
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("bilingual: "), lines
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "mine.tsv"
    path.write_text(HEADER + "外交部\tMinistry of Foreign Affairs\tbody\n", encoding="utf-8")
    return path


# ------------------------------------------------------------------ translate


def test_translate_the_sample(model_info, tmp_path):
    result = invoke("translate", "--sample", "--out", tmp_path / "out", "--model", model_info.path, "--quiet")
    assert result.exit_code == 0, result.output
    assert "4 of 4 posts exported, 0 failed" in result.stdout
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["glossary"]["entries"] >= 500  # the shipped glossary, as in the library
    assert (tmp_path / "out" / "html" / "index.html").is_file()


@pytest.mark.parametrize(
    "args, words",
    [
        ([], ["POSTS_DIR or --sample"]),
        (["no-such-folder"], ["no-such-folder", "no such folder"]),
        (["--sample", "--format", ""], ["--format", "at least one"]),
        (["--sample", "--format", "pdf"], ["--format", "'pdf'", "html, epub"]),
        (["--sample", "--executor", "local", "--workers", "2"], ["--workers", "dask"]),
        (["--sample", "--no-shipped-glossary"], ["--no-shipped-glossary", "--glossary"]),
        (["--sample", "--glossary", "missing.tsv"], ["missing.tsv"]),
        (["--sample", "--model", "missing.argosmodel"], ["missing.argosmodel"]),
    ],
)
def test_translate_usage_errors(tmp_path, args, words):
    result = invoke("translate", *args, "--out", tmp_path / "out")
    assert_one_line_error(result, 2, *words)
    assert not (tmp_path / "out" / "report.json").exists()


def test_translate_an_empty_folder_writes_nothing(tmp_path, model_info):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = invoke("translate", empty, "--out", tmp_path / "out", "--model", model_info.path)
    assert_one_line_error(result, 2, "empty", "no posts")
    assert not (tmp_path / "out").exists()


def test_translate_out_is_a_file(tmp_path):
    target = tmp_path / "a-file"
    target.write_text("x", encoding="utf-8")
    assert_one_line_error(invoke("translate", "--sample", "--out", target), 2, "a-file", "not a folder")


def test_translate_unwritable_out(model_info):
    result = invoke("translate", "--sample", "--out", "/proc/bilingual-out", "--model", model_info.path)
    assert_one_line_error(result, 2, "/proc/bilingual-out")


def test_a_bug_is_reported_as_a_bug_not_a_traceback(monkeypatch, tmp_path):
    from bilingual import pipeline

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(pipeline, "translate_folder", broken)
    monkeypatch.setattr(bilingual, "open_translator", lambda *a, **k: _NullTranslator())
    result = invoke("translate", "--sample", "--out", tmp_path / "out")
    assert_one_line_error(result, 70, "internal error", "ZeroDivisionError", "bug")


class _NullTranslator:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None


@pytest.mark.parametrize("args", [
    ["translate", "--sample", "--layout", "sideways"], ["translate", "--sample", "--script", "klingon"],
    ["translate", "--bogus"], ["no-such-command"], ["convert", "x", "--to", "klingon"],
])
def test_click_usage_errors_are_one_line_from_the_console_script(args):
    run = subprocess.run([sys.executable, "-m", "bilingual.cli", *args], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and run.stderr.startswith("bilingual: "), run.stderr
    assert "Traceback" not in run.stderr


# ------------------------------------------------------------------ convert


def test_convert(tmp_path):
    result = invoke("convert", bilingual.sample_dir(), "--to", "simplified", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "4 posts converted to simplified" in result.stdout
    assert len(list((tmp_path / "out").glob("*.md"))) == 4


def test_convert_errors(tmp_path):
    assert_one_line_error(invoke("convert", tmp_path / "nope", "--out", tmp_path / "o"), 2, "nope", "no such folder")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_line_error(invoke("convert", empty, "--out", tmp_path / "o"), 2, "no posts")


# ------------------------------------------------------------------ models


def test_models_install_and_list(model_info, tmp_path):
    from conftest import _model_source

    home = tmp_path / "home"
    source = _model_source()
    if source is None or source.is_dir():
        pytest.skip("needs the .argosmodel file")
    env = {"BILINGUAL_HOME": str(home)}
    assert "no models installed" in invoke("models", "list", env=env).stdout
    result = invoke("models", "install", source, env=env)
    assert result.exit_code == 0, result.output
    assert "installed translate-zh_en" in result.stdout
    assert "zh→en" in invoke("models", "list", env=env).stdout


def test_models_install_errors(tmp_path):
    not_zip = tmp_path / "model.argosmodel"
    not_zip.write_text("not a zip", encoding="utf-8")
    env = {"BILINGUAL_HOME": str(tmp_path / "home")}
    assert_one_line_error(invoke("models", "install", not_zip, env=env), 2, "model.argosmodel", "not")
    assert_one_line_error(invoke("models", "install", tmp_path / "missing.argosmodel", env=env), 2, "missing")
    assert_one_line_error(invoke("models", "install", "a", "b", "c", env=env), 2, "one .argosmodel file")


# ------------------------------------------------------------------ eval


def test_eval_on_reference_pairs(model_info, tmp_path):
    pairs = require(PARALLEL if PARALLEL.is_file() else None, "the WMT21 pairs")
    result = invoke("eval", pairs, "--limit", "4", "--model", model_info.path)
    assert result.exit_code == 0, result.output
    rows = result.stdout.split("origin (default)")
    assert "model alone" in rows[0] and "with glossary" in rows[0] and "\ndefault " in rows[0]
    # every sentence is counted under the one way it was produced
    counts = [int(line.split()[1]) for line in rows[1].strip().splitlines()[1:]]
    assert sum(counts) == 4


def test_eval_errors(model_info, tmp_path):
    bad = tmp_path / "bad.tsv"
    bad.write_text("只有一列\n", encoding="utf-8")
    assert_one_line_error(invoke("eval", bad, "--model", model_info.path), 2, "bad.tsv:1")
    assert_one_line_error(invoke("eval", tmp_path / "none.tsv", "--model", model_info.path), 2, "none.tsv")


# ------------------------------------------------------------------ screenshot


def test_screenshot_errors(tmp_path):
    assert_one_line_error(invoke("screenshot", tmp_path, "--to", tmp_path / "png"), 2, "no HTML pages")
    (tmp_path / "html" / "2021" / "01").mkdir(parents=True)
    (tmp_path / "html" / "2021" / "01" / "a.html").write_text("<p>x</p>", encoding="utf-8")
    assert_one_line_error(invoke("screenshot", tmp_path, "--post", "zzz"), 2, "--post zzz")


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium (a tool, not a dependency)")
def test_screenshot_of_a_page(tmp_path):
    (tmp_path / "html" / "2021" / "01").mkdir(parents=True)
    for name in ("index.html", "2021/01/a.html"):
        (tmp_path / "html" / name).write_text("<!DOCTYPE html><p lang=zh>外交部</p>", encoding="utf-8")
    result = invoke("screenshot", tmp_path, "--to", tmp_path / "png")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "png" / "post-wide.png").stat().st_size > 1000


@pytest.mark.slow
@pytest.mark.skipif(not shutil.which("chromium"), reason="needs Debian's chromium (a tool, not a dependency)")
def test_screenshot_without_calibre_renders_the_html(tmp_path, monkeypatch):
    import os

    (tmp_path / "html" / "2021" / "01").mkdir(parents=True)
    for name in ("index.html", "2021/01/a.html"):
        (tmp_path / "html" / name).write_text("<!DOCTYPE html><p lang=zh>外交部</p>", encoding="utf-8")
    (tmp_path / "posts.epub").write_bytes(b"PK")
    only = tmp_path / "bin"  # chromium and nothing of calibre on the PATH
    only.mkdir()
    os.symlink(shutil.which("chromium"), only / "chromium")
    monkeypatch.setenv("PATH", str(only))
    result = invoke("screenshot", tmp_path, "--to", tmp_path / "png")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "png" / "post-wide.png").stat().st_size > 1000
    assert "posts.epub not rendered: ebook-convert, pdftoppm not installed" in result.output


# ------------------------------------------------------------------ glossary


def test_glossary_list(glossary_file):
    assert "外交部\tMinistry of Foreign Affairs\tbody" in invoke("glossary", "list", glossary_file).stdout
    shipped = invoke("glossary", "list", "--category", "country").stdout.splitlines()
    assert len(shipped) > 200 and all(line.endswith("\tcountry") for line in shipped)


def test_glossary_list_and_export_refuse_an_entry_without_target(tmp_path):
    broken = tmp_path / "broken.tsv"
    broken.write_text(HEADER + "外交部\tMinistry of Foreign Affairs\n王毅\t\n", encoding="utf-8")
    assert_one_line_error(invoke("glossary", "list", broken), 2, "broken.tsv:3", "target")
    assert_one_line_error(invoke("glossary", "export", broken, tmp_path / "x.csv"), 2, "broken.tsv:3")
    assert not (tmp_path / "x.csv").exists()
    assert_one_line_error(invoke("translate", "--sample", "--glossary", broken), 2, "broken.tsv:3")


def test_glossary_add_remove(glossary_file, tmp_path):
    assert invoke("glossary", "add", glossary_file, "王毅", "Wang Yi", "--category", "person").exit_code == 0
    assert "王毅\tWang Yi\tperson" in glossary_file.read_text(encoding="utf-8")
    replaced = invoke("glossary", "add", glossary_file, "王毅", "Wang Yi (FM)")
    assert replaced.exit_code == 0 and "replaced" in replaced.stdout
    created = tmp_path / "new.tsv"
    assert invoke("glossary", "add", created, "赵立坚", "Zhao Lijian").exit_code == 0
    assert created.read_text(encoding="utf-8").startswith("source\ttarget")
    assert invoke("glossary", "remove", glossary_file, "王毅").exit_code == 0
    assert "王毅" not in glossary_file.read_text(encoding="utf-8")


def test_glossary_add_remove_errors(glossary_file, tmp_path):
    assert_one_line_error(invoke("glossary", "add", glossary_file, "王毅", " "), 2, "target")
    assert_one_line_error(invoke("glossary", "remove", glossary_file, "王毅"), 2, "no entry for 王毅")
    assert_one_line_error(invoke("glossary", "remove", tmp_path / "nope.tsv", "王毅"), 2, "nope.tsv")


def test_glossary_lint(glossary_file, tmp_path):
    clean = invoke("glossary", "lint", glossary_file)
    assert clean.exit_code == 0 and "0 problems" in clean.output
    dup = tmp_path / "dup.tsv"
    dup.write_text(HEADER + "外交部\tMinistry\n外交部\tMinistry\n", encoding="utf-8")
    found = invoke("glossary", "lint", dup)
    assert found.exit_code == 1 and "dup.tsv:3: duplicate" in found.stdout
    assert_one_line_error(invoke("glossary", "lint", tmp_path / "nope.tsv"), 2, "nope.tsv", "no such file")


def test_glossary_check(glossary_file):
    result = invoke("glossary", "check", bilingual.sample_dir(), "--glossary", glossary_file, "--no-shipped-glossary")
    assert result.exit_code == 0, result.output
    assert "\t外交部\tMinistry of Foreign Affairs\t" in result.stdout


def test_glossary_check_errors(tmp_path):
    assert_one_line_error(invoke("glossary", "check", tmp_path / "nope"), 2, "nope", "no such folder")
    empty = tmp_path / "empty"
    empty.mkdir()
    assert_one_line_error(invoke("glossary", "check", empty), 2, "no readable posts")


def test_glossary_suggest_writes_a_lint_clean_glossary(model_info, tmp_path):
    out = tmp_path / "suggested.tsv"
    result = invoke("glossary", "suggest", bilingual.sample_dir(), "--out", out, "--top", "10",
                    "--model", model_info.path)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count("\n") >= 4  # preamble, header, suggestions
    assert invoke("glossary", "lint", out).exit_code == 0
    assert_one_line_error(invoke("glossary", "suggest", bilingual.sample_dir(), "--out", tmp_path / "x.csv"), 2,
                          "x.csv", ".tsv")


def test_glossary_import_export(glossary_file, tmp_path):
    deepl = tmp_path / "deepl.csv"
    deepl.write_text("source,target\n王毅,Wang Yi\n", encoding="utf-8")
    result = invoke("glossary", "import", deepl, glossary_file, "--category", "person")
    assert result.exit_code == 0 and "imported 1 entry into" in result.stdout
    assert "王毅\tWang Yi\tperson" in glossary_file.read_text(encoding="utf-8")
    for suffix in ("csv", "tsv", "tbx"):
        out = tmp_path / f"out.{suffix}"
        assert invoke("glossary", "export", glossary_file, out).exit_code == 0
        assert "Wang Yi" in out.read_text(encoding="utf-8")


def test_glossary_import_export_errors(glossary_file, tmp_path):
    assert_one_line_error(invoke("glossary", "import", tmp_path / "missing.csv", glossary_file), 2, "missing.csv")
    one_column = tmp_path / "one.csv"
    one_column.write_text("王毅\n", encoding="utf-8")
    assert_one_line_error(invoke("glossary", "import", one_column, glossary_file), 2, "one.csv:1", "two columns")
    assert_one_line_error(invoke("glossary", "export", tmp_path / "missing.tsv", tmp_path / "x.csv"), 2, "missing.tsv")
    assert_one_line_error(invoke("glossary", "export", glossary_file, tmp_path / "x.pdf"), 2, "x.pdf")


# ------------------------------------------------------------------ config and --json


def test_config_file_sets_defaults_and_the_command_line_wins(model_info, tmp_path, monkeypatch):
    posts = tmp_path / "posts"
    shutil.copytree(bilingual.sample_dir(), posts)
    (posts / "bilingual.toml").write_text('formats = ["html"]\nlayout = "interleaved"\ntitle = "Mine"\n',
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    shown = invoke("config", posts)
    assert shown.exit_code == 0
    assert "layout = interleaved" in shown.stdout and "bilingual.toml" in shown.stdout
    result = invoke("translate", posts, "--out", tmp_path / "a", "--model", model_info.path, "--quiet")
    assert result.exit_code == 0, result.output
    assert not list((tmp_path / "a").glob("*.epub"))  # formats from the file
    page = next((tmp_path / "a" / "html").glob("2021/*/2021-*.html")).read_text(encoding="utf-8")
    assert "layout-interleaved" in page
    result = invoke("translate", posts, "--out", tmp_path / "b", "--model", model_info.path, "--quiet",
                    "--format", "epub", "--layout", "side-by-side")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "b").glob("*.epub")] == ["mine.epub"]  # title from the file
    assert not (tmp_path / "b" / "html").exists()


def test_a_bad_config_file_is_one_line_naming_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bilingual.toml").write_text('layut = "interleaved"\n', encoding="utf-8")
    assert_one_line_error(invoke("config"), 2, "bilingual.toml", "unknown setting 'layut'")
    (tmp_path / "bilingual.toml").write_text('layout = "sideways"\n', encoding="utf-8")
    assert_one_line_error(invoke("translate", "--sample"), 2, "bilingual.toml", "layout", "sideways")
    (tmp_path / "bilingual.toml").write_text("layout = \n", encoding="utf-8")
    assert_one_line_error(invoke("config"), 2, "bilingual.toml", "TOML")
    (tmp_path / "bilingual.toml").unlink()
    (tmp_path / "pyproject.toml").write_text('[tool.bilingual]\nbeam = "two"\n', encoding="utf-8")
    assert_one_line_error(invoke("config"), 2, "pyproject.toml [tool.bilingual]", "beam")


def test_json_report_on_stdout(model_info, tmp_path):
    result = invoke("translate", "--sample", "--out", tmp_path / "out", "--model", model_info.path, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["posts_exported"] == 4 and report["glossary"]["violations"] == 0
