"""Settings a user writes once: `[tool.bilingual]` in ./pyproject.toml, then ./bilingual.toml, then a
bilingual.toml in the posts folder (later files win); options on the command line win over all of them.

    # bilingual.toml
    glossaries = ["my-terms.tsv"]     # on top of the shipped glossary; paths relative to this file
    shipped_glossary = true
    layout = "interleaved"
    script = "traditional"
    formats = ["epub"]
    title = "My archive"
    beam = 2
    group_by = "month"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bilingual.errors import OptionError
from bilingual.options import Grouping, Layout, ScriptChoice, Split, choice, parse_formats

# key -> what it is, for `bilingual config` and errors
KEYS: dict[str, str] = {
    "glossaries": "glossary files on top of the shipped one (list of paths)",
    "shipped_glossary": "use the shipped glossary (true/false)",
    "glossary": "use any glossary at all (true/false)",
    "layout": "side-by-side | interleaved | original-first | translation-only",
    "script": "keep | simplified | traditional | taiwan | hongkong",
    "formats": "html, epub (list)",
    "title": "book and site title",
    "beam": "beam size of the model's search (integer)",
    "group_by": "none | month | source",
    "split_by": "auto | none | month | source",
    "model": "an .argosmodel file, an unpacked package folder or a CTranslate2 model folder",
    "engine": "ctranslate2 | openai",
    "api_base": "with engine openai: the server's base URL, such as http://127.0.0.1:11434/v1",
    "api_model": "with engine openai: the server's model name",
    "concurrency": "with engine openai: requests at a time (integer)",
    "device": "auto | cpu | cuda",
    "compute_type": "CTranslate2 compute type: auto, int8, float32, int8_float16, …",
    "threads": "CPU cores the model runs on (integer; 0: all)",
}
_TYPES: dict[str, type | tuple[type, ...]] = {
    "glossaries": list, "shipped_glossary": bool, "glossary": bool, "layout": str, "script": str,
    "formats": (list, str), "title": str, "beam": int, "group_by": str, "split_by": str, "model": str,
    "engine": str, "api_base": str, "api_model": str, "concurrency": int, "device": str, "compute_type": str,
    "threads": int,
}
_PATH_KEYS = {"model"}
_CHOICES: dict[str, type[Layout] | type[ScriptChoice] | type[Grouping] | type[Split]] = {
    "layout": Layout, "script": ScriptChoice, "group_by": Grouping, "split_by": Split,
}


@dataclass
class Settings:
    """The settings in force: key -> value, and key -> where it came from."""

    values: dict[str, Any] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


# The settings that are RunOptions fields, under the same names.
RUN_KEYS = ("formats", "script", "layout", "title", "group_by", "split_by")


def run_options(settings: Settings, given: dict[str, Any]) -> dict[str, Any]:
    """RunOptions fields: the ones given win over the settings; the rest keep RunOptions' defaults."""
    return {**{key: settings.values[key] for key in RUN_KEYS if key in settings.values}, **given}


def config_files(posts_dir: Path | None, cwd: Path | None = None) -> list[tuple[Path, str | None]]:
    """(file, TOML table or None for the whole file) in the order they apply; only files that exist."""
    cwd = cwd or Path.cwd()
    candidates: list[tuple[Path, str | None]] = [(cwd / "pyproject.toml", "tool.bilingual"),
                                                 (cwd / "bilingual.toml", None)]
    if posts_dir is not None and posts_dir.is_dir() and posts_dir.resolve() != cwd.resolve():
        candidates.append((posts_dir / "bilingual.toml", None))
    return [(path, table) for path, table in candidates if path.is_file()]


def load(posts_dir: Path | None = None, cwd: Path | None = None) -> Settings:
    """The settings of the config files that apply to a posts folder (or to the current folder alone)."""
    settings = Settings()
    for path, table in config_files(posts_dir, cwd):
        data = _read(path)
        if table:
            for part in table.split("."):
                data = data.get(part, {}) if isinstance(data, dict) else {}
        where = f"{path} [{table}]" if table else str(path)
        for key, value in data.items():
            settings.values[key] = _checked(key, value, path, where)
            settings.origins[key] = where
    return settings


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise OptionError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise OptionError(f"{path}: cannot read ({exc.strerror})") from None


def _checked(key: str, value: Any, path: Path, where: str) -> Any:
    if key not in KEYS:
        raise OptionError(f"{where}: unknown setting {key!r}; known: {', '.join(KEYS)}")
    expected = _TYPES[key]
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise OptionError(f"{where}: {key} = {value!r}: expected {KEYS[key]}")
    return _normalised(key, value, path, where)


def _normalised(key: str, value: Any, path: Path, where: str) -> Any:
    """Paths relative to the config file; choices as enums; checked ranges."""
    if key == "glossaries":
        if not all(isinstance(v, str) for v in value):
            raise OptionError(f"{where}: glossaries must be a list of file paths")
        return [str(path.parent / Path(v).expanduser()) for v in value]
    if key in _PATH_KEYS:
        return str(path.parent / Path(value).expanduser())
    if key in _CHOICES:
        return choice(_CHOICES[key], value, f"{where}: {key}")
    if key == "formats":
        try:
            return parse_formats(value)
        except OptionError as exc:
            raise OptionError(f"{where}: {exc}") from None
    if key in ("engine", "device") and value not in (allowed := KEYS[key].split(" | ")):
        raise OptionError(f"{where}: {key} = {value!r}: expected one of {', '.join(allowed)}")
    if (key == "concurrency" and value < 1) or (key == "threads" and value < 0):
        raise OptionError(f"{where}: {key} = {value}: expected {KEYS[key]}")
    if key == "beam" and not 1 <= value <= 16:
        raise OptionError(f"{where}: beam = {value}: expected 1 to 16")
    return value
