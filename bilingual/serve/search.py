"""Search queries: what a reader types → FTS5 expressions for the Chinese and English indexes, and highlighting.

    中美 关系            both words, anywhere (Chinese: a substring of the Simplified-normalised sentence)
    "strategic partner"   a phrase (English words are stemmed: "partners" matches too)
    臺獨                 finds 台独 and 臺獨 alike: queries and index are normalised to Simplified

Chinese terms of three characters or more go through the trigram index, two-character ones (中美) through an index
of the character pairs of every sentence (the trigram tokenizer cannot look them up), single characters with
LIKE on the rows the other terms leave (or on all rows when they are alone). English terms go through the Porter-
stemmed index. A query holding both must match both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bilingual.serve.store import han_runs, has_han, normalise

MARK_OPEN, MARK_CLOSE = "\x02", "\x03"  # never in indexed text (stripped on the way in)
MAX_QUERY = 200  # characters
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class QueryError(ValueError):
    """A query that cannot be searched; the message is one line for the reader."""


@dataclass
class Query:
    chinese: list[str] = field(default_factory=list)  # normalised Simplified terms
    english: list[str] = field(default_factory=list)  # words or phrases

    @property
    def empty(self) -> bool:
        return not self.chinese and not self.english

    def zh_match(self) -> str | None:
        """The FTS5 expression for the trigram index, or None when no term is long enough for it."""
        long = [t for t in self.chinese if len(t) >= 3]
        return " AND ".join(_quoted(t) for t in long) or None

    def zh_pairs(self) -> str | None:
        """The FTS5 expression for the character-pair index: two-character terms of Chinese only."""
        pairs = [t for t in self.chinese if len(t) == 2 and han_runs(t) == [t]]
        return " AND ".join(_quoted(t) for t in pairs) or None

    def zh_like(self) -> list[str]:
        """LIKE patterns for the Chinese terms neither index can look up (one character; two with a non-Han)."""
        return ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                for t in self.chinese if len(t) < 2 or (len(t) == 2 and han_runs(t) != [t])]

    def en_match(self) -> str | None:
        return " AND ".join(_quoted(t) for t in self.english) or None


def parse(text: str) -> Query:
    text = clean_text(text).strip()
    if len(text) > MAX_QUERY:
        raise QueryError(f"the query is longer than {MAX_QUERY} characters")
    query = Query()
    for phrase, word in _TOKEN.findall(text):
        term = " ".join((phrase or word).split())
        if not term:
            continue
        if has_han(term):
            query.chinese.append(normalise(term).lower())
        else:
            words = re.findall(r"[^\W_]+(?:['’][^\W_]+)*", term)  # FTS5 would drop punctuation anyway
            if words:
                query.english.append(" ".join(words))
    return query


def clean_text(text: str) -> str:
    """Text as stored and shown: control characters (including the highlight marks) removed."""
    return _CONTROL.sub("", text)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def mark_chinese(original: str, source: str, terms: list[str]) -> str:
    """original with the places where its normalised form (source) holds a term wrapped in marks. The t2s
    normalisation keeps lengths nearly always; where it does not, the normalised sentence is marked instead."""
    if not terms:
        return original
    shown = original if len(original) == len(source) else source
    lowered = source.lower()
    hits = [False] * len(source)
    for term in terms:
        start = lowered.find(term)
        while start != -1:
            for i in range(start, start + len(term)):
                hits[i] = True
            start = lowered.find(term, start + 1)
    out, inside = [], False
    for char, hit in zip(shown, hits, strict=True):
        if hit != inside:
            out.append(MARK_OPEN if hit else MARK_CLOSE)
            inside = hit
        out.append(char)
    if inside:
        out.append(MARK_CLOSE)
    return "".join(out)


def marked_html(text: str) -> str:
    """Escaped HTML of text whose marks become <mark> elements (marks are control characters that no stored
    text holds, so nothing else can turn into markup)."""
    from html import escape

    return escape(text, quote=True).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


def plain(text: str) -> str:
    return text.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")


def pairs_text(source: str) -> str:
    """What the character-pair index holds for a sentence: every two neighbouring Chinese characters, as words."""
    return " ".join(run[i:i + 2] for run in han_runs(source.lower()) for i in range(len(run) - 1))
