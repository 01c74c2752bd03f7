import os
import subprocess
import sys

import pytest

from bilingual.files import FolderBusy, FolderLock, SlugRegistry, atomic_write, slugify
from bilingual.translate.memory import TranslationMemory, make_key


def test_memory_round_trip_and_persistence(tmp_path):
    key = make_key("model", "beam=2", "你好。")
    with TranslationMemory(tmp_path / "c.sqlite3") as memory:
        memory.put_many([(key, "你好。", "Hello.", "ok", "model")])
    with TranslationMemory(tmp_path / "c.sqlite3") as memory:
        assert memory.get_many([key, "other"]) == {key: ("Hello.", "ok", "model", None)}


def test_a_memory_from_before_origins_is_upgraded_in_place(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE translations (key TEXT PRIMARY KEY, source TEXT NOT NULL, translation TEXT NOT NULL,"
                   " status TEXT NOT NULL DEFAULT 'ok', created TEXT NOT NULL DEFAULT (datetime('now')))")
        db.execute("INSERT INTO translations (key, source, translation) VALUES ('k', '你好。', 'Hello.')")
    with TranslationMemory(path) as memory:
        assert memory.get_many(["k"]) == {"k": ("Hello.", "ok", "", None)}  # kept, origin and confidence unknown


def test_human_translations_are_keyed_by_source_alone(tmp_path):
    from bilingual.translate.memory import Human

    with TranslationMemory(tmp_path / "c.sqlite3") as memory:
        memory.put_human_many([Human("你好。", "Hi there.", "ann")])
        memory.put_human_many([Human("你好。", "Hello there.", "bob")])  # a later correction replaces it
        (found,) = memory.human_many(["你好。", "再见。"]).values()
    assert (found.translation, found.author) == ("Hello there.", "bob") and found.created


def test_cache_key_changes_with_model_settings_and_glossary():
    keys = {
        make_key("m1", "d", "句子"),
        make_key("m2", "d", "句子"),
        make_key("m1", "d2", "句子"),
        make_key("m1", "d", "句子", "外交部=Ministry"),
    }
    assert len(keys) == 4


@pytest.mark.parametrize(
    "name, slug",
    [
        ("2021-01-22-   武汉籍青年江腾达   ", "2021-01-22-武汉籍青年江腾达"),
        ("2021-01-22-[World] 美国：新疆|看点", "2021-01-22-world-美国-新疆-看点"),
        ("../../etc/passwd", "etc-passwd"),
        ("Covid-19 : 武汉", "covid-19-武汉"),
        ("：：：", "post"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_slugs_never_collide():
    slugs = SlugRegistry()
    got = [slugs.claim(n) for n in ["a b", "a|b", "A B", "index"]]
    assert got == ["a-b", "a-b-2", "a-b-3", "index-2"]


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out" / "f.txt"
    atomic_write(target, "one")
    atomic_write(target, "two")
    assert target.read_text() == "two"
    assert os.listdir(target.parent) == ["f.txt"]


def test_second_writer_on_same_folder_fails_clearly(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from bilingual.files import FolderLock\n"
         f"with FolderLock({str(tmp_path)!r}):\n    print('locked', flush=True); time.sleep(30)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(FolderBusy, match="another bilingual run"):
            with FolderLock(tmp_path):
                pass
    finally:
        holder.kill()
        holder.wait()
    with FolderLock(tmp_path):
        pass


def test_outputs_get_the_mode_of_any_new_file_and_no_lock_file_is_left(tmp_path):
    """A web server or another user must be able to read the published site: not 0600 temp-file modes."""
    old = os.umask(0o022)
    try:
        with FolderLock(tmp_path / "site"):
            atomic_write(tmp_path / "site" / "index.html", "<p>x</p>")
    finally:
        os.umask(old)
    assert (tmp_path / "site" / "index.html").stat().st_mode & 0o777 == 0o644
    assert os.listdir(tmp_path / "site") == ["index.html"]  # no .bilingual.lock in the site
