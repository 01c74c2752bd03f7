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

from bilingual import news, script, segment
from bilingual.errors import Interrupted
from bilingual.glossary import Glossary, SentenceTerms, check
from bilingual.translate import checks
from bilingual.translate.batching import Steps, ask, run_many
from bilingual.translate.engine import TranslationEngine
from bilingual.translate.memory import Cached, TranslationMemory, make_key

if TYPE_CHECKING:
    from bilingual.names import NameFinder
    from bilingual.terms.entry import Entry
    from bilingual.translate.enforcement import Enforced, FirstPass

OK = "ok"
# Origins of a translation besides the enforcement steps (glossary.enforcement names those).
HUMAN, MODEL, FLAGGED, PASSTHROUGH = "human", "model", "flagged", "passthrough"
RETRIED_BY_CLAUSE = "retried-by-clause"  # failed the quality checks whole, passed translated clause by clause
ANNOTATED = "annotated"  # the model's sentence with the required renderings added in brackets
# Misses go to the engine in slices of SLICE sentences, and each engine call takes in new slices until it holds
# CALL_SIZE inputs: enough batches for every core, yet the first slices are committed (and shown) within seconds.
SLICE, CALL_SIZE = 64, 128


@dataclass
class TranslationCounts:
    """What one translate() call did; a run adds up its calls' counts."""

    sentences: int = 0  # sentence occurrences asked for
    unique: int = 0
    from_cache: int = 0
    translated: int = 0  # sent to the model in this call
    retried: int = 0  # re-translated with other decoding settings after a quality check failed
    human: int = 0  # served from a human translation
    steps: Counter[str] = field(default_factory=Counter)  # how sentences translated now got their terms

    def __iadd__(self, other: TranslationCounts) -> TranslationCounts:
        self.sentences += other.sentences
        self.unique += other.unique
        self.from_cache += other.from_cache
        self.translated += other.translated
        self.retried += other.retried
        self.human += other.human
        self.steps.update(other.steps)
        return self


@dataclass(frozen=True)
class SentenceResult:
    source: str
    translation: str
    status: str = OK  # ok | flagged:<problem> (see quality.py)
    terms: tuple[tuple[str, str], ...] = ()  # glossary terms and names: (term, expected rendering)
    violations: tuple[str, ...] = ()  # terms whose rendering is not in the translation
    origin: str = MODEL  # how it was produced: human, model, an enforcement step, flagged, passthrough
    term_origins: tuple[str, ...] = ()  # where each term's rendering came from (glossary:FILE:LINE, names:…)
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
        human: bool = True,
    ):
        # At most this many misses are in flight (in slices of up to SLICE, each committed as it finishes): all a
        # killed run can lose.
        self.commit_every = commit_every or int(os.environ.get("BILINGUAL_COMMIT_EVERY", "512"))
        self.engine = engine
        self.memory = memory
        self.glossary = glossary
        self.names = names
        self.human = human  # serve human translations (off to measure the machine, as `bilingual eval` does)

    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()
        self.memory.close()

    def translate(self, sentences: Sequence[str], progress: Callable[[int], None] | None = None) -> Translations:
        if ruled := {s: r for s in dict.fromkeys(sentences) if (r := news.render(s)) is not None}:
            return with_news_lines(self.translate, sentences, ruled, progress)  # news lines: by rule, no model
        counts = TranslationCounts()
        # Keyed by the sentence as written: whether it is in Traditional script tells the names layer about its
        # setting. Twins that find the same terms share one cache key.
        prepared = {original: self._prepare(original) for original in dict.fromkeys(sentences)}
        unique = {p.key: p for p in prepared.values()}
        counts.sentences = len(sentences)
        counts.unique = len(unique)

        # Human translations win over any machine output, whatever the model, decoding or glossary.
        humans = self.memory.human_many(p.source for p in unique.values()) if self.human else {}
        cached = self.memory.get_many(k for k, p in unique.items() if p.source not in humans)
        # a sentence flagged before is translated again: later releases recover more (its key may hold no
        # revision of the pipeline), and the same release flags it again the same way
        cached = {k: c for k, c in cached.items() if c.status == OK}
        missing = [p for k, p in unique.items() if p.source not in humans and k not in cached]
        counts.human = sum(1 for p in unique.values() if p.source in humans)
        counts.from_cache = len(unique) - len(missing) - counts.human
        # the bar counts sentences as written; all but those going to the model are done now (human, cached,
        # passthrough, and twins in Traditional and Simplified sharing a key), the rest move with each batch
        if progress and (done := len(prepared) - sum(1 for p in missing if script.has_han(p.source))):
            progress(done)

        # The misses go through in slices, several in flight, each committed as it finishes: a killed run loses at
        # most commit_every sentences. Each round's engine call holds the requests of all slices in flight, so the few
        # sentences one slice still has to enforce fill the batches of the next slices' first pass. Longest first,
        # so each slice holds equal-length sentences and the run ends on short ones, which rarely need enforcing.
        missing.sort(key=lambda p: (-len(self.engine.tokenize(p.source)), p.source))
        size = min(SLICE, self.commit_every)
        slices = [missing[start:start + size] for start in range(0, len(missing), size)]

        def commit(number: int, finished: list[Cached]) -> None:
            rows = []
            for item, done in zip(slices[number], finished, strict=True):
                cached[item.key] = done
                rows.append((item.key, item.source, *done))
            self.memory.put_many(rows)
            counts.translated += len(rows)

        try:
            known_missed = self._known_missed([p.terms for p in missing if script.has_han(p.source)])
            run_many((self._translate_slice(items, known_missed, counts) for items in slices), self.engine,
                     commit, in_flight=max(1, self.commit_every // size), call_size=CALL_SIZE, progress=progress)
        except KeyboardInterrupt:
            raise Interrupted(counts.translated) from None

        results = []
        for original in sentences:
            item = prepared[original]
            human = humans.get(item.source)
            translation, status, origin = (human.translation, OK, HUMAN) if human else cached[item.key]
            # the glossary check runs on human translations too: reported, never changed
            violations = tuple(v.term for v in check(translation, item.terms)) if item.terms else ()
            skipped = tuple(m.entry.source for m in item.terms.skipped)
            results.append(SentenceResult(item.source, translation, status, item.terms.pairs, violations,
                                          origin or MODEL, item.terms.origins, skipped))
        return Translations(results, counts)

    def _prepare(self, original: str) -> _Prepared:
        source = script.to_model_input(original)
        terms = self.glossary.terms_in(source) if self.glossary is not None else SentenceTerms(source)
        if self.names is not None and script.has_han(source):
            terms = terms.merged(self.names.find(original, source))  # glossary terms win where they overlap
        key = make_key(self.engine.model_id, self.engine.decoding.key(), source, terms.key)
        return _Prepared(source, key, terms)

    def _translate_slice(
        self, items: list[_Prepared], known_missed: dict[Entry, bool], counts: TranslationCounts
    ) -> Steps[list[Cached]]:
        """The first pass (plain, or with the terms the model is known to miss protected), then enforcement of the
        glossary terms still wrong.

        The model's own sentence is kept wherever it already renders every term as the glossary says, so the
        glossary never costs fluency there. Each step depends only on the sentence itself, never on the rest
        of the slice or on what shares its engine calls, so results are the same whatever was cached. A piece of
        work for batching.run_many: it yields its engine requests.
        """
        from bilingual.translate.enforcement import MODEL_CORRECT, FirstPass, enforce, fill, protect_first

        sources = [p.source for p in items]
        # Text with no Chinese in it (URLs, English lines, handles) passes through untouched.
        outputs = list(sources)
        origins = [PASSTHROUGH] * len(sources)
        to_model = [i for i, source in enumerate(sources) if script.has_han(source)]
        # Terms the model is known to miss are protected from the first pass, so their sentences need no second
        # one; the others go in plain, and the model's own sentence is kept wherever it renders every term.
        first_inputs = {}
        for i in to_model:
            missed = frozenset(e.source for e in items[i].terms.entries if known_missed[e])
            if protected := protect_first(items[i].terms, missed):
                first_inputs[i] = protected
        first_outputs = yield from ask(
            [first_inputs[i].model_input if i in first_inputs else sources[i] for i in to_model], shown=True)
        first: dict[int, FirstPass] = {}
        for i, output in zip(to_model, first_outputs, strict=True):
            outputs[i] = output
            origins[i] = MODEL
            if i in first_inputs:
                filled = fill(output, first_inputs[i])
                served = filled is not None and checks.problem(sources[i], filled) is None
                first[i] = FirstPass(first_inputs[i], served)
                outputs[i] = filled if served and filled is not None else output
        fallback = [i for i, f in first.items() if not f.served]  # a placeholder lost: the plain sentence then
        fallback_outputs = yield from ask([sources[i] for i in fallback])
        for i, output in zip(fallback, fallback_outputs, strict=True):
            outputs[i] = output
        problems = {i: checks.problem(sources[i], outputs[i]) for i in to_model}
        # added after the yields: other slices add to the same counts meanwhile
        retried = yield from self._retry_bad_output(sources, outputs, problems)
        counts.retried += retried
        partial = yield from self._retry_by_clause(items, outputs, problems, origins)

        with_terms = [i for i, p in enumerate(items)
                      if p.terms and not problems.get(i) and origins[i] != RETRIED_BY_CLAUSE]
        if with_terms:
            enforced = yield from enforce(
                [(items[i].terms, outputs[i]) for i in with_terms],
                {n: first[i] for n, i in enumerate(with_terms) if i in first})
            changed = {i: result for i, result in zip(with_terms, enforced, strict=True)
                       if result.step != MODEL_CORRECT}
            plain = yield from self._plain_where_broken(sources, outputs, first, changed)
            for i, result in zip(with_terms, enforced, strict=True):
                text, step = result.text, result.step
                if i in plain and _broken_by(sources[i], plain[i], text):
                    # the enforced sentence is broken where the model's was readable: keep the model's sentence
                    # and add the required renderings visibly, rather than show a garbled or a missing one
                    text = annotated(plain[i], items[i].terms)
                    # the plain sentence may render every term already (its first pass was protected)
                    step = ANNOTATED if text != plain[i] else MODEL_CORRECT
                outputs[i] = text
                problems[i] = checks.problem(sources[i], text)
                counts.steps[step] += 1
                origins[i] = MODEL if step == MODEL_CORRECT else step
        results = []
        for i, output in enumerate(outputs):
            problem = problems.get(i)
            # Garbage is never shown: a flagged sentence keeps only the clauses that translated well (the
            # others shown as […]) and says why in its status.
            results.append(Cached(partial.get(i, ""), f"flagged:{problem}", FLAGGED) if problem
                           else Cached(output, OK, origins[i]))
        return results

    def _known_missed(self, sentence_terms: list[SentenceTerms]) -> dict[Entry, bool]:
        """Per term (glossary entry or name) of these sentences, whether the model misses it when it translates it on
        its own.

        The model's output for each term alone is kept in the memory (probes), so the decision depends on the
        term and the model, never on what else is in the run: output stays reproducible.
        """
        from bilingual.terms.matching import count_renderings

        sources = {e.source for terms in sentence_terms for e in terms.entries}
        decoding = self.engine.decoding.key()
        keys = {source: make_key(self.engine.model_id, decoding, source, "probe") for source in sorted(sources)}
        probes = self.memory.probes_many(keys.values())
        new = [source for source in keys if keys[source] not in probes]
        if new:
            rows = list(zip((keys[s] for s in new), self.engine.translate(new), strict=True))
            self.memory.put_probes(rows)
            probes.update(rows)
        # keyed by entry, not source form: the same form can have another rendering in another sentence
        return {e: not count_renderings(probes[keys[e.source]], e) for terms in sentence_terms for e in terms.entries}

    def _plain_where_broken(
        self, sources: list[str], outputs: list[str], first: dict[int, FirstPass], changed: dict[int, Enforced]
    ) -> Steps[dict[int, str]]:
        """The model's plain sentence for each enforced one, to tell whether enforcement broke it. Sentences whose
        first pass was protected have none yet: those showing damage or a quality problem are translated plain now.
        """
        plain = {i: outputs[i] for i in changed if not (i in first and first[i].served)}
        unknown = [i for i in changed if i not in plain
                   and (checks.damage(sources[i], changed[i].text) or checks.problem(sources[i], changed[i].text))]
        unknown_outputs = yield from ask([sources[i] for i in unknown])
        plain.update(zip(unknown, unknown_outputs, strict=True))
        return plain

    def _retry_by_clause(
        self, items: list[_Prepared], outputs: list[str], problems: dict[int, str | None], origins: list[str]
    ) -> Steps[dict[int, str]]:
        """Sentences still failing the quality checks (often a long news lead the model cuts short), translated
        clause by clause, with their glossary terms enforced per clause. A sentence whose clauses all pass is
        recovered; otherwise returns, per sentence, what could be translated ([…] for the rest)."""
        bad = [i for i, problem in problems.items() if problem]
        spans = {i: segment.clause_spans(items[i].source) for i in bad}
        plans = {i: [items[i].source[start:end] for start, end in spans[i]] for i in bad if len(spans[i]) > 1}
        if not plans:
            return {}
        clause_sources = [c for parts in plans.values() for c in parts]
        clause_outputs = yield from ask(clause_sources)
        clause_problems = {n: checks.problem(s, o) for n, (s, o) in enumerate(zip(clause_sources, clause_outputs,
                                                                                    strict=True))}
        yield from self._retry_bad_output(clause_sources, clause_outputs, clause_problems)
        # a clause's terms are the sentence's terms inside it (glossary terms and names alike)
        clause_terms = [items[i].terms.within(start, end) for i in plans for start, end in spans[i]]
        with_terms = [n for n, terms in enumerate(clause_terms) if terms and not clause_problems[n]]
        if with_terms:
            from bilingual.translate.enforcement import enforce

            enforced = yield from enforce([(clause_terms[n], clause_outputs[n]) for n in with_terms])
            for n, result in zip(with_terms, enforced, strict=True):
                clause_outputs[n] = result.text
                clause_problems[n] = checks.problem(clause_sources[n], result.text)
        partial: dict[int, str] = {}
        cursor = 0
        for i, parts in plans.items():
            numbers = range(cursor, cursor + len(parts))
            cursor += len(parts)
            pieces = [clause_outputs[n] if not clause_problems[n] else "[…]" for n in numbers]
            joined = segment.join_clauses(pieces)
            if all(not clause_problems[n] for n in numbers) and checks.problem(items[i].source, joined) is None:
                outputs[i], problems[i], origins[i] = joined, None, RETRIED_BY_CLAUSE
            elif any(not clause_problems[n] for n in numbers):
                partial[i] = joined
        return partial

    def _retry_bad_output(
        self, sources: list[str], outputs: list[str], problems: dict[int, str | None]
    ) -> Steps[int]:
        """Re-translate repetition loops, empty and untranslated output with decoding settings that avoid them.
        Returns how many re-translations were made."""
        retried = 0
        for settings in checks.RETRY_DECODING:
            bad = [i for i, problem in problems.items() if problem]
            if not bad:
                break
            decoding = replace(self.engine.decoding, **settings)
            retranslated = yield from ask([sources[i] for i in bad], decoding=decoding)
            for i, output in zip(bad, retranslated, strict=True):
                retried += 1
                if checks.problem(sources[i], output) is None:
                    outputs[i] = output
                    problems[i] = None
        return retried


def with_news_lines(
    translate: Callable[[Sequence[str], Callable[[int], None] | None], Translations], sentences: Sequence[str],
    ruled: dict[str, str], progress: Callable[[int], None] | None
) -> Translations:
    """Sentences that are news lines (datelines, bylines, editor and credit lines) rendered by rule, origin
    news.NEWS_RULE, never sent to the model nor cached; the others translated by translate."""
    rest = translate([s for s in sentences if s not in ruled], progress)
    if progress:
        progress(len(ruled))
    given = iter(rest.results)
    results = [SentenceResult(script.to_model_input(s), ruled[s], origin=news.NEWS_RULE) if s in ruled
               else next(given) for s in sentences]
    counts = rest.counts
    counts.sentences += sum(1 for s in sentences if s in ruled)
    counts.unique += len(ruled)
    return Translations(results, counts)


def _broken_by(source: str, plain: str, enforced: str) -> bool:
    """Whether enforcement brought damage (damage.py) or a quality problem (quality.py: too short, echoed…) that
    the model's own sentence does not have."""
    if checks.problem(source, plain):
        return False  # the model's own sentence is no better (made on demand, it was never retried)
    if checks.problem(source, enforced):
        return True
    return bool(set(checks.damage(source, enforced)) - set(checks.damage(source, plain)))


def annotated(plain: str, terms: SentenceTerms) -> str:
    """The model's sentence with the renderings it lacks added in brackets: "… [glossary: Zhao Lijian]"."""
    from bilingual.terms.matching import count_renderings

    missing = [entry.rendering for entry, count in zip(terms.entries, terms.counts, strict=True)
               for _ in range(count - count_renderings(plain, entry))]
    return f"{plain} [glossary: {'; '.join(missing)}]" if missing else plain
