"""Sentences in, translations out: the translation memory first, the engine for the rest, glossary enforced.

Every source sentence is normalised to Simplified before anything else, so a Traditional post and its
Simplified twin share cache entries. A Translator keeps no run statistics: each translate() call returns its
own counts, and the caller adds them up.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bilingual import quality, script
from bilingual.engine import TranslationEngine
from bilingual.glossary import Glossary, SentenceTerms, check
from bilingual.memory import TranslationMemory, make_key

if TYPE_CHECKING:
    from bilingual.names import NameFinder

OK = "ok"


@dataclass
class TranslationCounts:
    """What one translate() call did; a run adds up its calls' counts."""

    sentences: int = 0  # sentence occurrences asked for
    unique: int = 0
    from_cache: int = 0
    translated: int = 0  # sent to the model in this call
    retried: int = 0  # re-translated with other decoding settings after a quality check failed
    steps: Counter[str] = field(default_factory=Counter)  # how sentences translated now got their terms

    def __iadd__(self, other: TranslationCounts) -> TranslationCounts:
        self.sentences += other.sentences
        self.unique += other.unique
        self.from_cache += other.from_cache
        self.translated += other.translated
        self.retried += other.retried
        self.steps.update(other.steps)
        return self


@dataclass(frozen=True)
class SentenceResult:
    source: str
    translation: str
    status: str = OK  # ok | flagged:<problem> (see quality.py)
    terms: tuple[tuple[str, str], ...] = ()  # glossary terms and names: (term, expected rendering)
    violations: tuple[str, ...] = ()  # terms whose rendering is not in the translation
    origins: tuple[str, ...] = ()  # where each term's rendering came from (glossary:FILE:LINE, names:…)
    skipped: tuple[str, ...] = ()  # glossary terms matched but not forced: not words of the sentence

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def problem(self) -> str:
        """Why the sentence was flagged ("" when it was not)."""
        return "" if self.ok else self.status.split(":", 1)[-1]


@dataclass(frozen=True)
class Translations:
    results: list[SentenceResult]
    counts: TranslationCounts


@dataclass(frozen=True)
class _Prepared:
    source: str
    key: str
    terms: SentenceTerms


class Translator:
    """The translation stage: engine + translation memory + optional glossary. A context manager; close()
    releases the engine (a Dask cluster) and the memory."""

    def __init__(
        self,
        engine: TranslationEngine,
        memory: TranslationMemory,
        glossary: Glossary | None = None,
        commit_every: int | None = None,
        names: NameFinder | None = None,
    ):
        # Misses are translated and committed this many at a time: a killed run loses at most one slice,
        # while slices stay large enough for full equal-length batches.
        self.commit_every = commit_every or int(os.environ.get("BILINGUAL_COMMIT_EVERY", "512"))
        self.engine = engine
        self.memory = memory
        self.glossary = glossary
        self.names = names

    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()
        self.memory.close()

    def translate(self, sentences: Sequence[str], progress: Callable[[int], None] | None = None) -> Translations:
        counts = TranslationCounts()
        # Keyed by the sentence as written: whether it is in Traditional script tells the names layer about its
        # setting. Twins that find the same terms share one cache key.
        prepared = {original: self._prepare(original) for original in dict.fromkeys(sentences)}
        unique = {p.key: p for p in prepared.values()}
        counts.sentences = len(sentences)
        counts.unique = len(unique)

        cached = self.memory.get_many(unique)
        missing = [p for p in unique.values() if p.key not in cached]
        counts.from_cache = len(unique) - len(missing)
        if progress and counts.from_cache:
            progress(counts.from_cache)

        # Translate the misses in slices and commit each slice: a killed run loses at most one slice.
        # Sorted by token length first, so each slice holds long runs of equal-length sentences and the
        # engine's equal-length batches stay full.
        missing.sort(key=lambda p: (len(self.engine.tokenize(p.source)), p.source))
        for start in range(0, len(missing), self.commit_every):
            chunk = missing[start:start + self.commit_every]
            finished = self._translate_chunk(chunk, counts)
            rows = []
            for item, (translation, status) in zip(chunk, finished, strict=True):
                cached[item.key] = (translation, status)
                rows.append((item.key, item.source, translation, status))
            self.memory.put_many(rows)
            counts.translated += len(chunk)
            if progress:
                progress(len(chunk))

        results = []
        for original in sentences:
            item = prepared[original]
            translation, status = cached[item.key]
            violations = tuple(v.term for v in check(translation, item.terms)) if item.terms else ()
            skipped = tuple(m.entry.source for m in item.terms.skipped)
            results.append(SentenceResult(item.source, translation, status, item.terms.pairs, violations,
                                          item.terms.origins, skipped))
        return Translations(results, counts)

    def _prepare(self, original: str) -> _Prepared:
        source = script.to_model_input(original)
        terms = self.glossary.terms_in(source) if self.glossary is not None else SentenceTerms(source)
        if self.names is not None and script.has_han(source):
            terms = terms.merged(self.names.find(original, source))  # glossary terms win where they overlap
        key = make_key(self.engine.model_id, self.engine.decoding.key(), source, terms.key)
        return _Prepared(source, key, terms)

    def _translate_chunk(self, chunk: list[_Prepared], counts: TranslationCounts) -> list[tuple[str, str]]:
        """Plain translation first; glossary terms the model got wrong are then enforced.

        The model's own sentence is kept wherever it already renders every term as the glossary says, so the
        glossary never costs fluency there. Each step depends only on the sentence itself, never on the rest
        of the chunk, so results are the same whatever was cached.
        """
        from bilingual.glossary.enforcement import Enforcer

        sources = [p.source for p in chunk]
        # Text with no Chinese in it (URLs, English lines, handles) passes through untouched.
        outputs = list(sources)
        to_model = [i for i, source in enumerate(sources) if script.has_han(source)]
        for i, output in zip(to_model, self.engine.translate([sources[i] for i in to_model]), strict=True):
            outputs[i] = output
        problems = {i: quality.problem(sources[i], outputs[i]) for i in to_model}
        counts.retried += self._retry_bad_output(sources, outputs, problems)

        with_terms = [i for i, p in enumerate(chunk) if p.terms and not problems.get(i)]
        if with_terms:
            enforcer = Enforcer(self.engine)
            enforced = enforcer.enforce([(chunk[i].terms, outputs[i]) for i in with_terms])
            for i, result in zip(with_terms, enforced, strict=True):
                outputs[i] = result.text
                problems[i] = quality.problem(sources[i], result.text)
                counts.steps[result.step] += 1
        results = []
        for i, output in enumerate(outputs):
            problem = problems.get(i)
            # Garbage is never shown: a flagged sentence keeps no text and says why in its status.
            results.append(("", f"flagged:{problem}") if problem else (output, OK))
        return results

    def _retry_bad_output(self, sources: list[str], outputs: list[str], problems: dict[int, str | None]) -> int:
        """Re-translate repetition loops, empty and untranslated output with decoding settings that avoid them.
        Returns how many re-translations were made."""
        retried = 0
        for settings in quality.RETRY_DECODING:
            bad = [i for i, problem in problems.items() if problem]
            if not bad:
                break
            decoding = replace(self.engine.decoding, **settings)
            for i, output in zip(bad, self.engine.translate([sources[i] for i in bad], decoding=decoding),
                                 strict=True):
                retried += 1
                if quality.problem(sources[i], output) is None:
                    outputs[i] = output
                    problems[i] = None
        return retried
