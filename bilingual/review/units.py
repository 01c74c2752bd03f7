"""Review units: one per sentence, as the translation memory keys it (the normalised source), with its machine
translation, how it was produced, its glossary terms and where it occurs."""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bilingual import script, segment
from bilingual.options import ReviewFilter
from bilingual.posts import Post, iter_post_paths, read_posts
from bilingual.translate import checks, coverage
from bilingual.translate.outcomes import Origin
from bilingual.translate.translator import SentenceResult, Translator


@dataclass
class ReviewUnit:
    source: str  # normalised (Simplified) source sentence: the memory's key for human translations
    machine: str  # the machine's translation ("" for a flagged sentence, or a human one never machine-translated)
    origin: str  # human | model | an enforcement step | flagged
    terms: tuple[tuple[str, str], ...] = ()  # (term, required rendering)
    locations: list[tuple[str, str]] = field(default_factory=list)  # (post file, paragraph number or "title")
    target: str = ""  # the translation in the file: what the edition shows (human, else machine), or the reviewer's
    human: str = ""  # the human translation in the memory when exported ("" when none)
    confidence: float | None = None  # of the machine translation (coverage.confidence); None for a person's

    @property
    def id(self) -> str:
        return "s" + hashlib.sha1(self.source.encode("utf-8")).hexdigest()[:12]

    def note(self) -> str:
        """What a translator sees beside the unit in OmegaT, Poedit, Weblate or a spreadsheet."""
        lines = [f"origin: {self.origin}"]
        if self.confidence is not None:
            lines.append(f"confidence: {self.confidence:.2f}")
        lines += [f"term: {term} = {rendering}" for term, rendering in self.terms]
        lines += [f"in: {post} ¶{where}" for post, where in self.locations[:5]]
        if len(self.locations) > 5:
            lines.append(f"in: … and {len(self.locations) - 5} more")
        return "\n".join(lines)


def collect_units(
    posts: Iterable[Post], translator: Translator, only: ReviewFilter = ReviewFilter.ALL, post_glob: str | None = None
) -> list[ReviewUnit]:
    """The units of the posts (translated through the memory: what is cached is not translated again)."""
    sentences: list[str] = []
    places: list[tuple[str, str]] = []
    for post in posts:
        if post_glob and not fnmatch.fnmatch(post.path.name, post_glob):
            continue
        for where, text in [("title", post.title), *((str(n), b.text) for n, b in enumerate(post.blocks, 1))]:
            for sentence in segment.sentences_for_model(text):
                sentences.append(sentence)
                places.append((post.path.name, where))
    results = translator.translate(sentences).results
    machine = _machine_under_human(translator, [s for s, r in zip(sentences, results, strict=True)
                                                if r.origin == Origin.HUMAN])
    units: dict[str, ReviewUnit] = {}
    for result, place in zip(results, places, strict=True):
        if not script.has_han(result.source):
            continue  # nothing to translate: passes through as is
        unit = units.get(result.source)
        if unit is None:
            unit = units[result.source] = _unit(result, machine)
        if place not in unit.locations:
            unit.locations.append(place)
    wanted = [u for u in units.values() if _wanted(u, only)]
    if only == ReviewFilter.DOUBTFUL:  # worst first: a reviewer fixes what matters most
        wanted.sort(key=lambda u: u.confidence if u.confidence is not None else 1.0)
    return wanted


def _machine_under_human(translator: Translator, sentences: list[str]) -> dict[str, str]:
    """The machine translation of each sentence a person translated, as these settings produce it (translated
    now where the memory lacks it): the unit carries it so an import can tell it from the person's text."""
    if not sentences:
        return {}
    machine = Translator(translator.engine, translator.memory, translator.glossary, names=translator.names,
                         human=False, amounts=translator.amounts)  # shares the engine and memory: not closed here
    return {r.source: r.translation for r in machine.translate(sentences).results if r.ok}


def _unit(result: SentenceResult, machine: dict[str, str]) -> ReviewUnit:
    shown = result.translation if result.ok else ""
    if result.origin == Origin.HUMAN:
        return ReviewUnit(result.source, machine.get(result.source, ""), Origin.HUMAN, result.terms, target=shown,
                          human=shown)
    return ReviewUnit(result.source, shown, result.origin, result.terms, target=shown, confidence=result.confidence)


def _wanted(unit: ReviewUnit, only: ReviewFilter) -> bool:
    if only == ReviewFilter.FLAGGED:
        return unit.origin == Origin.FLAGGED
    if only == ReviewFilter.ENFORCED:
        return Origin.parse(unit.origin).enforced
    if only == ReviewFilter.HUMAN:
        return unit.origin == Origin.HUMAN
    if only == ReviewFilter.DAMAGED:
        return bool(checks.damage(unit.source, unit.machine))
    if only == ReviewFilter.DOUBTFUL:
        return unit.confidence is not None and unit.confidence < coverage.DOUBTFUL
    return True


def folder_sources(posts: Iterable[Post]) -> set[str]:
    """Every normalised sentence of the posts: what a review file may hold."""
    found: set[str] = set()
    for post in posts:
        for text in [post.title, *(b.text for b in post.blocks)]:
            found.update(script.to_model_input(s) for s in segment.sentences_for_model(text))
    return found


def posts_of(folder: Path) -> list[Post]:
    posts, _ = read_posts(list(iter_post_paths(folder)), folder)
    return posts
