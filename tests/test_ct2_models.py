"""--model takes any CTranslate2 translation model: a plain folder made from the shipped package's own files
translates byte for byte as the package does; a small model made here exercises language tokens and a separate
target tokenizer."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tiny_model import make_model

from bilingual import models
from bilingual.errors import describe
from bilingual.translate.engine import Engine, detokenize

NLLB_STYLE = 'source_prefix = ["zho_Hans"]\nsource_suffix = ["</s>"]\ntarget_prefix = ["eng_Latn"]\n'
SENTENCES = ["我们明天去北京。", "双方要加强沟通协调，共同维护地区和平稳定。", "会议认为，今年夏粮生产形势总体较好。"]


def test_a_ctranslate2_folder_from_the_package_files_translates_byte_identically(model_info, tmp_path):
    from tests.conftest import PARALLEL, require

    folder = tmp_path / "plain-ct2"
    shutil.copytree(model_info.path / "model", folder)
    shutil.copy(model_info.path / "sentencepiece.model", folder / "sentencepiece.model")
    plain = models.find_model(folder)
    assert plain.kind == "ctranslate2" and plain.model_dir == folder
    # the same files, so the same identity: the two share their translations in the memory
    assert plain.model_id == model_info.model_id
    lines = require(PARALLEL, "the WMT21 pairs").read_text(encoding="utf-8").splitlines()
    sentences = [line.split("\t")[0] for line in lines[:24]]
    assert Engine(plain, threads=1).translate(sentences) == Engine(model_info, threads=1).translate(sentences)


def test_language_tokens_go_around_the_source_and_are_cut_from_the_output(tmp_path):
    info = models.find_model(make_model(tmp_path / "nllb-like", language_config=NLLB_STYLE))
    assert (info.kind, info.source_prefix, info.source_suffix, info.target_prefix) == (
        "ctranslate2", ("zho_Hans",), ("</s>",), ("eng_Latn",))
    engine = Engine(info, threads=1)
    tokens = engine.tokenize(SENTENCES[0])
    assert tokens[0] == "zho_Hans" and tokens[-1] == "</s>"
    out = engine.translate(SENTENCES)
    # the raw model starts every hypothesis with the forced target token; the engine's English does not
    raw = engine._translator.translate_batch([engine.tokenize(s) for s in SENTENCES],
                                             target_prefix=[["eng_Latn"]] * len(SENTENCES), beam_size=2,
                                             length_penalty=0.2, max_decoding_length=20)
    for text, result in zip(out, raw, strict=True):
        assert result.hypotheses[0][0] == "eng_Latn"
        assert not text.startswith("eng_Latn")
    assert out == engine.translate(SENTENCES)  # deterministic
    # another target language is another model for the cache, and the prefix really conditions the decoder
    (info.path / "bilingual-model.toml").write_text(NLLB_STYLE.replace("eng_Latn", "fra_Latn"), encoding="utf-8")
    french = models.find_model(info.path)
    assert french.model_id != info.model_id
    assert Engine(french, threads=1).translate(SENTENCES) != out


def test_a_separate_target_tokenizer_decodes_the_output(tmp_path):
    info = models.find_model(make_model(tmp_path / "quickmt-like", separate_target=True))
    assert info.source_spm.name == "source.spm" and info.target_spm is not None
    engine = Engine(info, threads=1)
    hypotheses = engine._translator.translate_batch([engine.tokenize(SENTENCES[0]) + ["。"] * 7],
                                                    beam_size=2, length_penalty=0.2, max_decoding_length=44)
    assert hypotheses  # the folder loads and runs
    out = engine.translate(SENTENCES)
    assert all("\u2581" not in text for text in out)  # the target SentencePiece model joined the pieces
    assert out != [detokenize([]) for _ in out]


@pytest.mark.parametrize(("setup", "problem"), [
    (lambda f: (f / "config.json").unlink(), "needs config.json"),
    (lambda f: (f / "sentencepiece.model").unlink(), "no SentencePiece model"),
    (lambda f: (f / "bilingual-model.toml").write_text('target_prefix = ["eng_Latin"]\n'), "not in the model's"),
    (lambda f: (f / "bilingual-model.toml").write_text('target = ["eng_Latn"]\n'), "unknown key 'target'"),
    (lambda f: (f / "bilingual-model.toml").write_text('target_prefix = "eng_Latn"\n'), "must be a list"),
    (lambda f: (f / "bilingual-model.toml").write_text('target_prefix = [\n'), "unreadable"),
])
def test_a_bad_model_folder_is_one_line_naming_it(tmp_path, setup, problem):
    folder = make_model(tmp_path / "bad")
    setup(folder)
    with pytest.raises(models.ModelNotFound) as caught:
        models.find_model(folder)
    message, code = describe(caught.value)
    assert problem in message and str(folder) in message and "\n" not in message and code == 2


def test_a_corrupt_model_bin_is_one_line(tmp_path):
    folder = make_model(tmp_path / "corrupt")
    (folder / "model.bin").write_bytes(b"not a model")
    with pytest.raises(models.ModelNotFound, match="cannot load the model"):
        Engine(models.find_model(folder), threads=1).translate(SENTENCES[:1])


def test_the_model_identity_changes_with_its_files(tmp_path):
    folder = make_model(tmp_path / "m")
    before = models.find_model(folder).model_id
    vocabulary = folder / "shared_vocabulary.json"
    vocabulary.write_text(vocabulary.read_text(encoding="utf-8").replace('"<unk>"', '"<unk> "'), encoding="utf-8")
    assert models.find_model(folder).model_id != before


def test_device_and_compute_type(tmp_path):
    info = models.find_model(make_model(tmp_path / "m"))
    assert Engine(info, device="auto").device in ("cpu", "cuda")
    assert Engine(info, compute_type="float32").model_id != Engine(info).model_id == info.model_id
    with pytest.raises(Exception, match="--device gpu"):
        Engine(info, device="gpu")
    assert isinstance(Path(info.model_dir), Path)
