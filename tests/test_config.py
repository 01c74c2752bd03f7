"""Settings (bilingual.toml, [tool.bilingual]) are resolved in the library: the API honours them as the CLI does."""

from __future__ import annotations

import shutil

import bilingual
from bilingual import config
from bilingual.options import Layout, RunOptions


def test_given_options_win_over_the_settings_which_win_over_the_defaults(tmp_path):
    (tmp_path / "bilingual.toml").write_text('layout = "interleaved"\ntitle = "Mine"\nbeam = 3\n', encoding="utf-8")
    settings = bilingual.load_settings(tmp_path)
    options = RunOptions(**config.run_options(settings, {"title": "Given"}))
    assert options.layout == Layout.INTERLEAVED  # from the file
    assert options.title == "Given"  # given wins
    assert options.group_by == RunOptions().group_by  # neither: the default
    assert settings.get("beam") == 3


def test_the_glossary_the_settings_ask_for(tmp_path):
    mine = tmp_path / "mine.tsv"
    mine.write_text("source\ttarget\tcategory\tvariants\tflags\tnotes\n相向而行\tmeet halfway\tphrase\t\t\t\n",
                    encoding="utf-8")
    (tmp_path / "bilingual.toml").write_text('glossaries = ["mine.tsv"]\nshipped_glossary = false\n', encoding="utf-8")
    glossary = bilingual.configured_glossary(bilingual.load_settings(tmp_path))
    assert glossary is not None and [e.target for e in glossary.entries] == ["meet halfway"]
    (tmp_path / "bilingual.toml").write_text("glossary = false\n", encoding="utf-8")
    assert bilingual.configured_glossary(bilingual.load_settings(tmp_path)) is None


def test_translate_folder_reads_the_posts_folders_settings_as_the_cli_does(model_info, tmp_path, monkeypatch):
    posts = tmp_path / "posts"
    shutil.copytree(bilingual.sample_dir(), posts)
    (posts / "bilingual.toml").write_text(f'formats = ["epub"]\ntitle = "Mine"\nmodel = "{model_info.path}"\n',
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BILINGUAL_MODEL", raising=False)  # the model comes from the settings
    report = bilingual.translate_folder(posts, tmp_path / "out")
    assert report.posts_exported == 4
    assert [p.name for p in (tmp_path / "out").glob("*.epub")] == ["mine.epub"]
    assert not (tmp_path / "out" / "html").exists()
