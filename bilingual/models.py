"""Argos Translate model packages: find, read and install them, without argostranslate.

An `.argosmodel` file is a zip archive holding one package folder: `metadata.json` (from_code, to_code,
package_version), `model/` (the CTranslate2 model) and `sentencepiece.model`. We unpack it into
`$BILINGUAL_HOME/packages/<folder>`, the same layout argostranslate uses, and we also look in argostranslate's
own package folders, so a package installed by Argos Translate is found too. argostranslate itself (with its
stanza → torch dependencies, gigabytes) is needed only to fetch a package from the online index:
`pip install "bilingual[argos]"`.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
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
    path: Path
    from_code: str
    to_code: str
    version: str
    name: str

    @property
    def model_id(self) -> str:
        """Identifies the weights and our post-processing for the cache."""
        size = (self.path / "model" / "model.bin").stat().st_size
        return f"{self.name}-{self.version}-{size}-r{OUTPUT_REVISION}"


def read_package(path: Path) -> ModelInfo:
    """An installed (unpacked) Argos package folder."""
    path = Path(path)
    meta_path = path / "metadata.json"
    if not meta_path.is_file() or not (path / "model" / "model.bin").is_file():
        raise ModelNotFound(f"{path}: not an Argos package folder (needs metadata.json and model/model.bin)")
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
    f"or pass --model PATH (an .argosmodel file or an unpacked package folder), or set {MODEL_ENV}=PATH"
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
