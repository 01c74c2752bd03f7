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
    retried: int = 0  # re-translated with other decoding settings after a quality check failed


@dataclass(frozen=True)
class SentenceResult:
    source: str
    translation: str
    status: str = "ok"  # ok | flagged (see quality checks)
    terms: tuple = field(default_factory=tuple)  # glossary matches: (term, expected rendering)
    violations: tuple = field(default_factory=tuple)  # terms whose rendering is not in the translation


class CachedTranslator:
    def __init__(self, engine, memory: TranslationMemory, glossary=None, commit_every: int | None = None):
        import os

        # Misses are translated and committed this many at a time: a killed run loses at most one slice,
        # while slices stay large enough for full equal-length batches.
        self.commit_every = commit_every or int(os.environ.get("BILINGUAL_COMMIT_EVERY", "512"))
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
        missing.sort(key=lambda p: (len(self.engine.tokenize(p.source)), p.source))
        for start in range(0, len(missing), self.commit_every):
            chunk = missing[start:start + self.commit_every]
            finished = self._translate_chunk(chunk)
            rows = []
            for item, (translation, status) in zip(chunk, finished, strict=True):
                cached[item.key] = (translation, status)
                rows.append((item.key, item.source, translation, status))
            self.memory.put_many(rows)
            self.stats.translated += len(chunk)
            if progress:
                progress(len(chunk))

        from bilingual.glossary import check

        results = []
        for source in normalised:
            item = prepared[source]
            translation, status = cached[item.key]
            violations = tuple(v.term for v in check(translation, item.protected)) if item.protected else ()
            results.append(SentenceResult(source, translation, status, item.terms, violations))
        return results

    def close(self) -> None:
        """Release the engine's workers (a Dask cluster) and the cache connection."""
        close = getattr(self.engine, "close", None)
        if close:
            close()
        self.memory.close()

    def _prepare(self, source: str) -> _Prepared:
        base = (self.engine.model_id, self.engine.decoding.key())
        if self.glossary is None:
            return _Prepared(source, make_key(*base, source), ())
        protected = self.glossary.protect(source)
        key = make_key(*base, source, protected.key)
        return _Prepared(source, key, protected.terms, protected if protected.entries else None)

    def _translate_chunk(self, chunk: list[_Prepared]) -> list[tuple[str, str]]:
        """Plain translation first; glossary terms the model got wrong are then enforced by protection.

        The model's own sentence is kept wherever it already renders every term as the glossary says, so the
        glossary never costs fluency there. Each step depends only on the sentence itself, never on the rest
        of the chunk, so results are the same whatever was cached.
        """
        from bilingual import quality

        sources = [p.source for p in chunk]
        # Text with no Chinese in it (URLs, English lines, handles) passes through untouched.
        outputs = list(sources)
        to_model = [i for i, source in enumerate(sources) if quality.has_han(source)]
        for i, output in zip(to_model, self.engine.translate([sources[i] for i in to_model]), strict=True):
            outputs[i] = output
        problems = {i: quality.problem(sources[i], outputs[i]) for i in to_model}
        self._retry_bad_output(sources, outputs, problems)

        with_terms = [i for i, p in enumerate(chunk) if p.protected is not None and not problems.get(i)]
        if with_terms:
            enforced = self.glossary.enforce([(chunk[i].protected, outputs[i]) for i in with_terms], self.engine)
            for i, text in zip(with_terms, enforced, strict=True):
                outputs[i] = text
                problems[i] = quality.problem(sources[i], text)
        results = []
        for i, output in enumerate(outputs):
            problem = problems.get(i)
            # Garbage is never shown: a flagged sentence keeps no text and says why in its status.
            results.append(("", f"flagged:{problem}") if problem else (output, "ok"))
        return results


    def _retry_bad_output(self, sources: list[str], outputs: list[str], problems: dict) -> None:
        """Re-translate repetition loops, empty and untranslated output with decoding settings that avoid them."""
        from dataclasses import replace

        from bilingual import quality

        for settings in quality.RETRY_DECODING:
            bad = [i for i, problem in problems.items() if problem]
            if not bad:
                return
            decoding = replace(self.engine.decoding, **settings)
            for i, output in zip(bad, self.engine.translate([sources[i] for i in bad], decoding=decoding),
                                 strict=True):
                self.stats.retried += 1
                if quality.problem(sources[i], output) is None:
                    outputs[i] = output
                    problems[i] = None


@dataclass(frozen=True)
class _Prepared:
    source: str
    key: str
    terms: tuple
    protected: object = None
