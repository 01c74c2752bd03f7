"""Lint: what an editor must fix in glossary files before they are used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bilingual import script
from bilingual.errors import GlossaryError
from bilingual.terms.entry import Entry
from bilingual.terms.tsv import read_entries


@dataclass(frozen=True)
class LintIssue:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"


def lint(paths: Sequence[Path]) -> list[LintIssue]:
    """Duplicates, conflicting targets, empty fields, entries shadowed by longer ones, colliding variants.

    A file that cannot be read at all raises GlossaryError (the caller reports it as such)."""
    issues: list[LintIssue] = []
    entries: list[Entry] = []
    for path in paths:
        entries.extend(read_entries(path, allow_empty=True))
    seen: dict[str, Entry] = {}
    form_owner: dict[str, Entry] = {}
    for e in entries:
        if not e.source or not e.target:
            issues.append(LintIssue(e.file, e.line, "empty-field", "source and target are required"))
            continue
        if e.source != e.source.strip() or "  " in e.target:
            issues.append(LintIssue(e.file, e.line, "whitespace", "stray white space in source or target"))
        key = script.to_model_input(e.source)
        if key in seen:
            first = seen[key]
            if first.target == e.target:
                issues.append(LintIssue(e.file, e.line, "duplicate", f"{e.source} repeats line {first.line}"))
            else:
                issues.append(
                    LintIssue(
                        e.file, e.line, "conflict",
                        f"{e.source} → {e.target!r} conflicts with line {first.line} → {first.target!r}",
                    )
                )
            continue
        seen[key] = e
        for form in e.match_forms():
            owner = form_owner.get(form)
            if owner is not None and script.to_model_input(owner.source) != key:
                issues.append(
                    LintIssue(e.file, e.line, "variant-collision",
                              f"variant {form} of {e.source} is also a form of {owner.source} (line {owner.line})")
                )
            form_owner.setdefault(form, e)
    issues += _shadowed(seen)
    return sorted(issues, key=lambda i: (i.file, i.line, i.rule))


def _shadowed(seen: dict[str, Entry]) -> list[LintIssue]:
    """A shorter entry inside a longer one never applies where the longer one occurs (longest match wins), so
    the longer rendering must carry the shorter one's meaning: flag it where none of the shorter entry's
    accepted renderings appears in any of the longer one's."""
    issues = []
    for short_key, short in seen.items():
        for long_key, long in seen.items():
            if len(long_key) <= len(short_key) or short_key not in long_key or "shield" in long.flags:
                continue
            long_text = " ".join(long.accepted).casefold()
            if not any(r.casefold() in long_text for r in short.accepted):
                issues.append(
                    LintIssue(long.file, long.line, "shadowed",
                              f"{short.source} ({short.rendering}, line {short.line}) inside {long.source}, "
                              f"whose rendering {long.rendering!r} does not contain it")
                )
    return issues


__all__ = ["GlossaryError", "LintIssue", "lint"]
