"""Checks on the model's output: what is wrong with a translation, in two grades.

- problem(): output no reader should see (empty, a repetition loop, untranslated Chinese, far too long or
  short). The translator retries such a sentence with other decoding settings (RETRY_DECODING), then clause by
  clause, and flags it when nothing passes.
- without_boilerplate(): the model's output with the stock phrases it makes up removed ("I'm not sure what I'm
  talking about.", "This post is part of our special coverage Syria Protests 2011"), where nothing in the source
  calls for them. The engine applies it to every output, so what is left is judged by the checks below.
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


# Phrases the model (trained on web text: blogs, Global Voices) puts out for a short clause it cannot place: on
# 5,755 clauses of the corpus posts and the WMT21 pairs in ../shared, "I'm not sure what I'm talking about" came
# out for 43 unrelated clauses (古今中外，), "I'm sorry" for 24, "This post is part of our special coverage …" for 26,
# "The blogger adds/says" for 28, "I don't know" for 15 (benchmarks/boilerplate.py). Each with the source words
# that would call for it: where the source has one, the phrase may be a translation and is kept.
# quoted speech often drops 我 (他说：“不好说。” "I'm not sure."): a quote in the source lets first-person phrases stand
_FIRST_PERSON = ("我", "咱", "本人", "俺", "“", "「", "『", '"')
_TAIL = r"[^.!?,;:]*"
# (pattern, the source's cues, whether it must end a clause); an opening ends none: the real translation follows it
# ("in this post, we will be looking at Wuhan's medical staff")
_BOILERPLATE: tuple[tuple[re.Pattern[str], tuple[str, ...], bool], ...] = tuple(
    (re.compile(pattern, re.I), cues, whole) for pattern, cues, whole in (
        (rf"\bthis post is part of (?:our|the) (?:special )?coverage\b{_TAIL}", (), True),
        (r"\bphoto (?:by|from|courtesy of) flickr(?: user)?(?: \S+)?", ("flickr",), True),
        (rf"\bI(?:['’]m| am) not sure\b{_TAIL}", _FIRST_PERSON, True),
        (rf"\bI have no idea\b{_TAIL}", _FIRST_PERSON, True),
        (rf"\bI (?:don['’]t|do not) know\b{_TAIL}", (*_FIRST_PERSON, "不知", "不清楚", "不晓得"), True),
        (r"\bI(?:['’]m| am) (?:so |very )?sorry\b",
         (*_FIRST_PERSON, "抱歉", "对不起", "道歉", "遗憾", "不好意思", "难过"), True),
        (rf"\bit['’]s not like we['’]re going to\b{_TAIL}", _FIRST_PERSON, True),
        (r"\bthank you\b(?: (?:very much|for [^.!?,]*))?", ("谢",), True),
        (r"\bthe blogger (?:says|said|adds|added|writes|wrote|notes|explains)\b", ("博",), True),
        (r"\bin this (?:post|article),? (?:we|I)(?: will| are going to|['’]ll|['’]re going to)? (?:be )?"
         r"(?:look|looking|take a look)(?: at)?\b ?", ("本文", "这篇", "此文"), False),
    ))
# A phrase is removed only where it is a clause of its own: from the start of the text, a clause or a quote to the
# end of one ("1.5 billion" or "U.S." inside it end nothing: the phrase then stays)
_CLAUSE_START = re.compile(r"(?:^|[,;:.!?“\"(]\s*)$")
_CLAUSE_END = re.compile(r"\s*(?:[,;:.!?”\")](?=\s|$|[”\")])|$)")


def boilerplate(source: str, translation: str) -> list[tuple[int, int]]:
    """Where the translation has stock phrases that nothing in the source calls for, each a clause of its own."""
    lowered = source.lower()
    return sorted(m.span() for pattern, cues, whole in _BOILERPLATE if not any(cue in lowered for cue in cues)
                  for m in pattern.finditer(translation)
                  if _CLAUSE_START.search(translation[:m.start()])
                  and (not whole or _CLAUSE_END.match(translation, m.end())))


def without_boilerplate(source: str, translation: str) -> str:
    """The translation without the stock phrases nothing in the source calls for (boilerplate()): empty when it
    was nothing else, so the checks ask for another translation."""
    text = translation
    for start, end in reversed(boilerplate(source, translation)):
        before, after = text[:start], text[end:]
        stripped = before.rstrip()
        if not stripped or stripped[-1] in ".!?“\"(":
            # it opened a sentence: its own punctuation goes with it, and the next word opens the sentence
            after = re.sub(r"^\s*[,;:.!?]?\s*", "", after)
            after = after[:1].upper() + after[1:]
            before = before if not stripped else stripped + " "
        elif re.match(r"\s*[\w“\"(]", after):
            before, after = stripped + " ", after.lstrip()  # a stock opening: what it opened follows
        else:
            # inside a sentence: the comma before it goes with it; what followed it (a stop, a comma) stays
            before = stripped[:-1].rstrip() if stripped[-1] in ",;:" else stripped
        text = (before + after).strip()
    if not re.search(r"[^\W\d_]", text):
        return ""
    return text


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
