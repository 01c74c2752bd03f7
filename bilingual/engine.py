"""The Argos zh→en package: find/install it (argostranslate's package API) and run its CTranslate2 model.

This is the only module that touches the model. argostranslate's own translate() splits sentences with
Stanza, which needs a download and fails offline, so we tokenize with the package's SentencePiece model and
call CTranslate2 ourselves.
"""

from __future__ import annotations

import json
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from functools import cached_property
from pathlib import Path
from typing import Protocol

from bilingual.errors import BilingualError

MODEL_ENV = "BILINGUAL_MODEL"
HOME_ENV = "BILINGUAL_HOME"
SOURCE_LANG, TARGET_LANG = "zh", "en"
OUTPUT_REVISION = 3


class ModelNotFound(BilingualError):
    """No zh→en model could be found; the message says how to install one."""


def home_dir() -> Path:
    """Where installed models and the translation cache live: $BILINGUAL_HOME or the user data dir."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("bilingual", appauthor=False))


def packages_dir() -> Path:
    return home_dir() / "packages"


def _argos_package_module():
    """argostranslate reads its package dir from the environment at import: point it at ours first."""
    target = packages_dir()
    target.mkdir(parents=True, exist_ok=True)
    os.environ["ARGOS_PACKAGES_DIR"] = str(target)
    import argostranslate.package
    import argostranslate.settings

    argostranslate.settings.package_data_dir = target
    argostranslate.settings.package_dirs = [target]
    return argostranslate.package


@dataclass(frozen=True)
class ModelInfo:
    path: Path
    from_code: str
    to_code: str
    version: str
    name: str

    @property
    def model_id(self) -> str:
        """Identifies the weights and our post-processing for the cache: bump OUTPUT_REVISION when
        detokenize() changes, so cached translations made by older code are not reused."""
        size = (self.path / "model" / "model.bin").stat().st_size
        return f"{self.name}-{self.version}-{size}-r{OUTPUT_REVISION}"


def read_package(path: Path) -> ModelInfo:
    """An installed (unpacked) Argos package folder."""
    path = Path(path)
    meta_path = path / "metadata.json"
    if not meta_path.is_file() or not (path / "model").is_dir():
        raise ModelNotFound(f"{path}: not an Argos package folder (needs metadata.json and model/)")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return ModelInfo(
        path=path,
        from_code=meta.get("from_code", ""),
        to_code=meta.get("to_code", ""),
        version=str(meta.get("package_version", "")),
        name=path.name,
    )


def install_model(archive: Path) -> ModelInfo:
    """Install an .argosmodel file into the data dir (argostranslate.package.install_from_path)."""
    archive = Path(archive).expanduser()
    if not archive.is_file():
        raise ModelNotFound(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise ModelNotFound(f"{archive}: not an .argosmodel package (not a zip archive)")
    with zipfile.ZipFile(archive) as zf:
        top = sorted({name.split("/")[0] for name in zf.namelist() if "/" in name})
    if len(top) != 1:
        raise ModelNotFound(f"{archive}: expected one package folder inside, found {len(top)}")
    target = packages_dir() / top[0]
    if not (target / "model" / "model.bin").is_file():
        _argos_package_module().install_from_path(archive)
    return read_package(target)


def install_from_index(from_code: str = SOURCE_LANG, to_code: str = TARGET_LANG) -> ModelInfo:
    """Online only: fetch a package from the Argos index with argostranslate's own API."""
    package = _argos_package_module()
    try:
        package.update_package_index()
        available = [
            p for p in package.get_available_packages() if p.from_code == from_code and p.to_code == to_code
        ]
    except Exception as exc:  # the index is a network call: report it, do not crash
        raise ModelNotFound(f"could not reach the Argos package index ({exc}); install from a file") from None
    if not available:
        raise ModelNotFound(f"the Argos package index has no {from_code}→{to_code} package")
    package.install_from_path(available[0].download())
    return find_model(None)


def installed_models() -> list[ModelInfo]:
    root = packages_dir()
    if not root.is_dir():
        return []
    found = []
    for child in sorted(root.iterdir()):
        try:
            found.append(read_package(child))
        except (ModelNotFound, ValueError, OSError):
            continue
    return found


INSTALL_HINT = (
    "no Chinese→English model found. Install the Argos package once with\n"
    "  bilingual models install path/to/translate-zh_en-1_9.argosmodel\n"
    f"or pass --model PATH (an .argosmodel file or an unpacked package folder), or set {MODEL_ENV}=PATH."
)


def find_model(explicit: str | os.PathLike | None) -> ModelInfo:
    """--model, then $BILINGUAL_MODEL, then an installed zh→en package in the data dir."""
    candidate = explicit or os.environ.get(MODEL_ENV)
    if candidate:
        path = Path(candidate).expanduser()
        if path.is_dir():
            info = read_package(path)
        elif path.is_file():
            info = install_model(path)
        else:
            raise ModelNotFound(f"{path}: no such model file or folder")
        if (info.from_code, info.to_code) != (SOURCE_LANG, TARGET_LANG):
            raise ModelNotFound(f"{path}: translates {info.from_code}→{info.to_code}, not zh→en")
        return info
    for info in installed_models():
        if (info.from_code, info.to_code) == (SOURCE_LANG, TARGET_LANG):
            return info
    raise ModelNotFound(INSTALL_HINT)


@dataclass(frozen=True)
class Decoding:
    """Decoding settings; part of every cache key. Defaults chosen by benchmarks/quality_speed.py."""

    beam_size: int = 2
    max_batch_size: int = 32
    length_penalty: float = 0.2
    max_decoding_length: int = 256
    no_repeat_ngram_size: int = 0
    repetition_penalty: float = 1.0

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


class TranslationEngine(Protocol):
    """What the translation stage needs from wherever the model runs (Engine here, DaskEngine on a cluster,
    fakes in tests): translations that depend on each sentence alone, and its token count for batching."""

    model_id: str
    decoding: Decoding

    def tokenize(self, sentence: str) -> list[str]: ...

    def translate(
        self,
        sentences: Sequence[str],
        decoding: Decoding | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]: ...

    def close(self) -> None: ...


class Tokenizing:
    """What every engine shares: the model's identity, its decoding settings and its SentencePiece tokenizer
    (batches are formed from token lengths, wherever the model runs)."""

    def __init__(self, model: ModelInfo, decoding: Decoding | None = None):
        import sentencepiece

        self.model = model
        self.decoding = decoding or Decoding()
        self.model_id = model.model_id
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model"))

    def tokenize(self, sentence: str) -> list[str]:
        return self._sp.encode(sentence, out_type=str)

    def close(self) -> None:
        """Release what the engine holds (a cluster); nothing for an in-process model."""


class Engine(Tokenizing):
    """A loaded model. translate() is deterministic per sentence: see _batches()."""

    def __init__(self, model: ModelInfo, decoding: Decoding | None = None, threads: int = 0):
        super().__init__(model, decoding)
        self._filler_tokens: list[str] = []
        # One batch per core, each on one thread: on the 2-core machines 2x1 ran 23.9 sentences/s, one batch
        # on 2 threads 8.4, one on 1 thread 12.0, all with identical output (benchmarks/quality_speed.py,
        # threads table). The weights are shared between the parallel batches.
        self.workers = threads or (os.cpu_count() or 1)

    @cached_property
    def _translator(self):
        """The CTranslate2 model, loaded on first use: a run served wholly from the cache never loads it."""
        import ctranslate2

        return ctranslate2.Translator(
            str(self.model.path / "model"),
            device="cpu",
            inter_threads=self.workers,
            intra_threads=1,
            compute_type="auto",
        )

    def translate(
        self,
        sentences: Sequence[str],
        decoding: Decoding | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> list[str]:
        """Translate sentences (Simplified Chinese) to English, one string per sentence, in order."""
        decoding = decoding or self.decoding
        tokens = [self.tokenize(s) for s in sentences]
        results: list[str] = [""] * len(sentences)
        # Every batch is queued at once (asynchronous) so each of the translator's workers always has one.
        pending = []
        for batch, padded_length in _batches(tokens, decoding.max_batch_size):
            inputs = [tokens[i] for i in batch]
            if max(map(len, inputs)) < padded_length:
                inputs.append(self._filler(padded_length))
            futures = self._translator.translate_batch(
                inputs,
                beam_size=decoding.beam_size,
                length_penalty=decoding.length_penalty,
                # A looping hypothesis would hold the whole batch to the global limit: cap output length by
                # the bin (English runs ~1.3 tokens per source token here; 3x + 20 leaves ample room).
                max_decoding_length=min(decoding.max_decoding_length, 3 * padded_length + 20),
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                repetition_penalty=decoding.repetition_penalty,
                replace_unknowns=True,
                max_batch_size=len(inputs),
                asynchronous=True,
            )
            pending.append((batch, futures))
        for batch, futures in pending:
            for i, future in zip(batch, futures, strict=False):  # the filler's output is dropped
                results[i] = detokenize(future.result().hypotheses[0])
            if progress:
                progress(len(batch))
        return results

    def _filler(self, length: int) -> list[str]:
        """A natural sentence cut to exactly `length` tokens: it fixes the batch's padded length."""
        if len(self._filler_tokens) < length:
            self._filler_tokens = self.tokenize(FILLER_TEXT * (length // 20 + 2))
        return self._filler_tokens[:length]


# Width of the token-length bins. Every batch is padded to the top of its bin (with a filler sentence when no
# member is that long), so a sentence is always translated at the same padded length. Measured: 0 of 300
# sentences changed across shuffled batch compositions and batch sizes, at 7.9 sentences/s where batches of one
# exact length gave 3.4 and free padding 14 (but changed 4-50 of 300 translations depending on the beam).
BIN_WIDTH = 8
FILLER_TEXT = (
    "中国外交部发言人在今天下午举行的例行记者会上回答了记者关于两国关系、地区局势以及国际合作等问题的提问，"
    "并表示中方愿同各方一道加强沟通协调，共同维护地区和平稳定与发展繁荣。"
)


def padded_length(length: int) -> int:
    return ((max(length, 1) - 1) // BIN_WIDTH + 1) * BIN_WIDTH


def _batches(tokens: list[list[str]], max_batch_size: int) -> list[tuple[list[int], int]]:
    """(indices, padded length) batches: one length bin per batch, room left for a filler sentence.

    CTranslate2 pads a batch to its longest member and the padding changes the output (measured: up to 50 of
    300 sentences at beam 1). Fixing the padded length per bin makes a sentence's translation independent of
    what else is in the run, so caching and resuming are exact.
    """
    by_bin: dict[int, list[int]] = {}
    for index, toks in enumerate(tokens):
        by_bin.setdefault(padded_length(len(toks)), []).append(index)
    size = max(1, max_batch_size - 1)
    batches = []
    for top in sorted(by_bin):
        group = sorted(by_bin[top], key=lambda i: len(tokens[i]))
        for start in range(0, len(group), size):
            batches.append((group[start:start + size], top))
    return batches


_SPACED_CLITIC = re.compile(r"(\w) ' (s|t|re|ve|ll|d|m)\b")
_SPACED_PLURAL_POSSESSIVE = re.compile(r"(\ws) ' (?=\w)")


def detokenize(pieces: Sequence[str]) -> str:
    # Target pieces are not all in the source SentencePiece vocabulary, so join them ourselves.
    text = "".join(pieces).replace("\u2581", " ").strip()
    # The model emits apostrophes as separate pieces: "China ' s" -> "China's", "members ' " -> "members' "
    text = _SPACED_CLITIC.sub(r"\1'\2", text)
    return _SPACED_PLURAL_POSSESSIVE.sub(r"\1' ", text)
