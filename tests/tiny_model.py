"""A tiny Transformer with random weights, written by a CTranslate2 converter, with a SentencePiece model trained
here: a real CTranslate2 model folder for the paths the shipped model cannot exercise (language tokens, a
separate target tokenizer), made in a second, nothing downloaded. Its output is gibberish, but deterministic."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from ctranslate2 import specs
from ctranslate2.converters import Converter
from ctranslate2.converters.opennmt_py import set_transformer_spec

LANGUAGE_TOKENS = ["zho_Hans", "eng_Latn", "fra_Latn"]
TEXT = [
    "中国外交部发言人在今天下午举行的例行记者会上回答了记者的提问。",
    "双方要加强沟通协调，共同维护地区和平稳定与发展繁荣。",
    "我们明天去北京。会议认为，今年夏粮生产形势总体较好。",
    "The spokesperson answered questions at the regular press conference this afternoon.",
    "Both sides should strengthen communication and jointly maintain regional peace and stability.",
    "We are going to Beijing tomorrow. The meeting held that the summer grain harvest looks good.",
]


class _RandomWeights(dict):
    """OpenNMT-py variable names -> random arrays of the shape each name needs (what a checkpoint would hold)."""

    def __init__(self, source_size: int, target_size: int, dim: int, ffn: int, seed: int):
        super().__init__()
        self.sizes, self.dim, self.ffn = (source_size, target_size), dim, ffn
        self.rng = np.random.default_rng(seed)

    def __missing__(self, name: str) -> np.ndarray:
        d = self.dim
        if name.endswith("pe.pe"):
            shape: tuple[int, ...] = (512, d)
        elif "emb_luts" in name:
            shape = (self.sizes[0] if name.startswith("encoder") else self.sizes[1], d)
        elif name == "generator.weight":
            shape = (self.sizes[1], d)
        elif "layer_norm" in name:
            value = np.ones(d, np.float32) if name.endswith("weight") else np.zeros(d, np.float32)
            self[name] = value
            return value
        elif name.endswith("w_1.weight"):
            shape = (self.ffn, d)
        elif name.endswith("w_2.weight"):
            shape = (d, self.ffn)
        else:
            shape = (d, d)
        value = self.rng.normal(0, 0.5, shape).astype(np.float32)
        self[name] = value
        return value


class RandomTransformerConverter(Converter):
    """A one-layer Transformer (model dim 16) with random weights over the given vocabularies."""

    def __init__(self, source_vocabulary: list[str], target_vocabulary: list[str], seed: int = 7):
        self.source_vocabulary, self.target_vocabulary, self.seed = source_vocabulary, target_vocabulary, seed

    def _load(self) -> specs.TransformerSpec:
        spec = specs.TransformerSpec.from_config((1, 1), 2)
        set_transformer_spec(spec, _RandomWeights(len(self.source_vocabulary), len(self.target_vocabulary),
                                                  dim=16, ffn=32, seed=self.seed))
        spec.register_source_vocabulary(self.source_vocabulary)
        spec.register_target_vocabulary(self.target_vocabulary)
        return spec


def train_spm(prefix: Path, vocab_size: int = 120) -> list[str]:
    """A SentencePiece model at prefix.model; returns its pieces."""
    import sentencepiece

    sentencepiece.SentencePieceTrainer.train(
        sentence_iterator=iter(TEXT * 3), model_prefix=str(prefix), vocab_size=vocab_size, character_coverage=1.0,
        model_type="unigram", minloglevel=2, hard_vocab_limit=False,
    )
    sp = sentencepiece.SentencePieceProcessor(model_file=f"{prefix}.model")
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def make_model(folder: Path, *, separate_target: bool = False, language_config: str | None = None) -> Path:
    """A CTranslate2 model folder: model.bin, config.json, vocabularies, and sentencepiece.model (or
    source.spm/target.spm with separate_target), and bilingual-model.toml when language_config is given."""
    folder.mkdir(parents=True)
    work = folder.parent / f"{folder.name}-spm"
    work.mkdir()
    pieces = train_spm(work / "sp")
    special = ["<unk>", "<s>", "</s>"]
    vocabulary = special + LANGUAGE_TOKENS + [p for p in pieces if p not in special]
    RandomTransformerConverter(vocabulary, vocabulary).convert(str(folder), force=True)
    model = (work / "sp.model").read_bytes()
    if separate_target:
        (folder / "source.spm").write_bytes(model)
        (folder / "target.spm").write_bytes(model)
    else:
        (folder / "sentencepiece.model").write_bytes(model)
    if language_config is not None:
        (folder / "bilingual-model.toml").write_text(language_config, encoding="utf-8")
    return folder
