"""Japanese personal names in Chinese news, read in Japanese: 茂木敏充 -> Toshimitsu Motegi, not "Mao Mu Minchong".

Chinese text writes Japanese names in Chinese characters, and the model reads them in Chinese (武藤 "Wu Teng").
Where a sentence is set in Japan, it is turned into Japanese characters (OpenCC: Simplified -> Traditional ->
Japanese shinjitai, character for character) and read with MeCab and UniDic (fugashi, unidic-lite): a word UniDic
knows as a surname (姓) followed by one it knows as a given name (名) is a Japanese person, romanised from UniDic's
reading in Hepburn as the English press writes names (long vowels unmarked: ムトウ Muto, サトウ Sato), given name
first (Toshimitsu Motegi).

Precision over recall: only surname + given name pairs, both known to UniDic, the surname of two characters or more
(Chinese surnames are mostly one), in Japanese settings (japanese_setting); a surname alone, a name UniDic does
not know or reads otherwise as a whole is left to the model. UniDic's reading is the commonest one, which for a
given name is not always its bearer's (武藤敏郎 is Toshiro Muto; UniDic reads Toshio): the lists come first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from bilingual.names.persons import JAPANESE_MARKERS, VERBS_AFTER
from bilingual.names.romanize import SURNAMES
from bilingual.terms.words import Word

# A part of the name that the Chinese dictionary counts more often than this is a word (四季, 市场, 优美, 正在).
COMMON_WORD_COUNT = 100

SURNAME, GIVEN = "姓", "名"
SURNAME_NOTE = "surname="  # the notes of a Japanese person's entry: its surname as written (PostNames reads it)


@dataclass(frozen=True)
class JapaneseName:
    start: int
    end: int
    text: str  # as written in the sentence (Simplified)
    english: str  # Given Surname, Hepburn
    surname: str  # as written (Simplified)


def find_japanese_persons(normalised: str, words: Sequence[Word], frequency: Callable[[str], int]
                          ) -> list[JapaneseName]:
    """Japanese persons (UniDic surname + given name) in a Simplified sentence set in Japan; words: its words as the
    Chinese segmenter cut them, frequency: how often that segmenter's dictionary counts a word."""
    starts, ends = {w.start for w in words}, {w.end for w in words}
    following = {w.start: w.text for w in words}
    tokens, spans = _read(normalised)
    found = []
    for n in range(len(tokens) - 1):
        (surname, first), (_, second) = tokens[n], tokens[n + 1]
        if _kind(first) != SURNAME or _kind(second) != GIVEN or spans[n][1] != spans[n + 1][0] or spans[n][0] < 0:
            continue
        # a surname of one character is as often a Chinese one (王|毅 would be "Tsuyoshi O"): only two and more,
        # and not a Chinese double surname (欧阳, 司马)
        if len(surname) < 2 or normalised[spans[n][0]:spans[n][1]] in SURNAMES:
            continue
        start, end = spans[n][0], spans[n + 1][1]
        if not _stands_as_a_name(normalised, start, spans[n][1], end, starts, ends, following, frequency):
            continue
        family, personal = hepburn(first.kana or ""), hepburn(second.kana or "")
        if not family or not personal:
            continue
        found.append(JapaneseName(start, end, normalised[start:end], f"{personal} {family}",
                                  normalised[start:spans[n][1]]))
    return found


# What English writes after a Japanese place for the kind of division after it in Chinese (千叶县 Chiba Prefecture,
# 君津市 Kimitsu), first the form put in, then the others that count.
DIVISIONS = {
    "県": ("{} Prefecture", "{} prefecture", "{}"), "府": ("{} Prefecture", "{} prefecture", "{}"),
    "市": ("{}", "{} City", "{} city"), "区": ("{} Ward", "{} ward", "{}"), "町": ("{}", "{} Town", "{} town"),
}


CITY_DIVISIONS = ("市", "区", "町")


@dataclass(frozen=True)
class JapanesePlace:
    start: int
    end: int
    text: str  # the place and its division (千叶县), as written (Simplified)
    english: tuple[str, ...]  # the renderings that count, the one put in first


def find_japanese_places(normalised: str, words: Sequence[Word], frequency: Callable[[str], int]
                         ) -> list[JapanesePlace]:
    """Japanese places with their division (千叶县 Chiba Prefecture, 君津市 Kimitsu) in a Simplified sentence set in
    Japan: a word UniDic knows as a place name, of two characters or more, where a Chinese word starts, followed by
    县 or 府, or by 市, 区 or 町 where the place is no common Chinese word (大都|市 is a metropolis)."""
    starts = {w.start for w in words}
    tokens, spans = _read(normalised)
    found = []
    for n in range(len(tokens) - 1):
        (place, feature), (division, _) = tokens[n], tokens[n + 1]
        start, end = spans[n][0], spans[n + 1][1]
        if feature.pos2 != "固有名詞" or feature.pos3 != "地名" or division not in DIVISIONS or len(place) < 2 \
                or spans[n][1] != spans[n + 1][0] or start not in starts \
                or (division in CITY_DIVISIONS and frequency(normalised[start:spans[n][1]]) > COMMON_WORD_COUNT):
            continue
        if reading := hepburn(feature.kana or ""):
            found.append(JapanesePlace(start, end, normalised[start:end],
                                       tuple(form.format(reading) for form in DIVISIONS[division])))
    return found


def reads_as_japanese_name(name: str) -> bool:
    """Whether UniDic reads a name (Simplified) as Japanese: a part as a given name (林|芳正, 森|喜朗) or its start
    as a surname of two characters or more (武藤); not 谢企华 (謝|企|華), which can only be Chinese."""
    tokens, _ = _read(name)
    if any(_kind(feature) == GIVEN for _, feature in tokens):
        return True
    return bool(tokens) and _kind(tokens[0][1]) == SURNAME and len(tokens[0][0]) >= 2


def _read(normalised: str) -> tuple[list[tuple[str, Any]], list[tuple[int, int]]]:
    """UniDic's words of a Simplified sentence read as Japanese, and where each stands in it; none where the
    sentence does not turn into Japanese character for character (positions would not map back)."""
    japanese = _to_japanese(normalised)
    if len(japanese) != len(normalised):
        return [], []
    tokens = [(w.surface, w.feature) for w in _tagger()(japanese)]
    spans, at = [], 0
    for surface, _ in tokens:
        at = japanese.find(surface, at)
        spans.append((at, at + len(surface)))
        at += len(surface)
    return tokens, spans


def _stands_as_a_name(normalised: str, start: int, middle: int, end: int, starts: set[int], ends: set[int],
                      following: dict[int, str], frequency: Callable[[str], int]) -> bool:
    """Whether normalised[start:end] (surname up to middle) reads as a name in the Chinese sentence, not as words
    that UniDic happens to know as names (四季|优美 "four seasons, beautiful", 市场|正在, 新冠|一代, 阿里|巴): it
    begins where a Chinese word does, neither part is a common Chinese word, and a one-character given name ends
    the sentence's words there (武藤|将|… is "Muto will …") or comes before a verb of saying or punctuation."""
    surname, given = normalised[start:middle], normalised[middle:end]
    if start not in starts or frequency(surname) > COMMON_WORD_COUNT or frequency(given) > COMMON_WORD_COUNT:
        return False
    if end >= len(normalised) or not _is_han(normalised[end]):
        return True
    if len(given) == 1:
        return end in ends and following.get(end, "") in VERBS_AFTER
    return end in ends


def _is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff"


def _kind(feature: Any) -> str:
    return str(feature.pos4) if feature.pos2 == "固有名詞" and feature.pos3 == "人名" else ""


@cache
def _tagger() -> Any:
    import fugashi  # type: ignore[import-untyped]
    import unidic_lite  # type: ignore[import-untyped]

    # unidic-lite's dictionary, named: fugashi would prefer the full unidic package where one is installed, and
    # another dictionary can read a name otherwise (readings are in the cache keys)
    return fugashi.Tagger(f'-d "{unidic_lite.DICDIR}" -r /dev/null')


@cache
def _converters() -> tuple[Any, Any]:
    import opencc

    return opencc.OpenCC("s2t"), opencc.OpenCC("t2jp")


def _to_japanese(simplified: str) -> str:
    to_traditional, to_shinjitai = _converters()
    return str(to_shinjitai.convert(to_traditional.convert(simplified)))


# Katakana (UniDic's readings) to Hepburn, as English-language news writes Japanese names.
_DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "シャ": "sha", "シュ": "shu", "ショ": "sho", "チャ": "cha",
    "チュ": "chu", "チョ": "cho", "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu",
    "ヒョ": "hyo", "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya", "リュ": "ryu", "リョ": "ryo",
    "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo", "ビャ": "bya",
    "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo", "ヂャ": "ja", "ヂュ": "ju",
    "ヂョ": "jo",
}
_SINGLE = dict(zip(
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
    "ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ",
    "a i u e o ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo "
    "ya yu yo ra ri ru re ro wa o n ga gi gu ge go za ji zu ze zo da ji zu de do ba bi bu be bo pa pi pu pe po "
    "vu".split(), strict=True))


def hepburn(katakana: str) -> str:
    """A name's katakana reading in Hepburn without long-vowel marks, capitalised: ムトウ Muto, トシミツ Toshimitsu,
    ハットリ Hattori, サトウ Sato, オオノ Ono. '' for anything else."""
    syllables: list[str] = []
    n = 0
    double = dropped = False
    while n < len(katakana):
        pair, char = katakana[n:n + 2], katakana[n]
        if pair in _DIGRAPHS:
            syllable, n = _DIGRAPHS[pair], n + 2
        elif char in _SINGLE:
            syllable, n = _SINGLE[char], n + 1
        elif char == "ッ":
            double, n = True, n + 1
            continue
        elif char == "ー":
            n += 1
            continue
        else:
            return ""
        if double:
            syllable = ("t" if syllable.startswith("ch") else syllable[0]) + syllable
            double = False
        # long vowels are not written: o + u or o + o, u + u (ムトウ Muto, オオノ Ono, コウイチ Koichi); one a
        # syllable (オオウチ Ouchi), and the u before e is a syllable of its own (イノウエ Inoue)
        long_vowel = syllables and not dropped and ((syllable in ("u", "o") and syllables[-1].endswith("o"))
                                                    or (syllable == "u" and syllables[-1].endswith("u")))
        if long_vowel and katakana[n:n + 1] != "エ":
            dropped = True
            continue
        dropped = False
        syllables.append(syllable)
    text = "".join(syllables)
    return text[:1].upper() + text[1:]


# the words that keep pinyin off a sentence, and two more that set a post in Japan
MARKERS = (*JAPANESE_MARKERS, "日相", "日经")
# A post with a Japanese word in this share of its sentences is set in Japan.
SETTING_SHARE = 0.1


def japanese_setting(normalised: str, context: str = "") -> bool:
    """Whether a sentence is set in Japan: it names Japan, or its post (context: its sentences, one a line) does in
    a tenth of its sentences."""
    return any(m in normalised for m in MARKERS) or bool(context) and _share(context) >= SETTING_SHARE


@lru_cache(maxsize=64)
def _share(context: str) -> float:
    lines = [line for line in context.splitlines() if line.strip()]
    return sum(1 for line in lines if any(m in line for m in MARKERS)) / max(1, len(lines))
