"""The glossary file format: UTF-8 TSV, one entry a line, `#` starts a comment line, the header line required.

    source  target  category  variants  flags  notes

- source: the term as written in Simplified (Traditional input is normalised with OpenCC before matching);
- target: the English rendering; `|` separates accepted renderings, the first is the one put in;
- variants: extra source forms separated by `|` (Traditional forms are generated with OpenCC when not given);
- flags: comma-separated: `keep` (do not translate: the source term is kept as is), `exact-case` (never
  capitalise the rendering at the start of a sentence), `shield` (this entry deliberately overrides a shorter
  entry inside it, e.g. 马里兰 Maryland over 马里 Mali; lint's shadowed rule accepts it), `before-noun=FORM`
  (the accepted rendering put in where the term modifies a noun: 美国 `before-noun=US` gives "US soybeans"),
  `the` (a body's name takes "the" where it is put in with no determiner before it: "according to the Ministry of
  Emergency Management", not "according to Ministry of Emergency Management").
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from bilingual.errors import GlossaryError
from bilingual.files import read_user_file
from bilingual.terms.entry import BEFORE_NOUN, KNOWN_FLAGS, Entry

COLUMNS = ("source", "target", "category", "variants", "flags", "notes")


def read_entries(path: Path, allow_empty: bool = False) -> list[Entry]:
    """Every entry of a glossary file. Raises GlossaryError naming the file and line of the first problem;
    an entry with no source or no target is one (lint reads with allow_empty=True to list them all)."""
    path = Path(path)
    text = read_user_file(path, GlossaryError)
    entries: list[Entry] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            if cells[0].strip().lower() != "source":
                raise GlossaryError(f"{path}:{number}: expected the header line 'source<TAB>target<TAB>…'")
            header_seen = True
            continue
        if len(cells) > len(COLUMNS):
            raise GlossaryError(f"{path}:{number}: {len(cells)} columns, at most {len(COLUMNS)}")
        cells += [""] * (len(COLUMNS) - len(cells))
        source, target, category, variants, flags, notes = (c.strip() for c in cells)
        if not allow_empty and not (source and target):
            raise GlossaryError(f"{path}:{number}: an entry needs a source and a target")
        flag_set = frozenset(f.strip() for f in flags.split(",") if f.strip())
        unknown = {f for f in flag_set - KNOWN_FLAGS if not f.startswith(BEFORE_NOUN)}
        if unknown:
            raise GlossaryError(f"{path}:{number}: unknown flag {', '.join(sorted(unknown))}")
        if sum(1 for f in flag_set if f.startswith(BEFORE_NOUN)) > 1:
            raise GlossaryError(f"{path}:{number}: more than one {BEFORE_NOUN}FORM flag")
        entry = Entry(
            source=source,
            target=target,
            category=category,
            variants=tuple(v.strip() for v in variants.split("|") if v.strip()),
            flags=flag_set,
            notes=notes,
            file=str(path),
            line=number,
        )
        if entry.before_noun and entry.before_noun not in entry.accepted:
            raise GlossaryError(f"{path}:{number}: {BEFORE_NOUN}{entry.before_noun}: the form must be one of the "
                                "target's renderings")
        entries.append(entry)
    if not header_seen:
        raise GlossaryError(f"{path}: empty glossary (no header line)")
    return entries


def format_entries(entries: Iterable[Entry], preamble: str = "") -> str:
    out = io.StringIO()
    if preamble:
        out.write(preamble if preamble.endswith("\n") else preamble + "\n")
    out.write("\t".join(COLUMNS) + "\n")
    for e in entries:
        cells = tuple(" ".join(cell.split()) for cell in  # a tab or line break would break the file's rows
                      (e.source, e.target, e.category, "|".join(e.variants), ",".join(sorted(e.flags)), e.notes))
        out.write("\t".join(cells).rstrip("\t") + "\n")
    return out.getvalue()


def read_preamble(path: Path) -> str:
    """The leading comment block of a glossary file (attribution lines), kept when the file is rewritten."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "\n".join(lines).strip("\n")


def merge_into(path: Path, new: Iterable[Entry]) -> tuple[int, int]:
    """Add entries to a glossary file (created if missing), replacing those with the same source term; the
    file's preamble and order are kept. Returns (added, replaced)."""
    from bilingual.files import atomic_write

    path = Path(path)
    existing = read_entries(path) if path.exists() else []
    by_source = {e.source: e for e in existing}
    added = replaced = 0
    for entry in new:
        if entry.source in by_source:
            replaced += 1
        else:
            added += 1
        by_source[entry.source] = entry
    atomic_write(path, format_entries(by_source.values(), read_preamble(path) if path.exists() else ""))
    return added, replaced


def remove_from(path: Path, source: str) -> bool:
    """Remove the entry for a source term from a glossary file; False when there is none."""
    from bilingual.files import atomic_write

    entries = read_entries(path)
    kept = [e for e in entries if e.source != source]
    if len(kept) == len(entries):
        return False
    atomic_write(path, format_entries(kept, read_preamble(path)))
    return True
