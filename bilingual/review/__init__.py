"""Corrections that stick: review files out to translators' tools and back in as human translations, and the
translation memory exchanged as TMX.

    export_review(posts_dir, out_file, translator, only=…, post_glob=…)   -> how many units were written
    import_review(file, memory, posts_dir=None)                           -> ImportResult
    export_memory(memory, out.tmx) / import_memory(file.tmx, memory)
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from bilingual import script
from bilingual.options import ReviewFilter
from bilingual.review import changes
from bilingual.review.formats import FileUnit, ReviewFileError, read_units, write_units
from bilingual.review.units import ReviewUnit, collect_units, folder_sources, posts_of
from bilingual.translate.memory import Human, TranslationMemory
from bilingual.translate.outcomes import Origin
from bilingual.translate.translator import Translator

__all__ = ["ImportResult", "ReviewFileError", "ReviewFilter", "export_memory", "export_review", "import_memory",
           "import_review"]


def export_review(
    posts_dir: Path, out: Path, translator: Translator, only: ReviewFilter | str = ReviewFilter.ALL,
    post_glob: str | None = None,
) -> int:
    """Write a review file (format from out's suffix) of the posts' sentences; returns the number of units."""
    from bilingual.errors import UnreadableInput
    from bilingual.options import choice

    only = choice(ReviewFilter, only, "--only")
    if not Path(posts_dir).is_dir():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    posts = posts_of(Path(posts_dir))
    if post_glob and not any(fnmatch.fnmatch(p.path.name, post_glob) for p in posts):
        from bilingual.errors import OptionError

        raise OptionError(f"--post {post_glob}: matches no post file name in {posts_dir}")
    units = collect_units(posts, translator, only, post_glob)
    write_units(Path(out), units, Path(posts_dir).resolve())
    return len(units)


@dataclass
class ImportResult:
    imported: int = 0  # targets a person changed: now human translations
    unchanged: int = 0  # the machine translation, or the human one already in the memory, left as it was
    replaced: int = 0  # of the imported, how many replaced an earlier, different human translation
    conflicts: list[str] = field(default_factory=list)  # units not imported, one line each: why


def import_review(path: Path, memory: TranslationMemory, posts_dir: Path | None = None) -> ImportResult:
    """Every target a person changed becomes a human translation (changes.judge: compared with the texts the
    unit was exported with, after undoing editors' rewrites), in one transaction. A problem with any unit
    (source not in the folder, empty target, no machine translation recorded) imports nothing and names the file
    and unit; a unit whose sentence changed in the memory since the export is a conflict, left out and reported."""
    path = Path(path)
    units, recorded = read_units(path)
    folder = _posts_folder(path, recorded, posts_dir)
    known = folder_sources(posts_of(folder))
    sources = [script.to_model_input(u.source.strip()) for u in units]
    machine_now = memory.machine_many(sources)
    human_now = memory.human_many(sources)
    changed: dict[str, list[FileUnit]] = {}
    result = ImportResult()
    for unit, source in zip(units, sources, strict=True):
        where = f"{path}: unit {unit.id}"
        if not source:
            raise ReviewFileError(f"{where}: empty source")
        if known is not None and source not in known:
            raise ReviewFileError(f"{where}: source {_short(source)} is not in {folder}")
        if unit.machine is None:
            raise ReviewFileError(f"{where}: no machine translation recorded; is this a bilingual review file?")
        if not unit.target.strip():
            if unit.machine.strip() or (unit.human or "").strip():
                raise ReviewFileError(f"{where}: empty target")
            result.unchanged += 1  # a flagged sentence nobody translated
            continue
        human = human_now.get(source)
        verdict = changes.judge(unit.target, unit.machine, unit.human, machine_now.get(source, []),
                                human.translation if human else None)
        if verdict.kind == changes.UNCHANGED:
            result.unchanged += 1
        elif verdict.kind == changes.CONFLICT:
            result.conflicts.append(f"{where}: {_short(source)} not imported: {verdict.reason}")
        else:
            changed.setdefault(source, []).append(unit)
    rows = []
    for source, given in changed.items():
        if len({changes.normalise(u.target) for u in given}) > 1:
            result.conflicts.append(f"{path}: units {', '.join(u.id for u in given)} translate {_short(source)} "
                                    "differently; none of them imported")
            continue
        unit = given[-1]
        rows.append(Human(source, " ".join(unit.target.split()), unit.author, _date(unit.date), f"from {path.name}"))
    result.replaced = sum(1 for r in rows if r.source in human_now)
    result.imported = memory.put_human_many(rows)
    return result


def _posts_folder(path: Path, recorded: str, posts_dir: Path | None) -> Path:
    folder = Path(posts_dir) if posts_dir else (Path(recorded) if recorded else None)
    if folder is None:
        raise ReviewFileError(f"{path}: the file does not say which posts it came from; pass --posts POSTS_DIR")
    if not folder.is_dir():
        where = "" if posts_dir else f"{path} was exported from "
        raise ReviewFileError(f"{where}{folder}: no such folder; pass --posts POSTS_DIR")
    return folder


def export_memory(memory: TranslationMemory, out: Path) -> tuple[int, int]:
    """The memory as TMX: a unit per sentence, its target the human translation where there is one, else the
    newest usable machine translation (origin marked); the machine and human texts each in their own prop.
    Returns (human, machine) unit counts."""
    humans = memory.human_all()
    human_sources = {h.source for h in humans}
    machine: dict[str, tuple[str, str]] = {}
    for source, translation, origin in memory.machine_all():
        if script.has_han(source):
            machine[source] = (translation, Origin.parse(origin))
    units = [ReviewUnit(h.source, machine.get(h.source, ("", ""))[0], Origin.HUMAN, target=h.translation,
                        human=h.translation) for h in humans]
    units += [ReviewUnit(s, t, origin, target=t) for s, (t, origin) in sorted(machine.items())
              if s not in human_sources]
    write_units(Path(out), units, None) if Path(out).suffix.lower() == ".tmx" else _only_tmx(out)
    return len(humans), len(units) - len(humans)


def import_memory(path: Path, memory: TranslationMemory) -> tuple[int, int]:
    """Bring in a TMX memory (ours or another tool's): units count as human translations unless marked as
    machine output (our own export marks them). Exact matches on the normalised source. Returns
    (imported, skipped as machine)."""
    if Path(path).suffix.lower() != ".tmx":
        _only_tmx(path)
    units, _ = read_units(Path(path))
    rows, skipped = [], 0
    for unit in units:
        if unit.origin and unit.origin != Origin.HUMAN:
            skipped += 1
            continue
        source, target = script.to_model_input(unit.source.strip()), " ".join(unit.target.split())
        if not source or not target:
            raise ReviewFileError(f"{path}: unit {unit.id}: empty {'source' if not source else 'target'}")
        rows.append(Human(source, target, unit.author, _date(unit.date), f"from {Path(path).name}"))
    return memory.put_human_many(rows), skipped


def _only_tmx(path: Path) -> None:
    raise ReviewFileError(f"{path}: a translation memory is exchanged as .tmx")


def _short(text: str) -> str:
    return repr(text if len(text) <= 30 else text[:30] + "…")


def _date(text: str) -> str:
    """TMX dates (20211115T101500Z) and ISO dates as SQLite datetime text; '' when there is none."""
    text = text.strip()
    for fmt in ("%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).strftime("%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
    return ""
