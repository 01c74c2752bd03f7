"""Translation models: Argos Translate packages and plain CTranslate2 model folders; find, read and install them,
without argostranslate.

A plain CTranslate2 folder (quickmt's, or one written by CTranslate2's converters: OPUS-MT, NLLB-200) holds
model.bin, config.json, its vocabularies and its SentencePiece model(s): sentencepiece.model, or source.spm and
target.spm. A multilingual model names its languages with tokens, given in `bilingual-model.toml` beside
model.bin (see LANGUAGE_CONFIG):

    source_prefix = ["zho_Hans"]   # before every source sentence
    source_suffix = ["</s>"]       # after it
    target_prefix = ["eng_Latn"]   # forced at the start of every translation, and cut from it

An `.argosmodel` file is a zip archive holding one package folder: `metadata.json` (from_code, to_code,
package_version), `model/` (the CTranslate2 model) and `sentencepiece.model`. We unpack it into
`$BILINGUAL_HOME/packages/<folder>`, the same layout argostranslate uses, and we also look in argostranslate's
own package folders, so a package installed by Argos Translate is found too. argostranslate itself (with its
stanza → torch dependencies, gigabytes) is needed only to fetch a package from the online index:
`pip install "bilingual[argos]"`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bilingual.errors import BilingualError

MODEL_ENV = "BILINGUAL_MODEL"
HOME_ENV = "BILINGUAL_HOME"
SOURCE_LANG, TARGET_LANG = "zh", "en"
# Part of every cached translation's key: bump when the stage changes what it makes of the model's output
# (detokenising, the checks, the steps after the first pass), so cached sentences are made again.
OUTPUT_REVISION = 4
ARGOS_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"


class ModelNotFound(BilingualError):
    """No usable zh→en model; the message says how to install one."""


def home_dir() -> Path:
    """Where installed models and the translation memory live: $BILINGUAL_HOME or the user data dir."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("bilingual", appauthor=False))


def packages_dir() -> Path:
    return home_dir() / "packages"


def argos_packages_dirs() -> list[Path]:
    """Where Argos Translate installs packages: $ARGOS_PACKAGES_DIR, else its user data dir."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return [Path(env).expanduser()]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return [data_home / "argos-translate" / "packages"]


@dataclass(frozen=True)
class ModelInfo:
    """A CTranslate2 translation model with its SentencePiece model(s): an Argos package (kind "argos": model/,
    sentencepiece.model, metadata.json) or a plain CTranslate2 folder (kind "ctranslate2": model.bin, config.json,
    vocabularies, and sentencepiece.model or source.spm/target.spm beside them)."""

    path: Path
    from_code: str
    to_code: str
    version: str
    name: str
    kind: str = "argos"
    # tokens around every source sentence and before every translation (NLLB: ("zho_Hans",), ("</s>",) and
    # ("eng_Latn",)), from the folder's bilingual-model.toml; the target prefix is cut from the output
    source_prefix: tuple[str, ...] = ()
    source_suffix: tuple[str, ...] = ()
    target_prefix: tuple[str, ...] = ()

    @property
    def model_dir(self) -> Path:
        """The CTranslate2 model folder (model.bin, config.json, vocabularies)."""
        return self.path / "model" if self.kind == "argos" else self.path

    @property
    def source_spm(self) -> Path:
        for name in ("sentencepiece.model", "source.spm"):
            if (self.path / name).is_file():
                return self.path / name
        raise ModelNotFound(f"{self.path}: no sentencepiece.model or source.spm")

    @property
    def target_spm(self) -> Path | None:
        """The target SentencePiece model where the folder has its own (quickmt, OPUS-MT); None: the pieces are
        joined as the Argos models need (engine.detokenize)."""
        target = self.path / "target.spm"
        return target if target.is_file() else None

    @property
    def model_id(self) -> str:
        """Identifies the weights, vocabularies, tokenizers, language tokens and our post-processing for the cache:
        a digest of the files, so the same model reached by another path (a package or a folder made from its
        files) shares its translations, and a changed file never serves stale ones."""
        return f"ct2-{model_digest(self)}-r{OUTPUT_REVISION}"

    @property
    def files(self) -> list[Path]:
        """What decides a translation: the model folder's files and the SentencePiece models."""
        tokenizers = [p for p in (self.source_spm, self.target_spm) if p is not None]
        # a plain folder holds its SentencePiece models beside model.bin: counted once, as tokenizers
        model_files = [p for p in sorted(self.model_dir.iterdir())
                       if p.is_file() and p.name != LANGUAGE_CONFIG and p not in tokenizers]
        return model_files + tokenizers


# The config beside a plain CTranslate2 model that needs language tokens (multilingual models such as NLLB-200).
LANGUAGE_CONFIG = "bilingual-model.toml"
_LANGUAGE_KEYS = ("source_prefix", "source_suffix", "target_prefix")


def model_digest(info: ModelInfo) -> str:
    """sha256 over the model's files (name, then contents) and its language tokens; 16 hex digits. Kept per
    (path, size, mtime) for the life of the process: an 80 MB model takes a few tenths of a second to hash."""
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in info.files)
    tokens = (info.source_prefix, info.source_suffix, info.target_prefix)
    return _digest(stamp, tokens)


@lru_cache(maxsize=16)
def _digest(stamp: tuple[tuple[str, int, int], ...], tokens: tuple[tuple[str, ...], ...]) -> str:
    digest = hashlib.sha256()
    for path, _, _ in stamp:
        digest.update(Path(path).name.encode() + b"\0")
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    digest.update(json.dumps(tokens).encode())
    return digest.hexdigest()[:16]


def read_package(path: Path) -> ModelInfo:
    """An installed (unpacked) Argos package folder, or a plain CTranslate2 model folder."""
    path = Path(path)
    if (path / "model.bin").is_file():
        return read_ctranslate2(path)
    meta_path = path / "metadata.json"
    if not meta_path.is_file() or not (path / "model" / "model.bin").is_file():
        raise ModelNotFound(
            f"{path}: not a model folder (an Argos package has metadata.json and model/model.bin; a CTranslate2 "
            "model has model.bin, config.json and its vocabularies)")
    if not (path / "sentencepiece.model").is_file():
        raise ModelNotFound(f"{path}: the package has no sentencepiece.model")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelNotFound(f"{meta_path}: unreadable package metadata ({exc})") from None
    if not isinstance(meta, dict):
        raise ModelNotFound(f"{meta_path}: package metadata is not a JSON object")
    return ModelInfo(
        path=path,
        from_code=str(meta.get("from_code", "")),
        to_code=str(meta.get("to_code", "")),
        version=str(meta.get("package_version", "")),
        name=path.name,
    )


def read_ctranslate2(path: Path) -> ModelInfo:
    """A CTranslate2 model folder as quickmt ships them and CTranslate2's converters write them: model.bin,
    config.json, vocabularies; with sentencepiece.model, or source.spm (and target.spm) beside them. Such a folder
    says nothing of its languages: it is taken to translate zh→en, with the language tokens of LANGUAGE_CONFIG."""
    if not (path / "config.json").is_file():
        raise ModelNotFound(f"{path}: a CTranslate2 model folder needs config.json beside model.bin")
    vocabularies = [p.name for p in path.iterdir() if p.name.endswith(("vocabulary.json", "vocabulary.txt"))]
    if not vocabularies:
        raise ModelNotFound(f"{path}: no vocabulary (shared_vocabulary.json, or source_/target_vocabulary.json)")
    if not any((path / name).is_file() for name in ("sentencepiece.model", "source.spm")):
        raise ModelNotFound(f"{path}: no SentencePiece model beside model.bin (sentencepiece.model or source.spm)")
    tokens = _language_tokens(path / LANGUAGE_CONFIG)
    if tokens:
        _check_in_vocabulary(path, tokens)
    return ModelInfo(path=path, from_code=SOURCE_LANG, to_code=TARGET_LANG, version="", name=path.name,
                     kind="ctranslate2", **tokens)


def _check_in_vocabulary(path: Path, tokens: dict[str, tuple[str, ...]]) -> None:
    """CTranslate2 turns a token it does not know into <unk> without a word: a misspelt language code would
    silently translate into the wrong language, so it is refused here."""
    for key, values in tokens.items():
        side = "target" if key.startswith("target") else "source"
        vocabulary = _vocabulary(path, side)
        for token in values:
            if token not in vocabulary:
                raise ModelNotFound(f"{path / LANGUAGE_CONFIG}: {key} token {token!r} is not in the model's "
                                    f"{side} vocabulary")


def _vocabulary(path: Path, side: str) -> set[str]:
    for name in (f"{side}_vocabulary", "shared_vocabulary"):
        if (path / f"{name}.json").is_file():
            try:
                return set(json.loads((path / f"{name}.json").read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError, TypeError) as exc:
                raise ModelNotFound(f"{path / name}.json: unreadable vocabulary ({exc})") from None
        if (path / f"{name}.txt").is_file():
            return set((path / f"{name}.txt").read_text(encoding="utf-8").splitlines())
    raise ModelNotFound(f"{path}: no {side} vocabulary")


def _language_tokens(config: Path) -> dict[str, tuple[str, ...]]:
    """source_prefix, source_suffix, target_prefix from LANGUAGE_CONFIG (each a list of tokens; all optional)."""
    if not config.is_file():
        return {}
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ModelNotFound(f"{config}: unreadable ({exc})") from None
    unknown = set(data) - set(_LANGUAGE_KEYS)
    if unknown:
        raise ModelNotFound(f"{config}: unknown key {sorted(unknown)[0]!r}; known: {', '.join(_LANGUAGE_KEYS)}")
    tokens = {}
    for key, value in data.items():
        if not isinstance(value, list) or not all(isinstance(t, str) and t for t in value):
            raise ModelNotFound(f"{config}: {key} must be a list of tokens, such as [\"eng_Latn\"]")
        tokens[key] = tuple(value)
    return tokens


def install_model(archive: Path) -> ModelInfo:
    """Unpack an .argosmodel file into $BILINGUAL_HOME/packages (once; an installed package is reused)."""
    archive = Path(archive).expanduser()
    if not archive.is_file():
        raise ModelNotFound(f"{archive}: no such file")
    if not zipfile.is_zipfile(archive):
        raise ModelNotFound(f"{archive}: not an .argosmodel package (not a zip archive)")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        top = sorted({name.split("/")[0] for name in names if "/" in name})
        if len(top) != 1:
            raise ModelNotFound(f"{archive}: expected one package folder inside, found {len(top)}")
        for name in names:
            # a hostile archive must not write outside the package folder (zip slip), nor be the folder itself
            first = name.split("/")[0]
            if name.startswith("/") or ".." in name.split("/") or first in ("", ".", "..") or first != top[0]:
                raise ModelNotFound(f"{archive}: unsafe path {name!r} in the archive")
        if f"{top[0]}/metadata.json" not in names:
            raise ModelNotFound(f"{archive}: not an Argos package (no metadata.json)")
        target = packages_dir() / top[0]
        if target.parent != packages_dir():
            raise ModelNotFound(f"{archive}: unsafe package folder {top[0]!r}")
        if not (target / "model" / "model.bin").is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            # unpack beside the target, then rename: a killed install never leaves half a package
            with tempfile.TemporaryDirectory(dir=target.parent, prefix=".installing-") as tmp:
                zf.extractall(tmp)
                if target.exists():
                    shutil.rmtree(target)
                os.replace(Path(tmp) / top[0], target)
    return read_package(target)


def install_from_index(from_code: str = SOURCE_LANG, to_code: str = TARGET_LANG) -> ModelInfo:
    """Online only: fetch a package from the Argos index with argostranslate's own API (bilingual[argos])."""
    _check_index_reachable()
    try:
        import argostranslate.package
        import argostranslate.settings
    except ImportError:
        raise ModelNotFound(
            'installing from the online index needs argostranslate: pip install "bilingual[argos]"; '
            "or download the .argosmodel file and run: bilingual models install FILE"
        ) from None
    target = packages_dir()
    target.mkdir(parents=True, exist_ok=True)
    argostranslate.settings.package_data_dir = target
    argostranslate.settings.package_dirs = [target]
    package = argostranslate.package
    try:
        package.update_package_index()
        available = [
            p for p in package.get_available_packages() if p.from_code == from_code and p.to_code == to_code
        ]
        if not available:
            raise ModelNotFound(f"the Argos package index has no {from_code}→{to_code} package")
        return install_model(Path(available[0].download()))
    except ModelNotFound:
        raise
    except Exception as exc:  # a network call through a library we do not control: one line, not its traceback
        raise ModelNotFound(f"could not install from the Argos package index ({type(exc).__name__}: {exc})") from None


def _check_index_reachable(timeout: float = 5.0) -> None:
    """Fail at once, in one line, where the index cannot be reached (argostranslate retries for minutes)."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(ARGOS_INDEX_URL, timeout=timeout):
            pass
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        raise ModelNotFound(
            f"cannot reach the Argos package index ({reason}); download translate-zh_en-*.argosmodel elsewhere "
            "and run: bilingual models install FILE"
        ) from None


def installed_models() -> list[ModelInfo]:
    """Packages in $BILINGUAL_HOME/packages, then those Argos Translate installed."""
    found = []
    for root in [packages_dir(), *argos_packages_dirs()]:
        if not root.is_dir():
            continue
        for child in sorted(root.iterdir()):
            try:
                found.append(read_package(child))
            except (ModelNotFound, OSError):
                continue
    return found


INSTALL_HINT = (
    "no Chinese→English model found. Install the Argos package once with "
    "`bilingual models install path/to/translate-zh_en-1_9.argosmodel`, "
    "or pass --model PATH (an .argosmodel file, an unpacked package folder or a CTranslate2 model folder), "
    f"or set {MODEL_ENV}=PATH"
)


def find_model(explicit: str | os.PathLike[str] | None) -> ModelInfo:
    """--model, then $BILINGUAL_MODEL, then an installed zh→en package."""
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
