"""Names: a layer beside the glossary that gives proper names their established English forms.

- gazetteer: China's administrative divisions -> Hanyu Pinyin by rule (石家庄 -> Shijiazhuang)
- persons: mainland Chinese personal names found by segmentation, tags, surname and context -> pinyin
  (郑泽光 -> Zheng Zeguang)
- regions: which sentences are Hong Kong, Macau or Taiwan news, where pinyin is never forced
- data/persons.tsv: the curated list (glossary format) of Hong Kong, Macau, Taiwan and foreign persons
- data/cedict-names.tsv: persons, places, organisations, companies and media from CC-CEDICT (built by
  scripts/build_names.py; CC BY-SA 4.0), matched only where they are whole words of the sentence
- data/world.tsv: curated foreign persons, companies and media CC-CEDICT lacks (美光 Micron, 科顿 Cotton), matched
  as the CC-CEDICT list and winning over it; the word segmenter is given their forms
- japanese: Japanese persons read in Japanese where a sentence is set in Japan (茂木敏充 Toshimitsu Motegi)
- places: streets, districts, institutions by rule (福州路 Fuzhou Road)
- glossed: names the text glosses itself, 布林肯（Antony Blinken）: the gloss is the rendering
- romanize: pinyin, Taiwan's Wade–Giles and Hong Kong's Cantonese romanisation
- post: one rendering per name per post (NameFinder.for_post)

NameFinder.find() returns glossary Matches whose Entries say where their rendering came from (Entry.origin:
names:list:FILE:LINE, names:gazetteer, names:pinyin); the translator merges them into each sentence's
SentenceTerms, so enforcement, checking, the cache key and glossary-report.csv treat them as terms. Glossary
terms win where they overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from bilingual.names.gazetteer import Gazetteer, Place, load_gazetteer
from bilingual.names.glossed import ORIGIN_GLOSSED, find_glossed, glossed_entry
from bilingual.names.japanese import (
    SURNAME_NOTE,
    find_japanese_persons,
    find_japanese_places,
    japanese_setting,
    reads_as_japanese_name,
)
from bilingual.names.persons import (
    JAPANESE_MARKERS,
    KOREAN_MARKERS,
    find_persons,
    recurring_persons,
    unanchored_persons,
)
from bilingual.names.places import find_places
from bilingual.names.post import PostNames
from bilingual.names.regions import HK_MO_TW_MARKERS, foreign_reading, near_hk_mo_tw, pinyin_allowed, region_near
from bilingual.names.romanize import person_name
from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match, TermIndex
from bilingual.terms.tsv import read_entries
from bilingual.terms.words import Segmenter, Word, segmenter

PERSONS_LIST = Path(__file__).with_name("data") / "persons.tsv"
NAMES_LIST = Path(__file__).with_name("data") / "cedict-names.tsv"
WORLD_LIST = Path(__file__).with_name("data") / "world.tsv"  # curated foreign persons, companies, media
ORIGIN_GAZETTEER = "names:gazetteer"
ORIGIN_PINYIN = "names:pinyin"
ORIGIN_REGION = "names:romanised"  # + :hk, :mo or :tw: a Hong Kong, Macau or Taiwan person by its region's rule
ORIGIN_JAPANESE = "names:japanese"  # a Japanese person read in Japanese (japanese.py)
ORIGIN_RULE = "names:rule"  # streets, districts, institutions: X + kind (places.py)
# Categories of the lists' Hong Kong, Macau and Taiwan persons (world.tsv)
REGIONAL_PERSONS = frozenset({"person-hk", "person-mo", "person-tw"})
# Divisions whose names are not mainland places (for telling a Traditional-script sentence's setting).
NOT_MAINLAND = ("71", "81", "82")  # Taiwan, Hong Kong, Macau

__all__ = ["NameFinder", "PostNames", "open_names", "dictionary_words", "ORIGIN_GAZETTEER", "ORIGIN_PINYIN",
           "ORIGIN_RULE", "ORIGIN_REGION", "ORIGIN_GLOSSED"]


class NameFinder:
    """The names of a sentence, as glossary matches with their renderings and origins."""

    def __init__(self, segmenter: Segmenter, gazetteer: Gazetteer, listed: list[Entry],
                 known: frozenset[str] = frozenset(), dictionary: Sequence[Entry] = ()):
        self.segmenter = segmenter
        self.gazetteer = gazetteer
        self.known = known  # glossary terms: never read as a person's name
        self.listed = TermIndex([replace(e, origin=f"names:list:{Path(e.file).name}:{e.line}") for e in listed])
        self.dictionary = TermIndex([replace(e, origin=f"names:list:{Path(e.file).name}:{e.line}")
                                     for e in dictionary])

    def for_post(self, sentences: Sequence[str]) -> PostNames:
        """The names of one post's sentences (as written), one rendering per name: see post.py."""
        return PostNames(self, sentences)

    def find(self, original: str, normalised: str, context: str = "") -> list[Match]:
        """Names in a sentence: original as written, normalised its Simplified form (what the model reads);
        context: the whole post's Simplified text where known (its setting: 德州 is Texas in a US story)."""
        words = self.segmenter.segment(normalised)
        # a name the text glosses itself (布林肯（Antony Blinken）) before any list's reading of it
        found: list[Match] = [Match(g.start, g.end, glossed_entry(normalised, g))
                              for g in find_glossed(normalised, words)]
        japan = japanese_setting(normalised, context)
        if japan:  # 千叶县 Chiba Prefecture, over the dictionary's 千叶 and before the Chinese gazetteer
            for match in self._japanese_places(normalised, words):
                _add(found, match)
        for match in self.listed.match(normalised):
            _add(found, match)
        places = self._places(words)
        pinyin_ok = pinyin_allowed(original, normalised, _names_mainland(places))
        # the dictionary's names only as whole words (one or more): 大同 Datong is no name in 大同小异
        dictionary = self._dictionary(original, normalised, words)
        if pinyin_ok and not any(m in normalised for m in (*JAPANESE_MARKERS, *KOREAN_MARKERS)):
            for named in find_places(words, self.gazetteer, self.segmenter, NOT_MAINLAND):
                if near_hk_mo_tw(normalised, named.start, named.end) or self.gazetteer.get(named.text) \
                        or any(m.start <= named.start and named.end <= m.end for m in dictionary):
                    continue  # the gazetteer's or the dictionary's own form (临沭县, 武汉大学) stands
                entry = Entry(named.text, named.english, "place", origin=ORIGIN_RULE)
                _add(found, Match(named.start, named.end, entry))
        for word, place in places:
            reading = foreign_reading(place.form, context or normalised) or place.english
            entry = Entry(place.form, reading, "place", origin=ORIGIN_GAZETTEER)
            _add(found, Match(word.start, word.start + len(place.form), entry))
        for match in dictionary:
            _add(found, match)
        if japan:
            for match in self._japanese_persons(normalised, words):
                _add(found, match, over=ORIGIN_GAZETTEER)
        for match in self._chinese_persons(normalised, words, pinyin_ok, japan):
            # a list member jieba cut into a place (赵|福田, 白玉|茹) is the person, not the place
            _add(found, match, over=ORIGIN_GAZETTEER)
        return sorted(found, key=lambda m: m.start)

    def _dictionary(self, original: str, normalised: str, words: Sequence[Word]) -> list[Match]:
        """The lists' names (world.tsv, CC-CEDICT) that are whole words of the sentence; a Hong Kong, Macau or
        Taiwan person only where the sentence says it is set there, or is written in Traditional (杨金龙 of a
        Nanjing story is Yang Jinlong, not Taiwan's Yang Chin-long)."""
        starts, ends = {w.start for w in words}, {w.end for w in words}
        regional = original != normalised or any(m in normalised for m in HK_MO_TW_MARKERS)
        return [m for m in self.dictionary.match(normalised) if m.start in starts and m.end in ends
                and (regional or m.entry.category not in REGIONAL_PERSONS)]

    def near(self, original: str, normalised: str, forced: Sequence[tuple[int, int]] = ()
             ) -> tuple[tuple[str, str], ...]:
        """Chinese names of a mainland sentence that find() leaves to the model, as (pinyin surname, given name):
        where the model spells one nearly right, persons.repair_near_misses writes its pinyin. forced: the spans of
        the sentence's terms, whose renderings stand (a listed Taiwan name is no pinyin's)."""
        words = self.segmenter.segment(normalised)
        if japanese_setting(normalised) or any(m in normalised for m in KOREAN_MARKERS) \
                or not pinyin_allowed(original, normalised, _names_mainland(self._places(words))):
            return ()
        found = []
        for person in unanchored_persons(normalised, words, self.segmenter, self.known):
            if near_hk_mo_tw(normalised, person.start, person.end) or _after_foreign_country(words, person.start) \
                    or any(person.start < end and start < person.end for start, end in forced):
                continue
            surname, _, given = person.english.partition(" ")
            if given:
                found.append((surname, given))
        return tuple(found)

    def recurring(self, sentences: Sequence[tuple[str, str]]) -> list[Entry]:
        """Chinese persons a post names again and again with nothing beside them to say so (persons.recurring_persons),
        from its (as written, Simplified) sentences that read as mainland news, in pinyin."""
        mainland = []
        for original, normalised in sentences:
            if any(m in normalised for m in HK_MO_TW_MARKERS):
                continue
            words = self.segmenter.segment(normalised)
            if pinyin_allowed(original, normalised, _names_mainland(self._places(words))):
                mainland.append((normalised, words))
        return [Entry(person.text, person.english, "person", origin=ORIGIN_PINYIN)
                for person in recurring_persons(mainland, self.segmenter, self.known, reads_as_japanese_name)]

    def _chinese_persons(self, normalised: str, words: Sequence[Word], pinyin_ok: bool, japan: bool
                         ) -> list[Match]:
        """Chinese persons in their region's romanisation, where it is known (regions.py); in a sentence set in
        Japan, not a name that reads as Japanese (武藤 alone is Muto, not "Wu Teng")."""
        found = []
        for person in find_persons(normalised, words, self.segmenter, self.known):
            if japan and reads_as_japanese_name(person.text):
                continue
            if _after_foreign_country(words, person.start):
                continue  # 波兰总统杜达 (Duda), 美国贸易代表赖海哲 (Lighthizer): a foreigner, whom pinyin would garble
            region = region_near(normalised, person.start, person.end)
            if near_hk_mo_tw(normalised, person.start, person.end):
                english = person_name(person.surname, person.given, region) if region else None
            else:
                english = person.english if pinyin_ok else None
            if english is None:
                continue  # whose name it is, or how its region writes it, is not known here: left to the model
            origin = ORIGIN_PINYIN if english == person.english else f"{ORIGIN_REGION}:{region}"
            found.append(Match(person.start, person.end, Entry(person.text, english, "person", origin=origin)))
        return found

    def _japanese_places(self, normalised: str, words: Sequence[Word]) -> list[Match]:
        return [Match(place.start, place.end, Entry(place.text, "|".join(place.english), "place",
                                                    origin=ORIGIN_JAPANESE))
                for place in find_japanese_places(normalised, words, self.segmenter.frequency)]

    def _japanese_persons(self, normalised: str, words: Sequence[Word]) -> list[Match]:
        found = []
        for japanese in find_japanese_persons(normalised, words, self.segmenter.frequency):
            # the press's order first; the family name first (as Japan's government asks) counts too
            given, family = japanese.english.split(" ", 1)
            entry = Entry(japanese.text, f"{japanese.english}|{family} {given}", "person",
                          notes=f"{SURNAME_NOTE}{japanese.surname}", origin=ORIGIN_JAPANESE)
            found.append(Match(japanese.start, japanese.end, entry))
        return found

    def _places(self, words: Sequence[Word]) -> list[tuple[Word, Place]]:
        """The sentence's words that are (or open with) a gazetteer place."""
        return [(word, place) for word in words if (place := self.gazetteer.place_in_word(word.text)) is not None]


def _after_foreign_country(words: Sequence[Word], start: int) -> bool:
    """The name comes right after a foreign country and a title (波兰|总统|杜达, 美国贸易代表|赖海哲), not a Chinese
    envoy's (中国|驻|英国|大使|郑泽光)."""
    at = next((n for n, w in enumerate(words) if w.start == start), 0)
    countries = foreign_countries()
    if at >= 1 and any(words[at - 1].text.startswith(c) and words[at - 1].text != c for c in countries):
        return True
    return at >= 2 and words[at - 2].text in countries and (at < 3 or words[at - 3].text != "驻")


@cache
def foreign_countries() -> dict[str, str]:
    """The shipped glossary's countries but China and Taiwan (whose names the regions decide), with their English
    names: 波兰 Poland, 美国 United States, 新加坡 Singapore."""
    from bilingual import default_glossary_path

    return {e.source: e.rendering for e in read_entries(default_glossary_path())
            if e.category == "country" and e.source not in ("中国", "中华人民共和国", "台湾")}


def _names_mainland(places: Sequence[tuple[Word, Place]]) -> bool:
    return any(not place.adcode.startswith(NOT_MAINLAND) for _, place in places)


def _add(found: list[Match], match: Match, over: str = "") -> None:
    """Add match unless it overlaps one found before (the curated list first, then places, then persons);
    over: the origin of matches it replaces where it holds them whole and is longer."""
    overlapping = [m for m in found if match.start < m.end and m.start < match.end]
    if over and overlapping and all(m.entry.origin == over and match.start <= m.start and m.end <= match.end
                                    and m.end - m.start < match.end - match.start for m in overlapping):
        for m in overlapping:
            found.remove(m)
        overlapping = []
    if not overlapping:
        found.append(match)


def dictionary_words() -> frozenset[tuple[str, str]]:
    """The places and curated foreign names a word segmenter should know, so that each is one word (海力士, not
    海|力士): given to the glossary's segmenter when both are in use (bilingual.open_translator composes them)."""
    return load_gazetteer().dictionary_words() | _world_words()


def _world_words() -> frozenset[tuple[str, str]]:
    return frozenset((form, "nz") for e in read_entries(WORLD_LIST) for form in e.match_forms())


def open_names(shared: Segmenter | None = None, known: frozenset[str] = frozenset()) -> NameFinder:
    """The names layer over the shipped data.

    shared: the segmenter of the glossary in use (its dictionary holding dictionary_words()), so both read the same
    words; known: the glossary's source forms, never taken for names. Without one, the names layer segments with
    the gazetteer's places and the listed persons in the dictionary."""
    gazetteer = load_gazetteer()
    listed = read_entries(PERSONS_LIST)
    dictionary = read_entries(WORLD_LIST) + read_entries(NAMES_LIST)  # the curated list first: it wins
    if shared is not None:
        return NameFinder(shared, gazetteer, listed, known, dictionary)
    own = segmenter(frozenset(dictionary_words() | {(f, "") for e in listed for f in e.match_forms()}))
    return NameFinder(own, gazetteer, listed, dictionary=dictionary)
