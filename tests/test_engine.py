"""The real model: deterministic batching, sane output, model discovery."""

import pytest

from bilingual import models
from bilingual.translate import engine


def test_translates_real_sentences(eng):
    out = eng.translate(["中国外交部今天公布了这个消息。", "我们明天去北京。"])
    assert "Foreign" in out[0] or "foreign" in out[0]
    assert "beijing" in out[1].lower()
    assert all("\u2581" not in t for t in out)


def test_the_models_stock_phrases_never_come_out(eng):
    # for each of these clauses the model says "I'm not sure what I'm talking about.", "I'm sorry.", "I don't know.",
    # "The blogger says:" or "Photo by Flickr user @blogs.com": nothing of the source; the checks then ask again
    assert eng.translate(["古今中外，", "消极被关押，", "然而，", "与此同时，", "经查，"]) == [""] * 5


def test_translation_does_not_depend_on_batch_mates(eng):
    sentences = [
        "据中国央视新闻报道，外交部发言人在例行记者会上说，当前两国关系正处于关键十字路口。",
        "美国网络平台公布，两国元首将在美东时间今晚举行视频会晤。",
        "社评强调，要减少发生战略对撞的风险。",
        "他说，双方要加强共建合作。",
        "会议认为，今年夏粮生产形势总体较好，有望再获丰收。",
        "这是一句话。",
    ]
    alone = [eng.translate([s])[0] for s in sentences]
    together = eng.translate(sentences)
    assert together == alone
    assert eng.translate(list(reversed(sentences))) == list(reversed(alone))


def test_a_repeated_sentence_comes_back_in_each_of_its_places(eng):
    sentences = ["他说，双方要加强共建合作。", "这是一句话。", "他说，双方要加强共建合作。"]
    seen = []
    out = eng.translate(sentences, progress=seen.append)
    assert out[0] == out[2] == eng.translate([sentences[0]])[0]
    assert out[1] == eng.translate([sentences[1]])[0] != out[0]
    assert sum(seen) == 3  # a progress bar counting the sentences asked for still reaches its end


def test_batch_size_is_no_part_of_the_cache_key():
    """A batch holds one length bin, so its size never changes a translation: memories written with batches of 32
    still serve."""
    assert engine.Decoding(max_batch_size=64).key() == engine.Decoding(max_batch_size=32).key()
    assert engine.Decoding(beam_size=4).key() != engine.Decoding().key()


def test_batches_hold_one_length_bin_and_leave_room_for_the_filler():
    tokens = [["a"] * n for n in (3, 5, 3, 9, 3, 16, 17)]
    batches = engine.length_batches(tokens, max_batch_size=3)
    for batch, padded in batches:
        assert len(batch) <= 2
        assert {engine.padded_length(len(tokens[i])) for i in batch} == {padded}
        assert all(len(tokens[i]) <= padded for i in batch)
    assert sorted(i for b, _ in batches for i in b) == list(range(7))
    assert engine.padded_length(8) == 8 and engine.padded_length(9) == 16


def test_model_not_found_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path))
    monkeypatch.delenv("BILINGUAL_MODEL", raising=False)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    with pytest.raises(models.ModelNotFound, match="bilingual models install"):
        models.find_model(None)


def test_rejects_a_file_that_is_not_a_package(tmp_path, monkeypatch):
    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path))
    bogus = tmp_path / "x.argosmodel"
    bogus.write_text("not a zip")
    with pytest.raises(models.ModelNotFound, match="not an .argosmodel"):
        models.find_model(bogus)


def test_installs_without_argostranslate_and_finds_argos_installed_packages(model_info, tmp_path, monkeypatch):
    """Our own reader unpacks the .argosmodel into argostranslate's layout; a package that Argos Translate
    installed (in its own folder) is found as well."""
    import sys

    monkeypatch.setitem(sys.modules, "argostranslate", None)  # importing it would fail
    from conftest import _model_source

    source = _model_source()
    if source is None or source.is_dir():
        pytest.skip("needs the .argosmodel file")
    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path / "home"))
    info = models.install_model(source)
    assert info.path == tmp_path / "home" / "packages" / "translate-zh_en-1_9"
    assert (info.path / "model" / "model.bin").is_file() and (info.path / "sentencepiece.model").is_file()
    assert info.model_id == model_info.model_id  # the same package as argostranslate's install
    assert not [p for p in info.path.parent.iterdir() if p.name.startswith(".installing")]
    argos_dir = tmp_path / "argos"
    argos_dir.mkdir()
    info.path.rename(argos_dir / info.path.name)
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(argos_dir))
    monkeypatch.delenv("BILINGUAL_MODEL", raising=False)
    assert models.find_model(None).path == argos_dir / "translate-zh_en-1_9"


def test_refuses_an_archive_that_writes_outside_its_folder(tmp_path, monkeypatch):
    import zipfile

    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path / "home"))
    evil = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(evil, "w") as zf:
        zf.writestr("pkg/metadata.json", "{}")
        zf.writestr("pkg/../../escaped.txt", "x")
    with pytest.raises(models.ModelNotFound, match="unsafe path"):
        models.install_model(evil)
    assert not (tmp_path / "escaped.txt").exists()


def test_refuses_an_archive_whose_folder_is_dot(tmp_path, monkeypatch):
    import zipfile

    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path / "home"))
    kept = tmp_path / "home" / "packages" / "other-package"
    kept.mkdir(parents=True)
    dotted = tmp_path / "dotted.argosmodel"
    with zipfile.ZipFile(dotted, "w") as zf:
        zf.writestr("./metadata.json", "{}")
        zf.writestr("./model/model.bin", "x")
    with pytest.raises(models.ModelNotFound):
        models.install_model(dotted)
    assert kept.is_dir()  # other installed packages are never touched


def test_offline_index_install_fails_at_once_in_one_line(tmp_path, monkeypatch):
    import time

    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path))
    monkeypatch.setattr(models, "ARGOS_INDEX_URL", "http://127.0.0.1:9/index.json")  # nothing listens there
    started = time.perf_counter()
    with pytest.raises(models.ModelNotFound, match="cannot reach the Argos package index.*bilingual models install"):
        models.install_from_index("zh", "en")
    assert time.perf_counter() - started < 10


def test_a_call_of_one_long_bin_is_spread_over_the_workers():
    """Enforcement's late calls hold a few long sentences of one bin: one batch would keep one core busy while
    the other waits. The bin is split (its padded length kept), the costliest batches go first."""
    tokens = [["a"] * 60 for _ in range(20)] + [["a"] * 5 for _ in range(3)]
    batches = engine.spread(engine.length_batches(tokens, max_batch_size=64), workers=2)
    long_ones = [b for b, padded in batches if padded == 64]
    assert len(long_ones) >= 2 and all(len(b) >= 4 for b in long_ones)
    assert sorted(i for b, _ in batches for i in b) == list(range(23))
    assert all({engine.padded_length(len(tokens[i])) for i in b} == {padded} for b, padded in batches)
    assert batches[-1][1] == 8  # the cheap batch last
    # one worker: nothing to spread
    assert len(engine.spread(engine.length_batches(tokens, max_batch_size=64), workers=1)) == 2
