"""What a person changed in a review file: a target counts as changed only when it differs from the machine
text the unit was exported with after undoing what editors and tools rewrite on their own (line wrapping,
whitespace, entity escaping, typographic quotes), and a machine text coming back never replaces a human one.

    normalise(text)                               -> the text as compared
    judge(target, exported…, machine_now, human_now) -> Verdict: unchanged | changed | conflict (and why)
    same(exported, normalised)                    -> whether a text read back from a file is that text
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

UNCHANGED, CHANGED, CONFLICT = "unchanged", "changed", "conflict"

# what word processors and spreadsheets put in for straight quotes, dashes and spaces as the user types
_TYPOGRAPHY = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...",
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The text with editors' rewrites undone: entities decoded (twice: &amp;amp; is a doubly escaped &),
    Unicode compatibility forms folded (NBSP, full-width), quotes straightened, whitespace collapsed."""
    text = html.unescape(html.unescape(text))
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Verdict:
    kind: str  # unchanged | changed | conflict
    reason: str = ""


def judge(target: str, exported_machine: str, exported_human: str | None, machine_now: Iterable[str],
          human_now: str | None) -> Verdict:
    """Whether a unit's target is a person's change worth importing.

    exported_machine/exported_human: the texts the unit was exported with (exported_human None when the file
    does not say, as in files from before it did); machine_now: every machine translation the memory holds for
    the source; human_now: its human translation, if any."""
    given = normalise(target)
    machines = {normalise(m) for m in machine_now}
    if same(exported_machine, given) or given in machines:
        return Verdict(UNCHANGED)  # a machine text coming back is never a person's translation
    if human_now is not None and given == normalise(human_now):
        return Verdict(UNCHANGED)
    if exported_human is not None and not same(exported_human, normalise(human_now or "")):
        return Verdict(CONFLICT, "translated by a person since the file was exported" if human_now
                       else "its human translation was removed since the file was exported")
    if exported_machine.strip() and machines and not any(same(exported_machine, m) for m in machines):
        return Verdict(CONFLICT, "the machine translation it was exported with is no longer in the memory")
    return Verdict(CHANGED)


def same(exported: str, normalised: str) -> bool:
    """Whether an exported text, as read back, is the normalised text. A line break in the exported text is
    where a writer wrapped a comment (polib wraps PO comments with textwrap, which also breaks long words and
    after hyphens), so it stands for one space or none."""
    pieces = [normalise(piece) for piece in exported.split("\n")]
    if len(pieces) == 1:
        return pieces[0] == normalised
    return re.fullmatch(r"\s?".join(re.escape(p) for p in pieces), normalised) is not None
