"""Glossary suggestions mined from a folder: frequent names and terms the glossary does not have yet.

Candidates are words jieba tags as proper nouns (persons nr, places ns, organisations nt, other nz) and noun
compounds that recur (two nouns side by side, three times or more), that no glossary term covers. Each comes with
its frequency, the posts it is in, an example sentence, a proposed rendering (Hanyu Pinyin by rule for a mainland
person or place, else the model's translation of the term) and how often the model's sentence translations
carry that rendering — inconsistent ones first, since those are where an entry helps most.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from bilingual import script, segment
from bilingual.glossary import Glossary
from bilingual.names.gazetteer import load_gazetteer
from bilingual.names.romanize import person_pinyin, split_surname
from bilingual.posts import Post
from bilingual.terms.entry import Entry
from bilingual.terms.matching import count_renderings
from bilingual.translate.translator import Translator

PROPER_TAGS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "organisation",
               "nz": "term"}
MIN_COUNT = 2
COMPOUND_MIN_COUNT = 3


@dataclass
class Candidate:
    term: str
    category: str
    count: int = 0
    posts: set[str] = field(default_factory=set)
    sentences: list[str] = field(default_factory=list)  # up to five, normalised
    proposed: str = ""
    rendered: int = 0  # of the sentences, how many of the model's translations carry the proposed rendering

    inside: tuple[Entry, ...] = ()  # glossary entries the term holds (中国共产党 holds 中国)

    def entry(self) -> Entry:
        consistency = f"model: '{self.proposed}' in {self.rendered} of {len(self.sentences)} sentences"
        example = self.sentences[0] if self.sentences else ""
        notes = f"suggested: {self.count}× in {len(self.posts)} posts; {consistency}; e.g. {example[:60]}"
        flags: frozenset[str] = frozenset()
        shadowed = [e for e in self.inside
                    if not any(r.casefold() in self.proposed.casefold() for r in e.accepted)]
        if shadowed:
            # it overrides a glossary term inside it: say so (lint's shadowed rule accepts a shield)
            flags = frozenset({"shield"})
            notes += "; overrides " + ", ".join(f"{e.source} ({e.rendering})" for e in shadowed)
        return Entry(self.term, self.proposed, self.category, flags=flags, notes=" ".join(notes.split()))


def suggest(
    posts: Iterable[Post], glossary: Glossary, translator: Translator | None, top: int = 50
) -> list[Candidate]:
    """The top candidates, most useful first: inconsistently rendered, then frequent. Without a translator,
    the mined candidates by frequency alone, with no proposed rendering."""
    candidates = _mine(posts, glossary)
    ranked = sorted(candidates.values(), key=lambda c: (-c.count, -len(c.posts), c.term))
    if translator is None:
        return ranked[:top]
    ranked = ranked[: top * 2]
    _propose(ranked, translator)
    ranked = [c for c in ranked if c.proposed]
    # an entry helps most where the model renders the term in more than one way
    ranked.sort(key=lambda c: (c.rendered == len(c.sentences), -c.count, c.term))
    return ranked[:top]


def _mine(posts: Iterable[Post], glossary: Glossary) -> dict[str, Candidate]:
    segmenter = glossary.segmenter
    forms = glossary.index.forms()
    found: dict[str, Candidate] = {}
    compounds: Counter[str] = Counter()
    for post in posts:
        for text in [post.title, *(b.text for b in post.blocks)]:
            for sentence in segment.sentences_for_model(script.to_model_input(text)):
                covered = {i for m in glossary.match(sentence) for i in range(m.start, m.end)}
                words = segmenter.segment(sentence)
                for word, following in zip(words, [*words[1:], None], strict=True):
                    # a word wholly inside a glossary term is known; one that holds a term and more (中国共产党
                    # holds 中国) is a candidate of its own
                    if set(range(word.start, word.end)) <= covered or not script.has_han(word.text):
                        continue
                    category = PROPER_TAGS.get(word.tag)
                    # jieba tags many everyday words as names (顾问 adviser, 卫星 satellite): a known dictionary
                    # word is a name only where the gazetteer says it is a place
                    if category == "person" and segmenter.knows(word.text):
                        category = None
                    if category and len(word.text) >= 2:
                        _count(found, word.text, category, post, sentence)
                    elif (following is not None and word.tag.startswith("n") and following.tag.startswith("n")
                          and len(word.text) + len(following.text) >= 4
                          and not set(range(word.start, following.end)) <= covered):
                        compound = word.text + following.text
                        compounds[compound] += 1
                        if compounds[compound] >= COMPOUND_MIN_COUNT:
                            _count(found, compound, "term", post, sentence, compounds[compound])
    kept = {t: c for t, c in found.items() if c.count >= MIN_COUNT and t not in forms
            and len(c.posts) >= (2 if c.category == "term" else 1)}
    # a candidate holding another is left out (名藏人僧侣 holds 藏人僧侣): the file stays lint-clean
    kept = {t: c for t, c in kept.items() if not any(o != t and o in t for o in kept)}
    for term, candidate in kept.items():
        candidate.inside = tuple({m.entry.source: m.entry for m in glossary.match(term)}.values())
    return kept



def _count(found: dict[str, Candidate], term: str, category: str, post: Post, sentence: str,
           count: int | None = None) -> None:
    candidate = found.setdefault(term, Candidate(term, category))
    candidate.count = count if count is not None else candidate.count + 1
    candidate.posts.add(post.path.name)
    if len(candidate.sentences) < 5 and sentence not in candidate.sentences:
        candidate.sentences.append(sentence)


def _propose(candidates: list[Candidate], translator: Translator) -> None:
    """A rendering for each candidate, and how often the model's sentence translations carry it."""
    gazetteer = load_gazetteer()
    to_model = []
    for candidate in candidates:
        place = gazetteer.place_in_word(candidate.term)
        if place is not None and candidate.category == "place":
            candidate.proposed = place.english  # the gazetteer's form: 四川省 -> Sichuan
        elif candidate.category == "person" and (parts := split_surname(candidate.term)):
            candidate.proposed = person_pinyin(*parts)  # a mainland-looking name: Hanyu Pinyin by rule
        else:
            to_model.append(candidate)  # foreign places, organisations, terms: the model's own rendering
    for candidate, text in zip(to_model, translator.engine.translate([c.term for c in to_model]), strict=True):
        candidate.proposed = text.strip().rstrip(".").strip()
    sentences = [s for c in candidates for s in c.sentences]
    translated = {r.source: r.translation for r in translator.translate(sentences).results}
    for candidate in candidates:
        probe = Entry(candidate.term, candidate.proposed)
        candidate.rendered = sum(1 for s in candidate.sentences
                                 if candidate.proposed and count_renderings(translated.get(s, ""), probe))
