"""Enforcement: make a translation render every glossary term as the glossary says, through the model.

The translation stage hands over each sentence's terms and its first output: the model's plain output, or, for
a sentence with terms the model is known to miss, its output with those terms protected from the start
(protect_first; the translator decides which terms, from the model's translation of each term on its own). That
output is kept wherever it renders every term. For the others these steps are tried in turn, each one request
for the sentences still missing a term:

1. the failing terms replaced by placeholders ZX1, ZX2, … that the model copies through, then filled in with
   the renderings (the scheme that carried terms through most often on the real model, see the README);
2. spaced placeholders; the failing terms' renderings inline; spaced placeholders for every term;
3. the sentence translated clause by clause (short inputs carry placeholders far better), each clause
   enforced by the steps above, and the clauses joined;
4. last, the text around the terms translated and the renderings spliced in.

A translation with a missing, invented or leftover placeholder is rejected, so a placeholder never reaches
an output. enforce() asks for its engine calls as a piece of work (batching.py), so the translation stage can send
them together with other slices' inputs; it keeps no state between calls.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bilingual import dates, segment
from bilingual.script import HAN_CLASS
from bilingual.terms.entry import Entry
from bilingual.terms.matching import SentenceTerms, check, count_renderings
from bilingual.translate.batching import Steps, ask
from bilingual.translate.coverage import lowercase_for
from bilingual.translate.outcomes import Step

# (only the failing terms?, style) of each protection step, in the order they are tried. Protecting every term
# with placeholders or inline renderings served almost no sentence yet cost one attempt for every sentence still
# failing (README, "Enforcement"): those sentences go on to the clause-by-clause step.
PROTECTION_STEPS = (
    (True, "placeholder"), (True, "spaced"), (True, "inline"), (False, "spaced"),
)
# Each round is one request. The first step serves most sentences and the second most of the rest, so each has a
# round of its own; the rare last two share one. The first step in order that works wins, so the output is the
# same however the steps are grouped into rounds.
PROTECTION_ROUNDS = (PROTECTION_STEPS[:1], PROTECTION_STEPS[1:2], PROTECTION_STEPS[2:])


_HAS_WORD = re.compile(rf"[\w{HAN_CLASS}]")
# A word that means little alone, left between two terms (港府在ZX2提交…): the model turns it into anything ("在"
# came out "Yes."), so the splice step leaves it out
_PARTICLES = frozenset("在的了对向从于将把为而也就都等之其以由给")
# a conjunction or copula between two terms carries meaning: it gets its English word
_JOINING_WORDS = {"和": "and", "与": "and", "及": "and", "跟": "and", "同": "and", "并": "and", "或": "or", "是": "is",
                  "被": "by"}


def protect_first(terms: SentenceTerms, known_missed: frozenset[str]) -> Protected | None:
    """The first-pass input of a sentence: its terms that the model is known to miss (source terms) as
    placeholders, so it needs no second pass for them; None when it has none (the model's own sentence is
    wanted)."""
    return protect(terms, only=known_missed) if known_missed else None


@dataclass(frozen=True)
class Enforced:
    text: str
    step: Step  # MODEL_CORRECT, PROTECTED_FIRST, a protection step, BY_CLAUSE or SPLICED


@dataclass(frozen=True)
class Protected:
    """A sentence as the model sees it with some of its terms protected."""

    terms: SentenceTerms
    model_input: str
    prefix: str = "ZX"
    only: frozenset[str] | None = None  # the source terms protected (None: all)
    before_noun: frozenset[int] = frozenset()  # placeholder numbers whose every occurrence modifies a noun

    @property
    def entries(self) -> tuple[Entry, ...]:
        return self.terms.entries


@dataclass(frozen=True)
class FirstPass:
    """A sentence whose first-pass input was protect_first(): that input, and whether the output handed to
    enforce() is its filled output (served) or the plain output it fell back to."""

    protected: Protected
    served: bool


def protect(terms: SentenceTerms, only: frozenset[str] | None = None, style: str = "placeholder") -> Protected:
    """The model input with the sentence's terms protected (all, or only the source terms in `only`).

    style "placeholder": ZX1, ZX2, … that the model copies through and fill() replaces;
    style "spaced": the same with spaces around; style "inline": the English rendering itself.
    """
    source = terms.source
    if not terms.matches:
        return Protected(terms, source)
    prefix = _placeholder_prefix(source)
    slot_of = {e.source: n for n, e in enumerate(terms.entries, start=1)}
    pieces, last = [], 0
    for m in terms.matches:
        if only is not None and m.entry.source not in only:
            continue
        pieces.append(source[last:m.start])
        if style == "inline":
            pieces.append(f" {m.entry.before_noun if m.before_noun else m.entry.rendering} ")
        else:
            token = f"{prefix}{slot_of[m.entry.source]}"
            # a digit or Latin letter right after would run into the placeholder ("ZX1" + "17日")
            after = source[m.end:m.end + 1]
            gap = " " if after.isascii() and after.isalnum() else ""
            pieces.append(f" {token} " if style == "spaced" else token + gap)
        last = m.end
    pieces.append(source[last:])
    protected = [m for m in terms.matches if only is None or m.entry.source in only]
    before_noun = frozenset(slot_of[m.entry.source] for m in protected
                            if all(o.before_noun for o in protected if o.entry.source == m.entry.source))
    return Protected(terms, re.sub(r" {2,}", " ", "".join(pieces)).strip(), prefix, only, before_noun)


def enforce(items: Sequence[tuple[SentenceTerms, str]], first: dict[int, FirstPass] | None = None
            ) -> Steps[list[Enforced]]:
    """One Enforced per (terms, first output) item, every term rendered, saying which step served it. Each
    sentence's SentenceTerms (glossary terms and names) say what to enforce.

    first: the items whose first-pass input was protect_first(). Where it served, its terms stay protected
    in the later protection attempts of the whole sentence (the clause-by-clause step starts afresh from each
    clause); either way an attempt identical to it is not sent again.
    """
    first = first or {}
    results = [Enforced(text, Step.PROTECTED_FIRST if i in first and first[i].served else Step.MODEL_CORRECT)
               for i, (_, text) in enumerate(items)]
    failing = yield from _protect(items, results, first)
    if failing:
        yield from _by_clause(items, failing, results)
    if failing:
        yield from _splice(items, failing, results)
    return results


def _protect(
    items: Sequence[tuple[SentenceTerms, str]], results: list[Enforced], first: dict[int, FirstPass]
) -> Steps[dict[int, frozenset]]:
    """The protection rounds; returns the items still failing (index -> source terms to protect)."""
    failing: dict[int, frozenset[str]] = {}
    for i, (terms, text) in enumerate(items):
        missing = frozenset(v.term for v in check(text, terms))
        if missing:
            served = first[i].protected.only if i in first and first[i].served else None
            failing[i] = missing | (served or frozenset())
    # the same input gives the same output: never send again what was tried for an item (its first pass, or
    # an earlier step whose input came out the same, as protecting every term does when every term failed)
    tried = {i: {first[i].protected.model_input} if i in first else set() for i in failing}
    for steps in PROTECTION_ROUNDS:
        if not failing:
            break
        attempts = []
        for i in failing:
            for step in steps:
                attempt = protect(items[i][0], only=failing[i] if step[0] else None, style=step[1])
                if attempt.model_input not in tried[i]:
                    tried[i].add(attempt.model_input)
                    attempts.append((i, step, attempt))
        if not attempts:
            continue
        outputs = yield from ask([attempt.model_input for _, _, attempt in attempts])
        for (i, step, attempt), output in zip(attempts, outputs, strict=True):
            if i not in failing:
                continue
            filled = fill(output, attempt)
            if filled is not None and not check(filled, items[i][0]):
                results[i] = Enforced(filled, Step.protection(*step))
                del failing[i]
    return failing


def _by_clause(
    items: Sequence[tuple[SentenceTerms, str]], failing: dict[int, frozenset], results: list[Enforced]
) -> Steps[None]:
    """Translate the failing sentences clause by clause, enforcing terms per clause, and join the clauses."""
    # a sentence of one clause would only be translated as before: it goes on to the splice step
    plan = segment.ClausePlan.of({i: items[i][0].source for i in failing})
    if not plan:
        return
    # A clause's terms are the sentence's terms inside it (glossary terms and names alike), not a new
    # match of the clause: the same terms, the same renderings.
    clause_terms = [items[i][0].within(start, end) for i, start, end in plan.pieces()]
    plain = yield from ask([c.source for c in clause_terms])
    clause_items = list(zip(clause_terms, plain, strict=True))
    clause_results = [Enforced(text, Step.MODEL_CORRECT) for _, text in clause_items]
    still_failing = yield from _protect(clause_items, clause_results, {})
    if still_failing:
        yield from _splice(clause_items, still_failing, clause_results)
    for i, parts in plan.regroup(clause_results).items():
        joined = segment.join_clauses([r.text for r in parts], lowercase_for(items[i][0]))
        if not check(joined, items[i][0]):
            results[i] = Enforced(joined, Step.BY_CLAUSE)
            del failing[i]


def _splice(
    items: Sequence[tuple[SentenceTerms, str]], failing: dict[int, frozenset], results: list[Enforced]
) -> Steps[None]:
    """Last resort: translate the text around the terms separately and join it with the renderings.

    Less fluent than a whole-sentence translation, but every term is in it and nothing is invented.
    """
    indices = list(failing)
    spliced = yield from _splice_batch([protect(items[i][0]) for i in indices])
    for i, text in zip(indices, spliced, strict=True):
        results[i] = Enforced(text, Step.SPLICED)
        del failing[i]


def _placeholder_prefix(source: str) -> str:
    for prefix in ("ZX", "QZ", "XQ", "ZQX"):
        if prefix.lower() not in source.lower():
            return prefix
    return "ZQXJ"


def fill(output: str, protected: Protected) -> str | None:
    """Replace the placeholders in output; None when one is missing, invented, or left over."""
    pattern = re.compile(rf"\b{protected.prefix}\s?(\d+)\b", re.I)
    expected = {n for n in range(1, len(protected.entries) + 1)
                if f"{protected.prefix}{n}" in protected.model_input}
    if {int(m.group(1)) for m in pattern.finditer(output)} != expected:
        return None

    def when(n: int) -> str | None:
        return _WHEN.get(protected.entries[n - 1].category) if 0 < n <= len(protected.entries) else None

    # a day or time the model put after "in" or "at" takes its own preposition: "on the 25th", "at 16:00"
    output = re.sub(rf"\b(in|at|on)( {protected.prefix}\s?(\d+)\b)",
                    lambda m: (_cased(when(int(m[3])), m[1]) if when(int(m[3])) else m[1]) + m[2], output, flags=re.I)

    def render(m: re.Match[str]) -> str:
        entry = protected.entries[int(m.group(1)) - 1]
        text = entry.rendering
        if int(m.group(1)) in protected.before_noun and _word_follows(output, m.end()):
            text = entry.before_noun  # "US soybeans", not "United States soybeans"
        before = output[: m.start()]
        at_start = not before.strip(" \"'“‘(")
        preposition = when(int(m.group(1)))
        if preposition and " to " in text:
            preposition = "from"  # a range: "from 0:00 to 24:00"
        if preposition and not (_AFTER_A_PREPOSITION.search(before) or _NO_PREPOSITION_AFTER.match(output, m.end())
                                or at_start and _SUBJECT_OF.match(output, m.end())):
            # the source's adverb of time (美国联邦航空局24日发布) between subject and verb: "… on the 24th issued"
            text = f"{preposition} {text}"
        elif preposition and before.lower().endswith("the ") and text.startswith("the "):
            text = text[len("the "):]
        if "the" in entry.flags and text == entry.rendering and not text.lower().startswith("the ") \
                and _without_determiner(before) and not _word_follows(output, m.end()):
            # "according to the Ministry of Emergency Management"; none where it modifies a noun ("two Ministry of
            # Commerce officials")
            text = f"{'The' if at_start or _OPENS_SENTENCE.search(before) else 'the'} {text}"
        if at_start and "exact-case" not in entry.flags and text[:1].islower():
            text = text[0].upper() + text[1:]
        return text

    filled = pattern.sub(render, output) if expected else output
    filled = re.sub(r"\b([ap])\.m\.\.", r"\1.m.", filled)  # "at 5 p.m." closing the sentence: one stop
    if protected.prefix.lower() in filled.lower() and protected.prefix.lower() not in protected.terms.source.lower():
        return None
    return filled


# The preposition a day or a time takes where the model put it with none (it copies the source's word order, in
# which 24日 needs none): "The FAA on the 24th issued …", not "The FAA the 24th issued …"
_WHEN = {dates.DATE: "on", dates.TIME: "at"}
_AFTER_A_PREPOSITION = re.compile(
    r"(?:\b(?:on|in|at|of|by|since|until|till|from|to|between|and|or|before|after|through|for|during|the|this|"
    r"that|around|about|than|past|near|every|each|per)|[-–—])\s*$", re.I)


# a day that owns something ("the 26th's events") or opens a range ("the 14th-the 21st", "the 14th to the 21st"),
# or that opens the sentence as its subject (26日是…: "The 26th was …"): no preposition
_NO_PREPOSITION_AFTER = re.compile(r"(?:['’]s\b|\s*[-–—]|\s+(?:to|and|or)\s)", re.I)
_SUBJECT_OF = re.compile(r",? (?:is|was|will|would|marks|marked|has|had)\b", re.I)


# What may stand before a body's name in place of "the": a determiner or possessive, or a capitalised word (an
# adjective or name: "Russian Ministry of Defense", "US Department of State") that is no function word.
_DETERMINER = re.compile(r"(?:\b(?:the|a|an|this|these|those|its|their|his|her|our|my|your|whose|each|every|any"
                         r"|no|some|both|either|neither|former|new|one|two|three|four|five|several|many|all|other)"
                         r"|['’]s?|\d[\d.]*)\s*$", re.I)
# Where a sentence starts inside the output: after a full stop, or an opening quote
_OPENS_SENTENCE = re.compile(r"(?:[.!?][\"”’)]?\s+|[“‘]\s*|(?:^|[\s,:])\")$")
_LAST_WORD = re.compile(r"([A-Za-z][\w.-]*)\s*$")
_FUNCTION_WORDS = frozenset("according to by from of with for on at in and or but as than when while after before "
                            "between against under via since if where".split())


def _without_determiner(before: str) -> bool:
    """Whether a name put in after this text has no determiner of its own (sentence start, punctuation, a verb or
    preposition before it)."""
    if _DETERMINER.search(before):
        return False
    last = _LAST_WORD.search(before)
    if last is None or not before.rstrip().endswith(last[1]):
        return True  # the sentence's start, or punctuation
    return last[1][:1].islower() or last[1].lower() in _FUNCTION_WORDS


def _cased(word: str | None, like: str) -> str:
    word = word or like
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


# Words after which the placeholder is not modifying a noun in the English, whatever the source said.
_NOT_A_NOUN = frozenset(
    "and or nor but as to of in on at by for with from is are was were be been has have had will would can could "
    "should may might must did does do said says also which that who whom whose than then when where while".split()
)


def _word_follows(output: str, at: int) -> bool:
    """Whether a word that can be the noun a placeholder modifies comes right after it ("ZX1 soybeans")."""
    following = re.match(r" ([A-Za-z][\w-]*)", output[at:])
    if following is None:
        return False
    word = following.group(1).lower()
    return word not in _NOT_A_NOUN and not word.endswith(("ed", "ly"))  # "ZX1 increased", "ZX1 recently"


def _splice_batch(protected_items: list[Protected]) -> Steps[list[str]]:
    plans: list[list[str | int]] = []
    texts: list[str] = []
    for protected in protected_items:
        token = rf"{protected.prefix}(\d+)(?!\d)"
        pieces = [p.strip() for p in re.split(rf"({protected.prefix}\d+)(?!\d)", protected.model_input) if p.strip()]
        plan: list[str | int] = []
        for piece in pieces:
            match = re.fullmatch(token, piece)
            if match:
                plan.append(protected.entries[int(match.group(1)) - 1].rendering)
            elif (word := re.sub(r"\W", "", piece)) in _JOINING_WORDS:
                plan.append(_JOINING_WORDS[word])
            elif _HAS_WORD.search(piece) and word not in _PARTICLES:
                plan.append(len(texts))
                texts.append(piece)
        plans.append(plan)
    translated = yield from ask(texts)
    out = []
    for plan in plans:
        words = [translated[p].rstrip(".") if isinstance(p, int) else p for p in plan]
        sentence = " ".join(w for w in words if w).strip()
        end = "" if sentence.endswith((".", "?", "!", "”", '"')) else "."
        out.append(sentence[:1].upper() + sentence[1:] + end)
    return out


def annotate(plain: str, terms: SentenceTerms) -> str:
    """The model's sentence with the renderings it lacks added in brackets: "… [glossary: Zhao Lijian]". The
    fallback where every enforced sentence is broken and the model's own is readable (checks.broken_by)."""
    missing = [entry.rendering for entry, count in zip(terms.entries, terms.counts, strict=True)
               for _ in range(count - count_renderings(plain, entry))]
    return f"{plain} [glossary: {'; '.join(missing)}]" if missing else plain
