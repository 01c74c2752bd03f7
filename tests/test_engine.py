"""The real model: deterministic batching, sane output, model discovery."""

import pytest

from bilingual import engine


def test_translates_real_sentences(eng):
    out = eng.translate(["中国外交部今天公布了这个消息。", "我们明天去北京。"])
    assert "Foreign" in out[0] or "foreign" in out[0]
    assert "beijing" in out[1].lower()
    assert all("\u2581" not in t for t in out)


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


def test_batches_hold_one_length_bin_and_leave_room_for_the_filler():
    tokens = [["a"] * n for n in (3, 5, 3, 9, 3, 16, 17)]
    batches = engine._batches(tokens, max_batch_size=3)
    for batch, padded in batches:
        assert len(batch) <= 2
        assert {engine.padded_length(len(tokens[i])) for i in batch} == {padded}
        assert all(len(tokens[i]) <= padded for i in batch)
    assert sorted(i for b, _ in batches for i in b) == list(range(7))
    assert engine.padded_length(8) == 8 and engine.padded_length(9) == 16


def test_model_not_found_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path))
    monkeypatch.delenv("BILINGUAL_MODEL", raising=False)
    with pytest.raises(engine.ModelNotFound, match="bilingual models install"):
        engine.find_model(None)


def test_rejects_a_file_that_is_not_a_package(tmp_path, monkeypatch):
    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path))
    bogus = tmp_path / "x.argosmodel"
    bogus.write_text("not a zip")
    with pytest.raises(engine.ModelNotFound, match="not an .argosmodel"):
        engine.find_model(bogus)
