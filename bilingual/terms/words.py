"""Words of a Simplified sentence, with part-of-speech tags: jieba's segmenter with our own terms in its dictionary.

Two layers need words: the glossary forces a term only where it is a word of the sentence (美国会 reads
美|国会, "the U.S. Congress", so 美国 is not forced there), and the names layer finds personal names (tag nr)
and places (tag ns). Both use one Segmenter per set of added words, built once and cached: segmentation then
depends only on the sentence and the word list, so the same sentence always gets the same terms (the cache key
holds them).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# Tags jieba gives a word it did not know and could not tag; words we add without a tag keep jieba's own.
UNKNOWN_TAG = "x"


@dataclass(frozen=True)
class Word:
    text: str
    tag: str
    start: int
    end: int


class Segmenter:
    """jieba (dictionary + HMM for words it does not know, such as most personal names) with extra words.

    extra: (word, tag) pairs; tag "" keeps jieba's tag when jieba knows the word. Building one takes about a
    second (jieba's dictionary); segment() results are cached per sentence.
    """

    def __init__(self, extra: Iterable[tuple[str, str]] = ()):
        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        self._tokenizer = jieba.Tokenizer()
        self._tokenizer.initialize()
        for word, tag in sorted(set(extra)):
            if len(word) < 2:
                continue
            # freq None: jieba computes one that lets the word be cut out whole; a known word keeps its own
            # frequency when that is higher, so common readings are not disturbed.
            self._tokenizer.add_word(word, None, tag or None)
        # POSTokenizer(tokenizer) would parse jieba's 350,000-line dictionary for its tags once more; importing
        # jieba.posseg has already done so for its default tokenizer, so that table is copied instead.
        self._pos = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        self._pos.tokenizer = self._tokenizer
        self._pos.word_tag_tab = dict(jieba.posseg.dt.word_tag_tab)
        self._lock = threading.Lock()  # jieba's tokenizers are not thread-safe
        self._cache: dict[str, tuple[Word, ...]] = {}

    def knows(self, word: str) -> bool:
        """Whether the word is in the dictionary (jieba's or added), not merely cut out by the HMM."""
        return bool(self._tokenizer.FREQ.get(word))

    def frequency(self, word: str) -> int:
        """The word's count in the dictionary (0 when it is not there)."""
        return int(self._tokenizer.FREQ.get(word) or 0)

    def segment(self, text: str) -> tuple[Word, ...]:
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        with self._lock:
            words, at = [], 0
            for pair in self._pos.cut(text, HMM=True):
                words.append(Word(pair.word, pair.flag, at, at + len(pair.word)))
                at += len(pair.word)
        result = tuple(words)
        if len(self._cache) < 200_000:
            self._cache[text] = result
        return result



@lru_cache(maxsize=4)
def segmenter(extra: frozenset[tuple[str, str]]) -> Segmenter:
    """The Segmenter for a word list, shared by every user of the same list."""
    return Segmenter(extra)
