"""A term concordance: a glossary term or a name → every sentence holding it and how it was rendered; violations
(a glossary term whose accepted renderings are all missing) first, then doubtful and flagged ones, then the rest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bilingual.serve.index import Index, Sentence
from bilingual.serve.store import GlossaryStore, has_han, normalise

VIOLATION, DOUBTFUL, OK, UNTRANSLATED = "violation", "doubtful", "ok", "untranslated"
_ORDER = {VIOLATION: 0, DOUBTFUL: 1, UNTRANSLATED: 2, OK: 3}


@dataclass(frozen=True)
class Line:
    sentence: Sentence
    occurrences: int
    verdict: str
    rendering: str  # the accepted rendering found ('' when none, or no glossary entry)


@dataclass
class Concordance:
    term: str  # normalised
    entry: tuple[str, tuple[str, ...], str] | None  # (glossary source, accepted renderings, file:line)
    lines: list[Line] = field(default_factory=list)
    renderings: Counter[str] = field(default_factory=Counter)

    def count(self, verdict: str) -> int:
        return sum(1 for line in self.lines if line.verdict == verdict)


def concordance(index: Index, glossary: GlossaryStore, term: str) -> Concordance:
    key = normalise(" ".join(term.split()))
    if not has_han(key):
        return Concordance(key, None)
    entry = glossary.entry_for(key)
    accepted = entry[1] if entry else ()
    result = Concordance(key, entry)
    for sentence, count in index.containing(key):
        rendering = next((a for a in accepted if a.lower() in sentence.translation.lower()), "")
        if not sentence.translation:
            verdict = UNTRANSLATED
        elif accepted and not rendering:
            verdict = VIOLATION
        elif sentence.flag:
            verdict = DOUBTFUL
        else:
            verdict = OK
        result.lines.append(Line(sentence, count, verdict, rendering))
        if accepted:
            result.renderings[rendering or "(none of them)"] += count
    result.lines.sort(key=lambda line: (_ORDER[line.verdict], -line.occurrences, line.sentence.id))
    return result
