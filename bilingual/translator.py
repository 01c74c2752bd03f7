"""Sentences in, translations out: the translation memory first, the engine for the rest, glossary enforced.

Every source sentence is normalised to Simplified before anything else, so a Traditional post and its
Simplified twin share cache entries.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from bilingual import script
from bilingual.memory import TranslationMemory, make_key


@dataclass
class TranslationStats:
    sentences: int = 0  # sentence occurrences asked for
    unique: int = 0
    from_cache: int = 0
    translated: int = 0  # sent to the model in this run


@dataclass(frozen=True)
class SentenceResult:
    source: str
    translation: str
    status: str = "ok"  # ok | flagged (see quality checks)
    terms: tuple = field(default_factory=tuple)  # glossary matches: (term, expected rendering)


class CachedTranslator:
    def __init__(self, engine, memory: TranslationMemory, glossary=None):
        self.engine = engine
        self.memory = memory
        self.glossary = glossary
        self.stats = TranslationStats()

    def translate(
        self, sentences: Sequence[str], progress: Callable[[int], None] | None = None
    ) -> list[SentenceResult]:
        normalised = [script.to_model_input(s) for s in sentences]
        prepared = {}
        for source in dict.fromkeys(normalised):
            prepared[source] = self._prepare(source)
        self.stats.sentences += len(normalised)
        self.stats.unique += len(prepared)

        cached = self.memory.get_many(p.key for p in prepared.values())
        missing = [p for p in prepared.values() if p.key not in cached]
        self.stats.from_cache += len(prepared) - len(missing)
        if progress and len(prepared) > len(missing):
            progress(len(prepared) - len(missing))

        # Translate the misses in slices and commit each slice: a killed run loses at most one slice.
        # Sorted by token length first, so each slice holds long runs of equal-length sentences and the
        # engine's equal-length batches stay full.
        missing.sort(key=lambda p: (len(self.engine.tokenize(p.model_input)), p.model_input))
        slice_size = 512
        for start in range(0, len(missing), slice_size):
            chunk = missing[start:start + slice_size]
            outputs = self.engine.translate([p.model_input for p in chunk])
            rows = []
            for item, output in zip(chunk, outputs, strict=True):
                translation, status = self._finish(item, output)
                cached[item.key] = (translation, status)
                rows.append((item.key, item.source, translation, status))
            self.memory.put_many(rows)
            self.stats.translated += len(chunk)
            if progress:
                progress(len(chunk))

        results = []
        for source in normalised:
            item = prepared[source]
            translation, status = cached[item.key]
            results.append(SentenceResult(source, translation, status, item.terms))
        return results

    def _prepare(self, source: str) -> _Prepared:
        base = (self.engine.model_id, self.engine.decoding.key())
        if self.glossary is None:
            return _Prepared(source, source, make_key(*base, source), ())
        protected = self.glossary.protect(source)
        key = make_key(*base, source, protected.key)
        return _Prepared(source, protected.model_input, key, protected.terms, protected)

    def _finish(self, item: _Prepared, output: str) -> tuple[str, str]:
        if item.protected is not None:
            output = self.glossary.restore(item.protected, output, self.engine)
        return output, "ok"


@dataclass(frozen=True)
class _Prepared:
    source: str
    model_input: str
    key: str
    terms: tuple
    protected: object = None
