"""Bad input, unsafe markup, kills and concurrent runs: the robustness promises, tested for real."""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import EXPECTED_FAILURES, run_cli


def test_each_bad_file_is_one_clear_line_and_the_rest_is_exported(full_run):
    run, out = full_run["run"], full_run["out"]
    assert run.returncode == 1, run.stderr[-2000:]  # some failed, the rest exported
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    for name, problem in EXPECTED_FAILURES.items():
        matching = [line for line in lines if name in line]
        assert len(matching) == 1, (name, lines)
        assert problem in matching[0], matching[0]
    assert len(lines) == len(EXPECTED_FAILURES), lines
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert {Path(f["file"]).name: f["error"] for f in report["failures"]}.keys() == EXPECTED_FAILURES.keys()
    assert report["posts_exported"] == report["posts_read"] - len(EXPECTED_FAILURES)


def test_awkward_file_names_get_safe_unique_slugs(full_run):
    site = full_run["out"] / "html"
    names = [str(p.relative_to(site)) for p in site.rglob("*")]
    assert len(names) == len(set(n.casefold() for n in names))
    for name in names:
        assert re.fullmatch(r"[\w\u3400-\u9fff./-]+", name), name
    titles = []
    for page in (full_run["out"] / "html").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        if soup.h1 and soup.h1.get("lang"):
            titles.append(soup.h1.get_text())
    assert "同名一" in titles and "同名二" in titles  # names that collide after slugging both survive


def test_legacy_encodings_english_and_mixed_posts_come_out_right(full_run):
    html = full_run["out"] / "html"
    gb = next(html.rglob("gb18030-encoded*.html")).read_text(encoding="utf-8")
    assert "外交部发言人在例行记者会上回答了记者的提问" in gb
    big5 = next(html.rglob("big5-encoded*.html")).read_text(encoding="utf-8")
    assert "外交部長今天啟程出訪東南亞三國" in big5
    english = BeautifulSoup(next(html.rglob("english-only*.html")).read_text(encoding="utf-8"), "lxml")
    assert [t.get_text() for t in english.select(".pair .translation")] == [
        "This post has no Chinese text at all.", "It should pass through untouched.",
    ]
    long_post = BeautifulSoup(next(html.rglob("no-punctuation*.html")).read_text(encoding="utf-8"), "lxml")
    (translation,) = long_post.select(".pair .translation")
    assert len(translation.get_text()) > 1000


UNSAFE_TAGS = ("script", "iframe", "form", "object", "embed", "frame", "frameset", "applet", "base", "input")


def assert_safe(markup: str, where: str) -> None:
    soup = BeautifulSoup(markup, "xml" if markup.lstrip().startswith("<?xml") else "lxml")
    for tag in soup.find_all(True):
        assert tag.name not in UNSAFE_TAGS, (where, str(tag)[:200])
        for attr, value in tag.attrs.items():
            assert not attr.lower().startswith("on"), (where, attr)
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attr in ("href", "src", "xlink:href", "action", "formaction", "data", "poster", "srcset"):
                assert not text.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (where, text)
                if tag.name != "a":
                    assert not re.match(r"(?i)\s*(https?:)?//", text), (where, tag.name, text)  # nothing remote
        if tag.name == "style":
            assert "url(" not in tag.get_text() and "@import" not in tag.get_text(), where
    assert "<script" not in markup.lower(), where


def test_no_unsafe_markup_in_any_output(full_run):
    out = full_run["out"]
    for page in (out / "html").rglob("*.html"):
        assert_safe(page.read_text(encoding="utf-8"), page.name)
    css = (out / "html" / "style.css").read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    from ebooklib import ITEM_DOCUMENT, epub

    (book,) = out.glob("*.epub")
    for item in epub.read_epub(str(book)).get_items_of_type(ITEM_DOCUMENT):
        assert_safe(item.get_content().decode("utf-8"), item.file_name)
    page = next((out / "html").rglob("unsafe-markup*.html")).read_text(encoding="utf-8")
    assert "&lt;script&gt;" in page  # the post's text about a script tag is shown as text


def run_in_background(args, home, model, env_extra=None):
    env = {**os.environ, "BILINGUAL_HOME": str(home), "BILINGUAL_MODEL": str(model), **(env_extra or {})}
    return subprocess.Popen([sys.executable, "-m", "bilingual.cli", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def cached_rows(home: Path) -> int:
    db = home / "cache.sqlite3"
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM translations").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_sigkill_then_rerun_is_byte_identical_and_resumes(model_info, tmp_path):
    import bilingual

    sample = bilingual.sample_dir()
    reference = run_cli(["translate", sample, "--out", tmp_path / "ref", "--quiet"], tmp_path / "ref-home",
                        model_info.path)
    assert reference.returncode == 0, reference.stderr
    total = int(re.search(r"(\d+) unique sentences", reference.stdout).group(1))
    by_rule = re.search(r"(\d+) news lines? by rule", reference.stdout)
    total -= int(by_rule.group(1)) if by_rule else 0  # rendered by rule: never cached, never translated

    home, out = tmp_path / "home", tmp_path / "out"
    proc = run_in_background(["translate", sample, "--out", out, "--quiet"], home, model_info.path,
                             {"BILINGUAL_COMMIT_EVERY": "4"})
    deadline = time.time() + 300
    while cached_rows(home) < 4 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = cached_rows(home)
    assert 0 < done < total, (done, total)
    assert not (out / "report.json").exists()  # no finished-looking output from the killed run

    rerun = run_cli(["translate", sample, "--out", out, "--quiet"], home, model_info.path)
    assert rerun.returncode == 0, rerun.stderr
    translated = int(re.search(r"(\d+) translated", rerun.stdout).group(1))
    assert translated == total - done  # only what was not yet cached
    ref = tmp_path / "ref"
    for path in [p for p in (ref / "html").rglob("*") if p.is_file()] + list(ref.glob("*.epub")):
        assert (out / path.relative_to(ref)).read_bytes() == path.read_bytes(), path.name


def test_ctrl_c_says_what_was_kept_and_the_rerun_translates_only_the_rest(model_info, tmp_path):
    import bilingual

    home, out = tmp_path / "home", tmp_path / "out"
    proc = run_in_background(["translate", bilingual.sample_dir(), "--out", out, "--quiet"], home, model_info.path,
                             {"BILINGUAL_COMMIT_EVERY": "4"})
    deadline = time.time() + 300
    while cached_rows(home) < 4 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    kept = int(re.search(r"interrupted; (\d+) new translations are kept", lines[0]).group(1))
    assert "run the same command again to resume" in lines[0]
    assert kept == cached_rows(home) > 0
    rerun = run_cli(["translate", bilingual.sample_dir(), "--out", out, "--quiet", "--json"], home, model_info.path)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["sentences_from_cache"] == kept  # nothing kept is translated again
    assert report["sentences_translated"] == report["sentences_unique"] - report["sentences_by_rule"] - kept


def test_second_run_on_a_busy_output_folder_fails_clearly(model_info, tmp_path):
    from bilingual.files import FolderLock

    with FolderLock(tmp_path / "out"):
        run = run_cli(["translate", "--sample", "--out", tmp_path / "out"], tmp_path / "home", model_info.path)
    assert run.returncode == 2
    assert "another bilingual run is writing here" in run.stderr


@pytest.mark.parametrize("flag", ["--fail-fast"])
def test_fail_fast_stops_at_the_first_bad_file(model_info, tmp_path, flag):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a-bad.md").write_text("---\ntitle: [\n---\n正文\n", encoding="utf-8")
    (posts / "b-good.md").write_text("---\ntitle: 标题\ndate: 2021-01-01\n---\n<p>你好。</p>\n", encoding="utf-8")
    run = run_cli(["translate", posts, "--out", tmp_path / "out", flag], tmp_path / "home", model_info.path)
    assert run.returncode == 2  # nothing could be done
    assert "a-bad.md: front matter is not valid YAML" in run.stderr
    assert "b-good" not in run.stdout


@pytest.mark.slow
def test_ctrl_c_half_way_through_a_cold_run_keeps_a_quarter_and_exits_at_once(model_info, corpus_posts, tmp_path):
    """A cold run of the real posts, timed; the same run in a fresh home, Ctrl-C at half that time: at least a
    quarter of the sentences are kept, the command is gone within 2 s, and the resumed run translates only the
    rest, into the same edition."""
    full_home, home = tmp_path / "full-home", tmp_path / "home"
    started = time.monotonic()
    full = run_cli(["translate", corpus_posts, "--out", tmp_path / "ref", "--quiet", "--json"], full_home,
                   model_info.path)
    cold_seconds = time.monotonic() - started
    assert full.returncode == 0, full.stderr
    full_report = json.loads(full.stdout)
    unique = full_report["sentences_unique"] - full_report["sentences_by_rule"]  # news lines are never cached

    proc = run_in_background(["translate", corpus_posts, "--out", tmp_path / "out", "--quiet"], home,
                             model_info.path)
    time.sleep(cold_seconds / 2)
    assert proc.poll() is None, "the run ended before half its own cold time"
    interrupted = time.monotonic()
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert time.monotonic() - interrupted < 2, "Ctrl-C took more than 2 s to exit"
    assert proc.returncode == 130, stderr
    kept = int(re.search(r"interrupted; (\d+) new translations are kept", stderr).group(1))
    assert kept == cached_rows(home)
    assert kept >= unique / 4, (kept, unique)

    rerun = run_cli(["translate", corpus_posts, "--out", tmp_path / "out", "--quiet", "--json"], home,
                    model_info.path)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["sentences_translated"] == unique - kept  # only the rest
    ref = tmp_path / "ref"
    for path in [p for p in (ref / "html").rglob("*.html")] + list(ref.glob("*.epub")):
        assert (tmp_path / "out" / path.relative_to(ref)).read_bytes() == path.read_bytes(), path.name
