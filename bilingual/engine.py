"""The Argos zh→en package: find/install it (argostranslate's package API) and run its CTranslate2 model.

This is the only module that touches the model. argostranslate's own translate() splits sentences with
Stanza, which needs a download and fails offline, so we tokenize with the package's SentencePiece model and
call CTranslate2 ourselves.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

MODEL_ENV = "BILINGUAL_MODEL"
HOME_ENV = "BILINGUAL_HOME"
SOURCE_LANG, TARGET_LANG = "zh", "en"
OUTPUT_REVISION = 1


class ModelNotFound(Exception):
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


class Engine:
    """A loaded model. translate() is deterministic per sentence: see _batches()."""

    def __init__(self, model: ModelInfo, decoding: Decoding | None = None, threads: int = 0):
        import ctranslate2
        import sentencepiece

        self.model = model
        self.decoding = decoding or Decoding()
        self.model_id = model.model_id
        self._sp = sentencepiece.SentencePieceProcessor(model_file=str(model.path / "sentencepiece.model"))
        self._translator = ctranslate2.Translator(
            str(model.path / "model"),
            device="cpu",
            inter_threads=1,
            intra_threads=threads or (os.cpu_count() or 1),
            compute_type="auto",
        )

    def tokenize(self, sentence: str) -> list[str]:
        return self._sp.encode(sentence, out_type=str)

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
        for batch in _batches(tokens, decoding.max_batch_size):
            outputs = self._translator.translate_batch(
                [tokens[i] for i in batch],
                beam_size=decoding.beam_size,
                length_penalty=decoding.length_penalty,
                max_decoding_length=decoding.max_decoding_length,
                no_repeat_ngram_size=decoding.no_repeat_ngram_size,
                repetition_penalty=decoding.repetition_penalty,
                replace_unknowns=True,
                max_batch_size=decoding.max_batch_size,
            )
            for i, output in zip(batch, outputs, strict=True):
                results[i] = detokenize(output.hypotheses[0])
            if progress:
                progress(len(batch))
        return results


def _batches(tokens: list[list[str]], max_batch_size: int) -> list[list[int]]:
    """Indices grouped so that every batch holds sentences of one token length.

    CTranslate2 output changes when a sentence is padded to a longer neighbour (measured: 18 of 60 sentences
    differed), but not when its batch-mates have its own length (0 of 80). Equal-length batches make a
    sentence's translation independent of what else is in the run, so caching and resuming are exact.
    """
    by_length: dict[int, list[int]] = {}
    for index, toks in enumerate(tokens):
        by_length.setdefault(len(toks), []).append(index)
    batches = []
    for length in sorted(by_length):
        group = by_length[length]
        for start in range(0, len(group), max_batch_size):
            batches.append(group[start:start + max_batch_size])
    return batches


_SPACED_CLITIC = re.compile(r"(\w) ' (s|t|re|ve|ll|d|m)\b")
_SPACED_PLURAL_POSSESSIVE = re.compile(r"(\ws) ' (?=\w)")


def detokenize(pieces: Sequence[str]) -> str:
    # Target pieces are not all in the source SentencePiece vocabulary, so join them ourselves.
    text = "".join(pieces).replace("\u2581", " ").strip()
    # The model emits apostrophes as separate pieces: "China ' s" -> "China's", "members ' " -> "members' "
    text = _SPACED_CLITIC.sub(r"\1'\2", text)
    return _SPACED_PLURAL_POSSESSIVE.sub(r"\1' ", text)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
