"""One rendering per name per post: the names of a whole post, found before any of it is translated, so that a
name found with confidence at one mention is rendered the same way at every other.

The finder reads each sentence on its own, so a name found at one mention (律师梁小军 after a title) can be
missed at the next (梁小军说 in a Traditional sentence), or read another way (德州 a city in one sentence, a
person elsewhere). PostNames keeps, for each name, its first rendering in the post, and for each sentence

- gives every name it finds that first rendering;
- adds the post's names that the sentence holds but the finder did not find there, where they stand as words
  (or are three characters or more);
- adds a Chinese person the post names in three sentences or more (persons.recurring_persons), though no
  mention has a title or verb beside it;
- adds a Japanese person's surname standing alone before a verb, a title or a particle (三村表示 Mimura), or as
  a word of its own that jieba reads as a name or does not know (武藤的公司), when one Japanese person of the post
  has it;
- gives the later mentions of a name the post glosses itself (布林肯（Antony Blinken）, glossed.py) the surname
  the gloss gives (布林肯 Blinken), over any list's reading;
- adds a person's surname standing alone (王说, 王女士) as the surname of that person's rendering (Wang), when
  one person of the post has that surname and the surname stands before a verb of saying or a polite title.

The extra matches are ordinary names entries, so the cache key holds them like any other term.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Protocol

from bilingual import script
from bilingual.names.glossed import ORIGIN_GLOSSED, later_entries
from bilingual.names.japanese import SURNAME_NOTE
from bilingual.names.persons import PERSON_TAGS, VERBS_AFTER
from bilingual.names.romanize import split_surname
from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match
from bilingual.terms.words import Segmenter

ORIGIN_POST = "names:post"  # a later mention of a name the post has already named
ROMANISED = ("names:pinyin", "names:romanised")  # origins of Chinese names romanised by rule, surname first
# What follows a surname used alone for a person (王说, 王女士, 王先生).
SURNAME_ALONE_AFTER = VERBS_AFTER | {"先生", "女士", "小姐", "太太", "律师", "教授", "医生", "老师"}
# What follows a Japanese surname used alone for its person (三村表示, 武藤社长, 高井先生).
JAPANESE_SURNAME_BEFORE = tuple(sorted(SURNAME_ALONE_AFTER | {"社长", "会长", "首相", "外相", "知事", "董事长", "总裁",
                                                              "议员", "市长", "大臣", "认为", "指出", "还", "也",
                                                              "则", "在", "对", "是"}, key=len, reverse=True))
# Matches from these origins are the post's names (glossary terms keep their own rule).
NAME_CATEGORIES = ("person", "place")


class _Finder(Protocol):
    """What PostNames needs of a NameFinder."""

    segmenter: Segmenter

    def find(self, original: str, normalised: str, context: str = "") -> list[Match]: ...

    def recurring(self, sentences: Sequence[tuple[str, str]]) -> list[Entry]: ...


class PostNames:
    """The names of one post, for its sentences: find(original, normalised) as NameFinder.find."""

    def __init__(self, finder: _Finder, sentences: Sequence[str]):
        self.finder = finder
        self.segmenter: Segmenter = finder.segmenter
        self.first: dict[str, Entry] = {}  # name as written (Simplified) -> its first rendering in the post
        pairs = [(original, script.to_model_input(original)) for original in sentences]
        # the post's setting, for names read by it (德州 Texas in a US story)
        self.context = "\n".join(normalised for _, normalised in pairs)
        pairs = [(original, normalised) for original, normalised in pairs if script.has_han(normalised)]
        glossed: list[Entry] = []  # the later mentions of names the post glosses itself (布林肯（Antony Blinken）)
        for original, normalised in pairs:
            for match in finder.find(original, normalised, self.context):
                if match.entry.origin == ORIGIN_GLOSSED:
                    glossed += later_entries(match.entry)
                if match.entry.category in NAME_CATEGORIES:
                    self.first.setdefault(match.entry.source, match.entry)
        # over any list's reading
        self.first.update((e.source, e) for e in glossed)
        # persons the post names in several sentences with nothing beside them to say so (谢企华 in a profile)
        for entry in finder.recurring(pairs):
            self.first.setdefault(entry.source, entry)
        # surnames of the Chinese names this layer romanised (surname first); not of listed foreign names
        # (特朗普 Donald Trump)
        surnames: dict[str, set[str]] = {}
        for source, entry in self.first.items():
            if entry.category == "person" and entry.origin.startswith(ROMANISED) and " " in entry.rendering \
                    and (parts := split_surname(source)) is not None and len(parts[0]) == 1:
                surnames.setdefault(source[0], set()).add(entry.rendering.split(" ")[0])
        # Japanese persons' surnames (三村 of 三村明夫 Akio Mimura), standing alone later in the post (三村表示)
        japanese: dict[str, set[str]] = {}
        for entry in self.first.values():
            if entry.notes.startswith(SURNAME_NOTE) and " " in entry.rendering:
                japanese.setdefault(entry.notes[len(SURNAME_NOTE):], set()).add(entry.rendering.split(" ")[-1])
        self.japanese_surnames = {s: next(iter(r)) for s, r in japanese.items() if len(r) == 1 and len(s) >= 2}
        # a surname stands for a person only when one person of the post has it
        self.surnames = {s: next(iter(r)) for s, r in surnames.items() if len(r) == 1
                         and sum(1 for src, e in self.first.items() if e.category == "person" and src[0] == s) == 1}

    def find(self, original: str, normalised: str) -> list[Match]:
        found = [replace(m, entry=self.first.get(m.entry.source, m.entry))
                 if m.entry.category in NAME_CATEGORIES else m
                 for m in self.finder.find(original, normalised, self.context)]
        words = self.segmenter.segment(normalised)
        starts, ends = {w.start for w in words}, {w.end for w in words}
        for source, entry in self.first.items():
            for at, end in _occurrences(normalised, source):
                whole = (at in starts and end in ends) or len(source) >= 3
                if whole and not any(at < m.end and m.start < end for m in found):
                    found.append(Match(at, end, replace(entry, origin=ORIGIN_POST)))
        for n, word in enumerate(words):
            # 王|说, or one word to jieba (梁说/nrfg)
            family = self.surnames.get(word.text[:1])
            after = word.text[1:] or (words[n + 1].text if n + 1 < len(words) else "")
            end = word.start + 1
            if family and after in SURNAME_ALONE_AFTER and not any(word.start < m.end and m.start < end
                                                                   for m in found):
                found.append(Match(word.start, end, Entry(word.text[:1], family, "person", origin=ORIGIN_POST)))
        name_words = {(w.start, w.end) for w in words if w.tag in PERSON_TAGS}
        for surname, family in self.japanese_surnames.items():
            # before a verb, a title or a particle; or a word of its own that jieba reads as a name or does not
            # know (武藤|的公司, 武藤|将), where an everyday word would be in its dictionary
            alone = self.segmenter.frequency(surname) == 0
            for at, end in _occurrences(normalised, surname):
                if at in starts and (normalised[end:].startswith(JAPANESE_SURNAME_BEFORE)
                                     or (end in ends and (alone or (at, end) in name_words))) \
                        and not any(at < m.end and m.start < end for m in found):
                    found.append(Match(at, end, Entry(surname, family, "person", origin=ORIGIN_POST)))
        return sorted(found, key=lambda m: m.start)


def _occurrences(text: str, form: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each occurrence of form in text, left to right, not overlapping."""
    at = text.find(form)
    while at >= 0:
        yield at, at + len(form)
        at = text.find(form, at + len(form))
