"""The output folder: never read as posts, and after a run it holds exactly what that run produced (model-free:
a fake engine whose translation depends on the sentence alone)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bilingual.manifest import MANIFEST
from bilingual.options import RunOptions, Split
from bilingual.pipeline import translate_folder
from bilingual.translate.engine import Decoding
from bilingual.translate.memory import TranslationMemory
from bilingual.translate.translator import Translator

WORDS = "the minister said that both sides agreed to deepen cooperation on trade and climate".split()


class WordEngine:
    """A sentence's translation is a fixed English sentence of about its length, chosen by its hash."""

    model_id = "word-test-engine"
    decoding = Decoding()

    def tokenize(self, sentence):
        return list(sentence)

    def translate(self, sentences, decoding=None, progress=None):
        out = []
        for s in sentences:
            seed = int(hashlib.sha1(s.encode()).hexdigest(), 16)
            words = [WORDS[(seed >> (4 * i)) % len(WORDS)] for i in range(max(3, len(s) // 2))]
            out.append(" ".join(words).capitalize() + ".")
        return out

    def close(self):
        pass


POSTS = {
    "2021-01-05-a.md": ("一月的文章", "2021-01-05", "外交部发言人在记者会上回答提问。双方同意加强合作。"),
    "2021-02-10-b.md": ("二月的文章", "2021-02-10", "联合国秘书长呼吁各方保持克制。"),
    "2021-03-15-c.md": ("三月的文章", "2021-03-15", "两国领导人互致贺电，祝贺建交五十周年。"),
}


def write_posts(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (title, date, body) in POSTS.items():
        (folder / name).write_text(f"---\ntitle: {title}\ndate: {date}\nauthor: 新华社\n---\n\n{body}\n",
                                   encoding="utf-8")
    return folder


def run(posts: Path, out: Path, tmp: Path, **options):
    translator = Translator(WordEngine(), TranslationMemory(tmp / "cache.sqlite3"))
    with translator:
        return translate_folder(posts, out, translator, RunOptions(**options))


def files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("report.json", MANIFEST)}


def test_translating_a_posts_folder_into_itself_twice_gives_the_same_edition(tmp_path):
    posts = write_posts(tmp_path / "posts")
    out = posts / "exports"  # `translate .` with the default --out
    first = run(posts, out, tmp_path)
    edition = files(out)
    second = run(posts, out, tmp_path)
    assert (first.posts_read, second.posts_read) == (3, 3)
    assert (second.posts_exported, second.posts_failed) == (3, 0)
    assert files(out) == edition
    # an edition written elsewhere in the folder earlier (another --out) is not read either
    run(posts, posts / "other-edition", tmp_path)
    assert run(posts, out, tmp_path).posts_read == 3


def test_an_edition_from_before_manifests_is_not_read_as_posts(tmp_path):
    posts = write_posts(tmp_path / "posts")
    run(posts, posts / "old", tmp_path)
    (posts / "old" / MANIFEST).unlink()  # as a release before manifests left it: report.json and html/
    assert run(posts, tmp_path / "out", tmp_path).posts_read == 3


def test_out_cannot_be_the_posts_folder(tmp_path):
    from bilingual.errors import OptionError

    posts = write_posts(tmp_path / "posts")
    with pytest.raises(OptionError, match="is the posts folder"):
        run(posts, posts, tmp_path)


def test_a_deleted_post_loses_its_page_and_month_on_the_next_run(tmp_path):
    posts = write_posts(tmp_path / "posts")
    out = tmp_path / "out"
    run(posts, out, tmp_path)
    page = out / "html" / "2021" / "02" / "2021-02-10-b.html"
    assert page.is_file() and (out / "html" / "2021" / "02" / "index.html").is_file()
    (out / "notes.txt").write_text("mine", encoding="utf-8")  # not bilingual's: must be left alone
    (posts / "2021-02-10-b.md").unlink()
    report = run(posts, out, tmp_path)
    assert not (out / "html" / "2021" / "02").exists()  # page, month index and the empty folder
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    assert "2021/01/index.html" in index and "2021/02/" not in index
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert any("removed 2 files" in m for m in report.messages), report.messages
    assert any("notes.txt" in m and "did not write" in m for m in report.messages), report.messages
    assert json.loads((out / "report.json").read_text(encoding="utf-8"))["messages"] == report.messages


def test_a_run_with_other_options_leaves_only_its_own_outputs(tmp_path):
    posts = write_posts(tmp_path / "posts")
    out = tmp_path / "out"
    run(posts, out, tmp_path, split_by=Split.MONTH)
    assert len(list(out.glob("*.epub"))) == 3
    run(posts, out, tmp_path, split_by=Split.NONE, formats=("epub",))
    assert len(list(out.glob("*.epub"))) == 1
    assert not (out / "html").exists()
    listed = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"]
    assert sorted(listed) == sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                                    if p.is_file() and p.name != MANIFEST)
