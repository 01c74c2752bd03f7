"""Damage a reader notices in a translation that passed the quality checks: the kinds of breakage the glossary's
last-resort steps and the model produce. Each detector looks at one (source, translation) pair and says what it
found; report.json counts them, and `review export --only damaged` lists them for a person to fix.

- repeated: a word or phrase repeated back to back ("China China", "Guo Guo") that the source does not repeat;
- leftover-chinese: Chinese characters left in the English;
- dropped: much less English than the source's length calls for (content left out).
"""

from __future__ import annotations

import re

from bilingual.script import HAN, HAN_CLASS

# A word or phrase of up to four words, then the same again. Case-insensitive: "China china".
# Not across a comma: "officials of Japan, Japan is considering…" is fine English.
_REPEATED = re.compile(r"(?<![\w'-])((?:[A-Za-z][\w'-]*)(?:\s+[A-Za-z][\w'-]*){0,3})(?:\s+\1(?![\w'-]))+", re.I)
# Legitimate doubles in English news prose.
_ALLOWED_DOUBLES = {"had had", "that that", "is is", "bye bye", "so so", "very very", "far far", "more more"}
# The same Chinese run (2+ characters) twice in a row in the source: its translation may repeat too.
_SOURCE_REPEAT = re.compile(rf"([{HAN_CLASS}]{{1,6}})\1")
# English characters per Chinese character in news: about 2–4. Below this the translation left content out.
DROPPED_RATIO = 1.0
DROPPED_MIN_HAN = 12


def detect(source: str, translation: str) -> list[str]:
    """The kinds of damage in a translation (empty when none is found)."""
    if not translation.strip():
        return []
    found = []
    if _repeats(source, translation):
        found.append("repeated")
    if HAN.search(translation):
        found.append("leftover-chinese")
    han = len(HAN.findall(source))
    if han >= DROPPED_MIN_HAN and len(translation) / han < DROPPED_RATIO:
        found.append("dropped")
    return found


def _repeats(source: str, translation: str) -> bool:
    if _SOURCE_REPEAT.search(source):
        return False
    for match in _REPEATED.finditer(translation):
        unit = match.group(1).lower()
        if f"{unit} {unit}" in _ALLOWED_DOUBLES:
            continue
        if len(unit) >= 2:
            return True
    return False
