"""Checks on the model's output: what is wrong with a translation, in two grades.

- problem(): output no reader should see (empty, a repetition loop, untranslated Chinese, far too long or
  short). The translator retries such a sentence with other decoding settings (RETRY_DECODING), then clause by
  clause, and flags it when nothing passes.
- damage(): breakage in a translation that passed problem(), the kinds the glossary's last-resort steps and the
  model produce: a word or phrase repeated back to back ("China China") that the source does not repeat,
  Chinese left in the English, much less English than the source's length calls for (dropped content).
  report.json counts them, `review export --only damaged` lists them, and the translator keeps the model's own
  sentence where enforcement brought damage it lacks (broken_by).
"""

from __future__ import annotations

import re
from typing import Any

from bilingual.script import HAN, HAN_CLASS
from bilingual.translate.outcomes import Problem

_WORD = re.compile(r"\w+", re.UNICODE)

# Retry settings when the default decoding produced garbage, tried in order (see benchmarks/bad_output.py).
RETRY_DECODING: tuple[dict[str, Any], ...] = (
    {"no_repeat_ngram_size": 3, "repetition_penalty": 1.2},
    {"no_repeat_ngram_size": 4, "repetition_penalty": 1.5, "beam_size": 4},
)


def problem(source: str, translation: str) -> Problem | None:
    """What is wrong with a translation, or None: empty | repetition | untranslated | too-long | too-short."""
    text = translation.strip()
    if not text:
        return Problem.EMPTY
    han_in = len(HAN.findall(source))
    han_out = len(HAN.findall(text))
    if han_in and han_out >= max(2, 0.3 * han_in):
        return Problem.UNTRANSLATED
    if _repeats(text):
        return Problem.REPETITION
    if han_in >= 4:
        ratio = len(text) / han_in  # English characters per Chinese character: about 2-4 in news
        if ratio > 12:
            return Problem.TOO_LONG
        if ratio < 0.4:
            return Problem.TOO_SHORT
    return None


_REPEATED_PHRASE = re.compile(r"\b(\w.{1,60}?)(?:[\s,;]+\1\b){3,}", re.S)


def _repeats(text: str) -> bool:
    """A phrase repeated 4+ times in a row ("the the the the", "of China, of China, ..."), or one word making
    up much of a long output."""
    lowered = text.lower()
    if _REPEATED_PHRASE.search(lowered):
        return True
    words = _WORD.findall(lowered)
    if len(words) < 20:
        return False
    most = max(words.count(w) for w in set(words))
    return most >= 10 and most / len(words) > 0.4


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


def damage(source: str, translation: str) -> list[str]:
    """The kinds of damage in a translation (empty when none is found)."""
    if not translation.strip():
        return []
    found = []
    if _repeated_back_to_back(source, translation):
        found.append("repeated")
    if HAN.search(translation):
        found.append("leftover-chinese")
    han = len(HAN.findall(source))
    if han >= DROPPED_MIN_HAN and len(translation) / han < DROPPED_RATIO:
        found.append("dropped")
    return found


def _repeated_back_to_back(source: str, translation: str) -> bool:
    if _SOURCE_REPEAT.search(source):
        return False
    for match in _REPEATED.finditer(translation):
        unit = match.group(1).lower()
        if f"{unit} {unit}" in _ALLOWED_DOUBLES:
            continue
        if len(unit) >= 2:
            return True
    return False


def broken_by(source: str, plain: str, enforced: str) -> bool:
    """Whether enforcement brought a problem or damage that the model's own sentence does not have."""
    if problem(source, plain):
        return False  # the model's own sentence is no better (made on demand, it was never retried)
    if problem(source, enforced):
        return True
    return bool(set(damage(source, enforced)) - set(damage(source, plain)))
