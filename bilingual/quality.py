"""Bad model output is bad input too: detect repetition loops, empty output and untranslated Chinese."""

from __future__ import annotations

import re
from typing import Any

from bilingual.script import HAN

_WORD = re.compile(r"\w+", re.UNICODE)

# Retry settings when the default decoding produced garbage, tried in order (see benchmarks/bad_output.py).
RETRY_DECODING: tuple[dict[str, Any], ...] = (
    {"no_repeat_ngram_size": 3, "repetition_penalty": 1.2},
    {"no_repeat_ngram_size": 4, "repetition_penalty": 1.5, "beam_size": 4},
)


def problem(source: str, translation: str) -> str | None:
    """What is wrong with a translation, or None: empty | repetition | untranslated | too-long | too-short."""
    text = translation.strip()
    if not text:
        return "empty"
    han_in = len(HAN.findall(source))
    han_out = len(HAN.findall(text))
    if han_in and han_out >= max(2, 0.3 * han_in):
        return "untranslated"
    if _repeats(text):
        return "repetition"
    if han_in >= 4:
        ratio = len(text) / han_in  # English characters per Chinese character: about 2-4 in news
        if ratio > 12:
            return "too-long"
        if ratio < 0.4:
            return "too-short"
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
