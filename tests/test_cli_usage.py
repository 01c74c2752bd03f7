"""What a new user runs into on the command line: each case seen in use (issue 21), model-free (the fake engine
of test_outputs stands in for the model where a command translates)."""

from __future__ import annotations

import re
import time

import pytest
from test_cli import assert_one_line_error, invoke
from test_outputs import WordEngine, write_posts

import bilingual
from bilingual.translate.memory import Human, TranslationMemory
from bilingual.translate.translator import Translator


@pytest.fixture
def fake_model(monkeypatch, tmp_path):
    """open_translator gives the fake engine over a memory in tmp_path, after a second of 'loading'."""
    def open_translator(*args, **kwargs):
        time.sleep(1.0)
        return Translator(WordEngine(), TranslationMemory(tmp_path / "cache.sqlite3"))

    monkeypatch.setattr(bilingual, "open_translator", open_translator)
    return tmp_path / "cache.sqlite3"


def test_the_summary_counts_human_translations_and_the_whole_run(fake_model, tmp_path):
    posts = write_posts(tmp_path / "posts")
    with TranslationMemory(fake_model) as memory:
        memory.put_human_many([Human("联合国秘书长呼吁各方保持克制。", "The UN chief urged restraint.")])
    result = invoke("translate", posts, "--out", tmp_path / "out", "--quiet")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("3 of 3 posts exported, 0 failed; ")
    counts = re.search(r"(\d+) unique sentences: (\d+) translated, 0 from cache, (\d+) by a person"
                       r"(?:, (\d+) news lines? by rule)?;", first)
    unique, translated, human, by_rule = (int(n or 0) for n in counts.groups())
    assert human == 1 and translated + human + by_rule == unique
    assert float(first.rsplit("; ", 1)[1].removesuffix(" s")) >= 1.0  # model loading is part of the run


def test_one_post_is_not_posts(fake_model, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ntitle: 标题\ndate: 2021-01-01\n---\n\n两国领导人互致贺电。\n", encoding="utf-8")
    result = invoke("translate", posts, "--out", tmp_path / "out", "--quiet")
    assert result.stdout.startswith("1 of 1 post exported"), result.stdout


def test_a_folder_and_sample_together_is_an_error(tmp_path):
    posts = write_posts(tmp_path / "posts")
    assert_one_line_error(invoke("translate", posts, "--sample", "--out", tmp_path / "out"), 2, str(posts),
                          "--sample", "not both")
    assert not (tmp_path / "out").exists()


def test_convert_never_overwrites_the_originals(tmp_path):
    posts = write_posts(tmp_path / "posts")
    before = {p.name: p.read_bytes() for p in posts.iterdir()}
    assert_one_line_error(invoke("convert", posts, "--out", posts), 2, "is the posts folder")
    assert {p.name: p.read_bytes() for p in posts.iterdir()} == before


def test_config_shows_default_values_and_rejects_a_missing_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    posts = write_posts(tmp_path / "posts")
    result = invoke("config", posts)
    assert result.exit_code == 0
    assert "beam = 2\t(default" in result.stdout and "split_by = auto\t(default" in result.stdout
    assert "title = posts — bilingual edition\t(default" in result.stdout
    assert_one_line_error(invoke("config", tmp_path / "nowhere"), 2, "nowhere", "no such folder")


def test_screenshot_checks_its_tools_before_writing_anything(tmp_path, monkeypatch):
    from test_outputs import run

    posts = write_posts(tmp_path / "posts")
    run(posts, tmp_path / "out", tmp_path)
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = invoke("screenshot", tmp_path / "out", "--to", tmp_path / "png")
    assert_one_line_error(result, 2, "chromium", "not installed")
    assert not (tmp_path / "png").exists()


def test_eval_on_an_empty_pairs_file_says_so(tmp_path):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("\n", encoding="utf-8")
    assert_one_line_error(invoke("eval", pairs, "--model", tmp_path / "no-model"), 2, "pairs.tsv", "no pairs")


def test_two_targets_for_one_term_in_a_glossary_file_is_an_error(tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("source\ttarget\n王毅\tWang Yi\n外交部\tMFA\n王毅\tWang Yee\n", encoding="utf-8")
    posts = write_posts(tmp_path / "posts")
    result = invoke("translate", posts, "--glossary", mine, "--out", tmp_path / "out")
    assert_one_line_error(result, 2, "mine.tsv:4", "王毅", "Wang Yi", "line 2", "Wang Yee")


def test_review_export_of_a_glob_matching_no_post_is_an_error(tmp_path):
    from bilingual.errors import OptionError
    from bilingual.review import export_review

    posts = write_posts(tmp_path / "posts")
    with Translator(WordEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        with pytest.raises(OptionError, match="nomatch"):
            export_review(posts, tmp_path / "r.po", translator, post_glob="nomatch*")
        assert export_review(posts, tmp_path / "r.po", translator, post_glob="2021-01*") == 3
