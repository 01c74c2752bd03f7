"""A term concordance: a glossary term or a name → every sentence holding it and how it was rendered; violations
(a glossary term whose accepted renderings are all missing) first, then doubtful and flagged ones, then the rest."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from bilingual.serve.index import Index, Sentence
from bilingual.serve.store import GlossaryStore, has_han, normalise

VIOLATION, DOUBTFUL, OK, UNTRANSLATED = "violation", "doubtful", "ok", "untranslated"
_ORDER = {VIOLATION: 0, DOUBTFUL: 1, UNTRANSLATED: 2, OK: 3}
NAMES_CHECKED = 500  # sentences the names layer reads for a term that is not in the glossary (jieba: ~1 ms each)


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
    name_origin: str = ""  # not a glossary term: where the names layer's rendering came from (names:pinyin…)
    name_renderings: Counter[str] = field(default_factory=Counter)  # what it expects, in how many sentences

    def count(self, verdict: str) -> int:
        return sum(1 for line in self.lines if line.verdict == verdict)


def concordance(index: Index, glossary: GlossaryStore, term: str) -> Concordance:
    key = normalise(" ".join(term.split()))
    if not has_han(key):
        return Concordance(key, None)
    entry = glossary.entry_for(key)
    result = Concordance(key, entry)
    for sentence, count in index.containing(key):
        accepted = entry[1] if entry else ()
        if entry is None and len(result.lines) < NAMES_CHECKED:  # a name: what the names layer expects here
            name = glossary.name_in(key, sentence.original, sentence.source)
            if name is not None:
                accepted = name[0]
                result.name_origin = result.name_origin or name[1]
                result.name_renderings.update(accepted[:1])
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
