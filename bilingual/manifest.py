"""What a run wrote into its output folder, so that a re-run converges and an edition is never read as posts.

Each run of `translate` leaves `.bilingual-manifest.json` in --out: the files it wrote. The next run removes
the files the previous one wrote and this one did not (a deleted post's page, a month that is now empty, the
books of another --split-by, a glossary-log.csv no longer asked for); files bilingual did not write are listed
and left. A folder with a manifest (or, from before manifests, report.json beside html/index.html) is an
edition: posts.iter_post_paths never reads it.

    is_edition(folder)            -> bool
    converge(out_dir, written)    -> Converged(removed, foreign): also writes the new manifest
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".bilingual-manifest.json"


def is_edition(folder: Path) -> bool:
    folder = Path(folder)
    return (folder / MANIFEST).is_file() or (
        (folder / "report.json").is_file() and (folder / "html" / "index.html").is_file())


@dataclass
class Converged:
    removed: list[str] = field(default_factory=list)  # written by an earlier run, not by this one: deleted
    foreign: list[str] = field(default_factory=list)  # never written by bilingual: left where they are

    def messages(self, out_dir: Path) -> list[str]:
        lines = []
        if self.removed:
            lines.append(f"removed {_count(self.removed, 'file')} an earlier run wrote in {out_dir} and this one "
                         f"did not: {_some(self.removed)}")
        if self.foreign:
            lines.append(f"left {_count(self.foreign, 'file')} in {out_dir} that bilingual did not write: "
                         f"{_some(self.foreign)}")
        return lines


def converge(out_dir: Path, written: Iterable[Path]) -> Converged:
    """Remove what the previous run wrote and this one did not, list what no run wrote, write the manifest."""
    from bilingual.files import atomic_write

    out_dir = Path(out_dir).resolve()
    now = {_relative(Path(p).resolve(), out_dir) for p in written}
    now.discard(None)
    previous = _read(out_dir)
    result = Converged()
    for name in sorted(previous - now):
        path = out_dir / name
        if path.is_file() and out_dir in path.resolve().parents:
            path.unlink()
            result.removed.append(name)
            _prune_empty(path.parent, out_dir)
    for path in sorted(out_dir.rglob("*")):
        name = path.relative_to(out_dir).as_posix()
        if path.is_file() and name != MANIFEST and name not in now and not _inside_edition(path, out_dir):
            result.foreign.append(name)
    files = sorted(n for n in now if n is not None)
    atomic_write(out_dir / MANIFEST, json.dumps({"tool": "bilingual", "files": files}, ensure_ascii=False,
                                                indent=0) + "\n")
    return result


def _read(out_dir: Path) -> set[str]:
    try:
        data = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
        return {str(name) for name in data["files"] if ".." not in Path(str(name)).parts}
    except (OSError, ValueError, KeyError, TypeError):
        return set()  # no manifest (a first run, or a folder from before manifests), or a damaged one: remove nothing


def _relative(path: Path, out_dir: Path) -> str | None:
    try:
        return path.relative_to(out_dir).as_posix()
    except ValueError:
        return None


def _inside_edition(path: Path, out_dir: Path) -> bool:
    """Another edition nested in this output folder (a --out below --out) is that edition's business."""
    return any(is_edition(parent) for parent in path.parents if out_dir in parent.parents)


def _prune_empty(folder: Path, out_dir: Path) -> None:
    while folder != out_dir and out_dir in folder.parents:
        try:
            folder.rmdir()  # only when empty
        except OSError:
            return
        folder = folder.parent


def _count(names: list[str], word: str) -> str:
    return f"{len(names)} {word}{'' if len(names) == 1 else 's'}"


def _some(names: list[str]) -> str:
    return ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
