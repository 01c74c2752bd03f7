"""Sentences in, translations out: the translation memory first, the engine for the rest, glossary enforced.

Every source sentence is normalised to Simplified before anything else, so a Traditional post and its
Simplified twin share cache entries. A Translator keeps no run statistics: each translate() call returns its
own counts, and the caller adds them up.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from typing import TYPE_CHECKING

from bilingual import amounts, dates, news, script, segment
from bilingual.errors import Interrupted
from bilingual.glossary import Glossary
from bilingual.names.persons import repair_near_misses
from bilingual.terms.entry import Entry
from bilingual.terms.matching import SentenceTerms, check, count_renderings
from bilingual.terms.words import Segmenter, Word, segmenter
from bilingual.translate import checks, coverage
from bilingual.translate.batching import Steps, ask, run_many
from bilingual.translate.enforcement import Enforced, FirstPass, annotate, enforce, fill, protect_first
from bilingual.translate.engine import TranslationEngine
from bilingual.translate.memory import Cached, TranslationMemory, make_key
from bilingual.translate.outcomes import Origin, Problem, Status, Step, parse_status, stored_status

if TYPE_CHECKING:
    from bilingual.names import NameFinder, PostNames

# Misses go to the engine in slices of SLICE sentences, and each engine call takes in new slices until it holds
# CALL_SIZE inputs: enough batches for every core, yet the first slices are committed (and shown) within seconds.
SLICE, CALL_SIZE = 64, 128
# Categories of the terms made by rule (amounts.py, dates.py), which are never probed.
BY_RULE = frozenset({amounts.AMOUNT, dates.DATE, dates.TIME})
# Slices of the shortest sentences that go first (see _short_ones_first): two engine calls' worth.
SHORT_FIRST = 4


@dataclass
class TranslationCounts:
    """What one translate() call did; a run adds up its calls' counts."""

    sentences: int = 0  # sentence occurrences asked for
    unique: int = 0
    from_cache: int = 0
    translated: int = 0  # sent to the model in this call
    retried: int = 0  # re-translated with other decoding settings after a quality check failed
    human: int = 0  # served from a human translation
    by_rule: int = 0  # news lines rendered by rule (news.py)
    coverage: Counter[str] = field(default_factory=Counter)  # what the coverage check found and recovered
    steps: Counter[str] = field(default_factory=Counter)  # how sentences translated now got their terms

    def __iadd__(self, other: TranslationCounts) -> TranslationCounts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


@dataclass(frozen=True)
class SentenceResult:
    source: str
    translation: str
    problem: Problem | None = None  # why it is flagged (checks.problem); None when it is shown
    terms: tuple[tuple[str, str], ...] = ()  # glossary terms and names: (term, expected rendering)
    violations: tuple[str, ...] = ()  # terms whose rendering is not in the translation
    origin: Origin = Origin.MODEL
    term_origins: tuple[str, ...] = ()  # where each term's rendering came from (glossary:FILE:LINE, names:…)
    skipped: tuple[str, ...] = ()  # glossary terms matched but not forced: not words of the sentence
    confidence: float | None = None  # coverage.confidence of a machine translation (None: a person's, a rule's)

    @property
    def doubtful(self) -> bool:
        """A machine translation a reviewer should look at first (coverage.DOUBTFUL)."""
        return self.confidence is not None and self.confidence < coverage.DOUBTFUL

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def status(self) -> Status:
        return Status.OK if self.problem is None else Status.FLAGGED


@dataclass(frozen=True)
class Translations:
    results: list[SentenceResult]
    counts: TranslationCounts


@dataclass(frozen=True)
class _Prepared:
    """A sentence as the translator keys it: its Simplified form, its terms (glossary and names) and cache key."""

    source: str
    key: str
    terms: SentenceTerms
    near: tuple[tuple[str, str], ...] = ()  # names left to the model, spelt in pinyin where it nearly has them


@dataclass(eq=False)
class _Sentence:
    """One sentence (or clause) on its way through the stage: each attempt that is kept replaces text and says
    where it came from; problem is what the checks found in text."""

    source: str
    terms: SentenceTerms
    text: str = ""
    origin: Origin = Origin.PASSTHROUGH
    problem: Problem | None = None
    first: FirstPass | None = None  # its first-pass input had terms protected (protect_first)
    partial: str = ""  # of a sentence still failing: the clauses that translated well, […] for the others
    words: tuple[Word, ...] = ()  # its segmentation, for the coverage check
    _checked: tuple[str, coverage.Coverage] | None = None

    def attempt(self, text: str, origin: Origin | None = None) -> None:
        self.text, self.problem = text, checks.problem(self.source, text)
        if origin is not None:
            self.origin = origin

    def coverage(self, text: str | None = None) -> coverage.Coverage:
        """The coverage of text (default: the sentence's own), remembered for the last text checked: a sentence is
        checked when it is judged finished, when it may be recovered, and for its confidence."""
        text = self.text if text is None else text
        if self._checked is None or self._checked[0] != text:
            self._checked = (text, coverage.check(self.source, text, self.words, self.terms))
        return self._checked[1]

    @property
    def cached(self) -> Cached:
        # Garbage is never shown: a flagged sentence keeps only its partial text and says why in its status.
        if self.problem:
            return Cached(self.partial, stored_status(self.problem), Origin.FLAGGED)
        if self.origin == Origin.PASSTHROUGH:
            return Cached(self.text, Status.OK, self.origin)
        confidence = coverage.confidence(self.coverage(), checks.damage(self.source, self.text), self.origin)
        return Cached(self.text, Status.OK, self.origin, confidence)


Done = list[tuple[_Prepared, Cached]]


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
        amounts: bool = True,
    ):
        # At most this many misses are in flight (in slices of up to SLICE): all a killed run can lose, less what
        # their first pass already finished.
        self.commit_every = commit_every or int(os.environ.get("BILINGUAL_COMMIT_EVERY", "512"))
        self.engine = engine
        self.memory = memory
        self.glossary = glossary
        self.names = names
        self.human = human  # serve human translations (off to measure the machine, as `bilingual eval` does)
        self.amounts = amounts  # amounts in 万/亿 and sums of money enforced as amounts.py renders them

    @cached_property
    def segmenter(self) -> Segmenter:
        """The words of a sentence as its terms were found (the coverage check reads the same words)."""
        if self.glossary is not None:
            return self.glossary.segmenter
        if self.names is not None:
            return self.names.segmenter
        return segmenter(frozenset())

    def __enter__(self) -> Translator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.engine.close()
        self.memory.close()

    def translate(self, sentences: Sequence[str], progress: Callable[[int], None] | None = None,
                  post_names: Sequence[PostNames | None] | None = None) -> Translations:
        """post_names: per sentence, the names of its post (NameFinder.for_post), so a name is rendered one way
        throughout its post; None: each sentence's names on their own."""
        counts = TranslationCounts()
        # News lines (datelines, bylines, editor and credit lines) are rendered by rule: never sent to the model.
        ruled = {s: english for s in dict.fromkeys(sentences) if (english := news.render(s)) is not None}
        # Keyed by the sentence as written (whether it is in Traditional script tells the names layer about its
        # setting) and its post's names. Twins that find the same terms share one cache key.
        names = list(post_names) if post_names is not None else [None] * len(sentences)
        written = dict.fromkeys(zip(sentences, names, strict=True))  # the sentences as the progress bar counts them
        prepared = {(original, id(post)): self._prepare(original, post) for original, post in written
                    if original not in ruled}
        unique = {p.key: p for p in prepared.values()}
        counts.sentences = len(sentences)
        counts.unique = len(unique) + len(ruled)
        counts.by_rule = len(ruled)

        # Human translations win over any machine output, whatever the model, decoding or glossary.
        humans = self.memory.human_many(p.source for p in unique.values()) if self.human else {}
        cached = self.memory.get_many(k for k, p in unique.items() if p.source not in humans)
        # a sentence flagged before is translated again: a later release may recover it (its key need not hold
        # the pipeline's revision), and the same release flags it again the same way
        cached = {k: c for k, c in cached.items() if c.status == Status.OK}
        missing = [p for k, p in unique.items() if p.source not in humans and k not in cached]
        counts.human = sum(1 for p in unique.values() if p.source in humans)
        counts.from_cache = len(unique) - len(missing) - counts.human
        # the bar counts sentences as written; all but those going to the model are done now (human, cached,
        # passthrough, and twins in Traditional and Simplified sharing a key), the rest move with each batch
        if progress and (done := len(written) - sum(1 for p in missing if script.has_han(p.source))):
            progress(done)

        # The misses go through in slices, several in flight. Each round's engine call holds the requests of all
        # slices in flight, so the few sentences one slice still has to enforce fill the batches of the next
        # slices' first pass. Longest first, so each slice holds equal-length sentences and the run ends on short
        # ones, which rarely need enforcing. What is finished is committed at once: a killed run keeps it.
        missing.sort(key=lambda p: (-len(self.engine.tokenize(p.source)), p.source))
        size = min(SLICE, self.commit_every)
        slices = _short_ones_first([missing[start:start + size] for start in range(0, len(missing), size)],
                                   SHORT_FIRST)

        def commit(finished: Done) -> None:
            for item, result in finished:
                cached[item.key] = result
            if finished:
                self.memory.put_many((item.key, item.source, *result) for item, result in finished)
            counts.translated += len(finished)

        try:
            known_missed = self._known_missed([p.terms for p in missing if script.has_han(p.source)])
            run_many((self._translate_slice(items, known_missed, counts, commit) for items in slices), self.engine,
                     lambda _number, rest: commit(rest), in_flight=max(1, self.commit_every // size),
                     call_size=CALL_SIZE, progress=progress)
        except KeyboardInterrupt:
            raise Interrupted(counts.translated) from None

        results = []
        for original, post in zip(sentences, names, strict=True):
            if original in ruled:
                source = script.to_model_input(original)
                results.append(SentenceResult(source, ruled[original], origin=Origin.NEWS_RULE))
                continue
            item = prepared[(original, id(post))]
            human = humans.get(item.source)
            confidence = None
            if human:
                translation, problem, origin = human.translation, None, Origin.HUMAN
            else:
                found = cached[item.key]
                translation, problem, origin = found.translation, parse_status(found.status)[1], Origin.parse(
                    found.origin)
                confidence = found.confidence
                if item.near and problem is None:
                    translation = repair_near_misses(translation, item.near,
                                                     [a for e in item.terms.entries for a in e.accepted])
            # the glossary check runs on human translations too: reported, never changed
            violations = tuple(v.term for v in check(translation, item.terms)) if item.terms else ()
            skipped = tuple(m.entry.source for m in item.terms.skipped)
            results.append(SentenceResult(item.source, translation, problem, item.terms.pairs, violations,
                                          origin, item.terms.origins, skipped, confidence))
        return Translations(results, counts)

    def terms_of(self, original: str, post_names: PostNames | None = None) -> SentenceTerms:
        """A sentence's glossary terms and names (its post's, where given): what must be rendered."""
        source = script.to_model_input(original)
        terms = self.glossary.terms_in(source) if self.glossary is not None else SentenceTerms(source)
        if script.has_han(source):
            names = post_names if post_names is not None and self.names is not None else self.names
            if names is not None:
                terms = terms.merged(names.find(original, source))  # glossary terms win where they overlap
            if self.amounts:
                # a bare 元 is yuan only in a sentence written in Simplified
                terms = terms.merged(amounts.find(source, simplified_script=original == source))
                terms = terms.merged(dates.find(source))
        return terms.places_in_countries()

    def _prepare(self, original: str, post_names: PostNames | None = None) -> _Prepared:
        terms = self.terms_of(original, post_names)
        key = make_key(self.engine.model_id, self.engine.decoding.key(), terms.source, terms.key)
        near = self.names.near(original, terms.source, [(m.start, m.end) for m in terms.matches]) \
            if self.names is not None and script.has_han(terms.source) else ()
        return _Prepared(terms.source, key, terms, near)

    def _translate_slice(
        self, items: list[_Prepared], known_missed: dict[Entry, bool], counts: TranslationCounts,
        commit: Callable[[Done], None],
    ) -> Steps[Done]:
        """The first pass (plain, or with the terms the model is known to miss protected); then, for the sentences
        it did not finish, decoding retries and the clause-by-clause retry of bad output, and enforcement of the
        terms still wrong. Returns what it did not commit on the way.

        The model's own sentence is kept wherever it already renders every term as the glossary says, so the
        glossary never costs fluency there. Each step depends only on the sentence itself, never on the rest
        of the slice or on what shares its engine calls, so results are the same whatever was cached. A piece of
        work for batching.run_many: it yields its engine requests.
        """
        # Text with no Chinese in it (URLs, English lines, handles) passes through untouched.
        sentences = {id(item): _Sentence(item.source, item.terms, item.source) for item in items}
        to_model = [s for s in sentences.values() if script.has_han(s.source)]
        yield from self._first_pass(to_model, known_missed)
        # the words the coverage check reads, cut once the first pass is asked for: the engine works on it and on
        # the next slices meanwhile (the segmenter's dictionaries load on first use, in about two seconds)
        for s in to_model:
            s.words = self.segmenter.segment(s.source)

        # Finished by the first pass: readable, faithful, every term rendered, and (where terms were protected) no
        # damage the model's own sentence would be checked against (what enforce and _enforce would keep as is).
        finished = {i for i, s in sentences.items() if s.origin == Origin.MODEL and not s.problem
                    and not check(s.text, s.terms) and not s.coverage().failed
                    and (s.first is None or (s.first.served and not checks.damage(s.source, s.text)))}
        for i in finished:
            if sentences[i].first is not None:
                sentences[i].origin = Origin.PROTECTED_FIRST
                counts.steps[Step.PROTECTED_FIRST] += 1
            elif sentences[i].terms:
                counts.steps[Step.MODEL_CORRECT] += 1
        commit([(item, sentences[id(item)].cached) for item in items if id(item) in finished])
        rest = [s for i, s in sentences.items() if i not in finished]

        # added after the yield: other slices add to the same counts meanwhile
        retried = yield from self._retry_bad_output(rest)
        counts.retried += retried
        yield from self._retry_by_clause(rest)
        with_terms = [s for s in rest if s.terms and not s.problem and s.origin != Origin.RETRIED_BY_CLAUSE]
        if with_terms:
            steps = yield from self._enforce(with_terms)
            counts.steps.update(steps)
        # a sentence retried clause by clause already is what the recovery would make again
        found = yield from self._recover_coverage([s for s in rest if s.words and not s.problem
                                                   and s.origin != Origin.RETRIED_BY_CLAUSE])
        counts.coverage.update(found)
        return [(item, sentences[id(item)].cached) for item in items if id(item) not in finished]

    def _first_pass(self, sentences: list[_Sentence], known_missed: dict[Entry, bool]) -> Steps[None]:
        """Terms the model is known to miss are protected from the first pass, so their sentences need no second
        one; the others go in plain, and the model's own sentence is kept wherever it renders every term."""
        protected = {}
        for s in sentences:
            missed = frozenset(e.source for e in s.terms.entries if known_missed[e])
            if found := protect_first(s.terms, missed):
                protected[s] = found
        outputs = yield from ask([protected[s].model_input if s in protected else s.source for s in sentences],
                                 shown=True)
        for s, output in zip(sentences, outputs, strict=True):
            s.text, s.origin = output, Origin.MODEL
            if s in protected:
                filled = fill(output, protected[s])
                served = filled is not None and checks.problem(s.source, filled) is None
                s.first = FirstPass(protected[s], served)
                if served and filled is not None:
                    s.text = filled
        fallback = [s for s in sentences if s.first and not s.first.served]  # a placeholder lost: the plain one
        outputs = yield from ask([s.source for s in fallback])
        for s, output in zip(fallback, outputs, strict=True):
            s.text = output
        for s in sentences:
            s.problem = checks.problem(s.source, s.text)

    def _enforce(self, sentences: list[_Sentence]) -> Steps[Counter[Step]]:
        """Every term of these readable sentences rendered (enforcement.enforce); where the enforced sentence is
        broken and the model's own was readable, the model's sentence is kept with the required renderings added
        visibly, rather than a garbled or a missing one. Returns how many sentences each step served."""
        enforced = yield from enforce([(s.terms, s.text) for s in sentences],
                                      {n: s.first for n, s in enumerate(sentences) if s.first})
        changed = {s: result for s, result in zip(sentences, enforced, strict=True)
                   if result.step != Step.MODEL_CORRECT}
        plain = yield from self._plain_where_broken(changed)
        steps: Counter[Step] = Counter()
        for s, result in zip(sentences, enforced, strict=True):
            text, step = result.text, result.step
            if s in plain and checks.broken_by(s.source, plain[s], text):
                text = annotate(plain[s], s.terms)
                # the plain sentence may render every term already (its first pass was protected)
                step = Step.ANNOTATED if text != plain[s] else Step.MODEL_CORRECT
            s.attempt(text, Origin.of_step(step))
            steps[step] += 1
        return steps

    def _known_missed(self, sentence_terms: list[SentenceTerms]) -> dict[Entry, bool]:
        """Per term (glossary entry or name) of these sentences, whether the model misses it when it translates it on
        its own.

        The model's output for each term alone is kept in the memory (probes), so the decision depends on the
        term and the model, never on what else is in the run: output stays reproducible.
        """
        # Amounts, days and times are never probed: each is its own term, and the model's own sentence has an amount
        # right two times in three
        sources = {e.source for terms in sentence_terms for e in terms.entries if e.category not in BY_RULE}
        decoding = self.engine.decoding.key()
        keys = {source: make_key(self.engine.model_id, decoding, source, "probe") for source in sorted(sources)}
        probes = self.memory.probes_many(keys.values())
        new = [source for source in keys if keys[source] not in probes]
        if new:
            rows = list(zip((keys[s] for s in new), self.engine.translate(new), strict=True))
            self.memory.put_probes(rows)
            probes.update(rows)
        # keyed by entry, not source form: the same form can have another rendering in another sentence
        return {e: e.category not in BY_RULE and not count_renderings(probes[keys[e.source]], e)
                for terms in sentence_terms for e in terms.entries}

    def _plain_where_broken(self, changed: dict[_Sentence, Enforced]) -> Steps[dict[_Sentence, str]]:
        """The model's plain sentence for each enforced one, to tell whether enforcement broke it. Sentences whose
        first pass was protected have none yet: those showing damage or a quality problem are translated plain now.
        """
        plain = {s: s.text for s in changed if not (s.first and s.first.served)}
        unknown = [s for s, result in changed.items() if s not in plain
                   and (checks.damage(s.source, result.text) or checks.problem(s.source, result.text))]
        outputs = yield from ask([s.source for s in unknown])
        plain.update(zip(unknown, outputs, strict=True))
        return plain

    def _retry_by_clause(self, sentences: list[_Sentence]) -> Steps[None]:
        """Sentences still failing the checks (often a long news lead the model cuts short), translated clause by
        clause. A sentence whose clauses all pass is recovered; otherwise it keeps, as its partial text, what
        could be translated ([…] for the rest)."""
        by_clause = yield from self._by_clause([s for s in sentences if s.problem])
        for s, parts in by_clause.items():
            joined = _join(s, [c.text if not c.problem else "[…]" for c in parts])
            if all(not c.problem for c in parts) and checks.problem(s.source, joined) is None:
                s.attempt(joined, Origin.RETRIED_BY_CLAUSE)
            elif any(not c.problem for c in parts):
                s.partial = joined

    def _recover_coverage(self, sentences: list[_Sentence]) -> Steps[Counter[str]]:
        """Readable sentences that dropped a clause or invented text (coverage.py), translated clause by clause;
        the clause-by-clause translation is kept where it is readable, renders every term and is clearly the more
        faithful. Returns what was found and recovered."""
        found: Counter[str] = Counter()
        failing = {}
        for s in sentences:
            if (before := s.coverage()).failed:
                failing[s] = before
                found.update(kind for kind, seen in (("dropped-clause", before.dropped_clause),
                                                     ("invented", before.invented)) if seen)
        by_clause = yield from self._by_clause(list(failing))
        for s, parts in by_clause.items():
            joined = _join(s, [c.text for c in parts])
            if (not any(c.problem for c in parts) and checks.problem(s.source, joined) is None
                    and not check(joined, s.terms) and s.coverage(joined).better_than(failing[s])):
                s.attempt(joined, Origin.RECOVERED_BY_CLAUSE)
                found["recovered-by-clause"] += 1
        return found

    def _by_clause(self, sentences: list[_Sentence]) -> Steps[dict[_Sentence, list[_Sentence]]]:
        """Each sentence of more than one clause translated clause by clause: each clause's terms enforced, its
        bad output retried. Returns the clauses of each sentence (one-clause sentences are left out)."""
        plan = segment.ClausePlan.of({s: s.source for s in sentences})
        if not plan:
            return {}
        # a clause's terms are the sentence's terms inside it (glossary terms and names alike)
        clauses = [_Sentence(s.source[start:end], s.terms.within(start, end)) for s, start, end in plan.pieces()]
        outputs = yield from ask([c.source for c in clauses])
        for clause, output in zip(clauses, outputs, strict=True):
            clause.attempt(output)
        yield from self._retry_bad_output(clauses)
        with_terms = [c for c in clauses if c.terms and not c.problem]
        if with_terms:
            enforced = yield from enforce([(c.terms, c.text) for c in with_terms])
            for clause, result in zip(with_terms, enforced, strict=True):
                clause.attempt(result.text)
        return plan.regroup(clauses)

    def _retry_bad_output(self, sentences: list[_Sentence]) -> Steps[int]:
        """Re-translate repetition loops, empty and untranslated output with decoding settings that avoid them.
        Returns how many re-translations were made."""
        retried = 0
        for settings in checks.RETRY_DECODING:
            bad = [s for s in sentences if s.problem]
            if not bad:
                break
            decoding = replace(self.engine.decoding, **settings)
            outputs = yield from ask([s.source for s in bad], decoding=decoding)
            for s, output in zip(bad, outputs, strict=True):
                retried += 1
                if checks.problem(s.source, output) is None:
                    s.attempt(output)
        return retried


def _join(sentence: _Sentence, parts: list[str]) -> str:
    return segment.join_clauses(parts, coverage.lowercase_for(sentence.terms))


def _short_ones_first(slices: list[list[_Prepared]], count: int) -> list[list[_Prepared]]:
    """Slices (longest first) with the `count` shortest moved to the front: their first pass finishes (and is
    committed) within seconds, so an interrupt keeps work from the start. The rest go longest first, so long
    sentences' enforcement shares calls with shorter ones' first pass and the run ends on short ones."""
    if len(slices) <= count:
        return slices[::-1]
    return slices[-count:][::-1] + slices[:-count]
