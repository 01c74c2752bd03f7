"""Nothing dropped, nothing invented: how much of a source sentence its translation carries, and which parts of
the translation have no ground in the source.

A bilingual dictionary (CC-CEDICT's glosses as English keyword stems, data/cedict-glosses.tsv.gz, built by
scripts/build_glosses.py) links the two sides:

- coverage: each content word of the source (nouns, verbs, adjectives, idioms; numbers written in digits) that
  the dictionary glosses counts as covered when one of its gloss keywords is in the translation. Words inside a
  glossary term or name are left to the glossary check. A clause of the source with three or more such words and
  none of them covered was dropped ("dropped-clause").
- grounding: each chunk of the translation (between commas and stops) with six or more content words, none of
  which links back to the source, was invented ("invented": the model's training
  boilerplate, "This post is part of our special coverage Syria Protests 2011").

Both are crude, word-level checks: they catch a clause gone missing or a sentence made up, not a nuance. The
translator retries a sentence that fails clause by clause and keeps the better-covered translation; the
confidence of every sentence (confidence()) starts from its coverage.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bilingual import segment
from bilingual.terms.matching import SentenceTerms
from bilingual.terms.words import Word

DATA = Path(__file__).with_name("data") / "cedict-glosses.tsv.gz"
# part-of-speech tags (jieba) of the words whose meaning must come through
CONTENT_TAGS = ("n", "v", "a", "i", "l")
# words too general to check: what they add is carried by the structure of the English, not by a word
GENERAL = frozenset(
    "是 有 说 表示 称 指出 认为 进行 没有 可以 可能 已经 要 会 能 将 也 还 都 就 对 把 被 让 使 为 与 和 及 等 这 那 "
    "其 之 所 以 而 但 并 或 又 再 更 最 很 不 没 目前 当天 今天 昨天 相关 有关 方面 问题 情况 工作 一些 一个 出现 "
    "成为 作为 通过 开始 继续 发生 导致 造成 表明 显示 报道 报导 指 据 来 去 做 用 给 得 到 看 让 这样 那样 如何 "
    "需要 应该 已 曾 正在 可 应 获得 进一步 方式".split())
ENGLISH_STOP = frozenset(
    "the a an and or but of to in on at for by with from as is are was were be been has have had will would can "
    "could should may might must did does do this that these those it its he she they we you his her their our "
    "which who whom whose what when where while than then there here also not no so such any all some more most "
    "very just only into over after before about said says say told tell".split())
HEADWORD_CHARS = 4  # longer headwords are compounds of shorter ones, which link as well
DROPPED_CLAUSE_WORDS = 3  # checked words a clause must have to count as dropped when none comes through
INVENTED_WORDS = 6  # content words a chunk of the translation must have, none linked to the source, to be invented


@dataclass(frozen=True)
class Coverage:
    checked: int  # content words of the source the dictionary glosses
    covered: int
    missing: tuple[str, ...]  # the source words not found
    dropped_clause: bool
    invented: tuple[str, ...]  # chunks of the translation with no ground in the source

    @property
    def ratio(self) -> float:
        return self.covered / self.checked if self.checked else 1.0

    @property
    def failed(self) -> bool:
        return self.dropped_clause or bool(self.invented)

    def better_than(self, other: Coverage) -> bool:
        """Whether this translation is clearly the more faithful of two of the same sentence."""
        if self.failed != other.failed:
            return not self.failed
        return self.ratio >= other.ratio + 0.15


@dataclass(frozen=True)
class Dictionary:
    glosses: dict[str, frozenset[str]]  # Simplified headword -> English keyword stems
    sources: dict[str, frozenset[str]]  # English keyword stem -> headwords
    lowercase: frozenset[str]  # English words written lower-case more often than capitalised


@cache
def dictionary() -> Dictionary:
    glosses: dict[str, frozenset[str]] = {}
    lowercase: list[str] = []
    with gzip.open(DATA, "rt", encoding="utf-8") as fh:
        english = False
        for line in fh:
            line = line.rstrip("\n")
            if line == "#english":
                english = True
            elif english:
                lowercase.append(line)
            elif line and not line.startswith("#"):
                word, _, stems = line.partition("\t")
                glosses[word] = frozenset(stems.split())
    sources: dict[str, set[str]] = {}
    for word, keys in glosses.items():
        for key in keys:
            sources.setdefault(key, set()).add(word)
    return Dictionary(glosses, {s: frozenset(w) for s, w in sources.items()}, frozenset(lowercase))


def stem(word: str) -> str:
    word = word.lower()
    return word[:4] if len(word) >= 4 else word


_LATIN = re.compile(r"[A-Za-z]+|\d+")
_CHUNK = re.compile(r"[^,;:.!?，；：。！？]+")


def check(source: str, translation: str, words: Sequence[Word], terms: SentenceTerms | None = None) -> Coverage:
    """The coverage of source (Simplified, as the model read it; words: its segmentation) by translation."""
    lexicon = dictionary()
    english = {stem(w) if not w.isdigit() else w for w in _LATIN.findall(translation)}
    in_terms = [(m.start, m.end) for m in terms.matches] if terms is not None else []
    results: list[tuple[Word, bool]] = []
    for word in words:
        if any(start < word.end and word.start < end for start, end in in_terms):
            continue
        digits = re.findall(r"\d+", word.text)
        if word.tag == "m" and digits:
            results.append((word, all(d in english for d in digits)))
            continue
        if len(word.text) < 2 or word.text in GENERAL or not word.tag.startswith(CONTENT_TAGS):
            continue
        glossed = lexicon.glosses.get(word.text)
        if glossed:
            results.append((word, bool(glossed & english)))
    dropped = False
    for start, end in segment.clause_spans(source):
        inside = [found for word, found in results if start <= word.start < end]
        if len(inside) >= DROPPED_CLAUSE_WORDS and not any(inside):
            dropped = True
    covered = sum(found for _, found in results)
    return Coverage(len(results), covered, tuple(w.text for w, found in results if not found), dropped,
                    invented(source, translation, terms))


def invented(source: str, translation: str, terms: SentenceTerms | None = None) -> tuple[str, ...]:
    """The chunks of translation that nothing links to source: not the dictionary, not a term's rendering, not the
    source's own Latin words, not the pinyin of its characters (names: Xu Zhiyong)."""
    lexicon = dictionary()
    present = _headwords_in(source, lexicon)
    latin = source.lower()
    renderings = {stem(w) for t in (terms.entries if terms is not None else ()) for r in t.accepted
                  for w in _LATIN.findall(r)}
    found = []
    syllables: frozenset[str] | None = None
    for chunk in _CHUNK.findall(translation):
        content, unlinked = 0, []
        for word in _LATIN.findall(chunk):
            if word.isdigit() or len(word) < 3 or word.lower() in ENGLISH_STOP:
                continue  # numbers: the source may write them in Chinese
            content += 1
            linked = lexicon.sources.get(stem(word))
            if not (stem(word) in renderings or (linked and linked & present) or word.lower() in latin):
                unlinked.append(word.lower())
        if content < INVENTED_WORDS or len(unlinked) < content:
            continue
        syllables = _syllables(source) if syllables is None else syllables  # rarely needed: computed late
        if not any(_is_pinyin(word, syllables) for word in unlinked):
            found.append(chunk.strip())
    return tuple(found)


def _syllables(source: str) -> frozenset[str]:
    from pypinyin import lazy_pinyin

    return frozenset(s for s in lazy_pinyin(source) if s.isascii() and s.isalpha())


def _is_pinyin(word: str, syllables: frozenset[str]) -> bool:
    """A syllable of the source's pinyin, or two run together (Zhiyong)."""
    return word in syllables or any(word[:n] in syllables and word[n:] in syllables for n in range(1, len(word)))


def _headwords_in(source: str, lexicon: Dictionary) -> frozenset[str]:
    """Every dictionary headword of two characters or more written in source (single characters gloss too
    widely to ground anything: 管 "tube; to manage; … part")."""
    found = set()
    for start in range(len(source)):
        for end in range(start + 2, min(len(source), start + HEADWORD_CHARS) + 1):
            if source[start:end] in lexicon.glosses:
                found.add(source[start:end])
    return frozenset(found)


def lowercase_for(terms: SentenceTerms | None) -> frozenset[str]:
    """The words a clause join may lower-case in this sentence: common English words, but none that begins a
    rendering of its terms ("Foreign Ministry spokesperson" keeps its capital)."""
    words = dictionary().lowercase
    if terms is None or not terms:
        return words
    return words - {r.split()[0].lower() for entry in terms.entries for r in entry.accepted if r.split()}


# Below this confidence a machine translation is doubtful: `review export --only doubtful`, --mark-doubtful.
DOUBTFUL = 0.5


def confidence(found: Coverage, damage: Sequence[str], origin: str) -> float:
    """How far a reader can trust a machine translation, 0 to 1: its coverage of the source, lowered for a
    dropped clause, invented text, each kind of damage (checks.damage) and the last-resort enforcement steps."""
    score = found.ratio
    if found.dropped_clause:
        score *= 0.5
    if found.invented:
        score *= 0.3
    score *= 0.6 ** len(damage)
    if origin in ("annotated", "spliced"):
        score *= 0.7
    return round(score, 2)
