"""Names a post glosses itself: a transliterated name followed by its own Latin form in brackets.

Chinese news gives a foreign (or Tibetan) name's original at its first mention: 新任国务卿布林肯（Antony Blinken）,
僧人旦增尼玛（Tenzin Nyima）, 拉克希米·米塔尔（Lakshmi Mittal）. That is the surest rendering there is, yet the model
writes the transliteration its own way and the gloss after it ("Brinken (Antony Blinken)"), and at the next
mention it has only the transliteration ("Kraki said"). So

- find_glossed(normalised, words) -> the glossed names of a sentence: the name with its brackets is one term,
  rendered as the gloss ("Antony Blinken");
- Glossed.later: what a later mention of the transliteration alone is rendered, as news names a person again
  by surname (布林肯 "Blinken", 霍恩 of 艾米莉·霍恩 "Horne"); PostNames gives it to the rest of the post.

Where the name starts is read from the characters transliterations are made of (Xinhua's table, and those of
Tibetan names): 发言人艾米莉·霍恩 is 艾米莉·霍恩. Acronyms (国际民航组织（ICAO）) and titles (杂志（The Economist）)
are not glosses of a name; a word of the language (推特（Twitter）) is rarely made of those characters and needs
two of them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bilingual.terms.entry import Entry
from bilingual.terms.words import Word

ORIGIN_GLOSSED = "names:glossed"

# Characters of transliterated names: the Xinhua table's, and Tibetan names' (旦增尼玛, 次仁卓嘎).
TRANSLITERATION = frozenset(
    "阿埃艾爱安昂奥澳巴芭拜班邦鲍贝本比彼宾滨波伯勃博布查茨达戴黛丹德登迪蒂丁东杜顿多朵厄恩尔法范菲斐芬丰冯佛弗福"
    "夫盖甘冈高戈哥格根贡古圭哈海汉豪赫亨洪胡华怀惠霍基吉加贾杰金卡凯坎康柯科克肯孔库奎拉莱赖兰朗劳勒雷蕾黎里丽"
    "利莉连列林琳琼隆卢鲁露伦罗洛吕马玛迈麦曼芒毛梅门蒙孟米密敏明摩莫默姆穆纳娜奈南瑙内妮尼宁纽努诺欧帕派潘庞佩"
    "彭皮珀普奇琪齐恰乔切钦丘屈让瑞若萨塞赛桑瑟森沙莎尚舍申什施史斯松苏索塔泰坦汤唐陶特滕提廷通图托瓦万旺威韦维"
    "温文沃乌伍武西希锡夏谢辛休许雅亚扬耶伊易因英尤约扎泽詹珍朱祖佐兹札琴薇娅丝汀舒思"
    "旦增次仁卓嘎措央桑培觉曲"
)
SEPARATOR = "·"
# A name's Latin form: capitalised words (McCaul, O'Brien, Gbaja-Biamila), initials, a generational suffix.
_WORD = r"(?:[A-Z][a-z]+(?:['’-]?[A-Z]?[a-z]+)*|[A-Z]\.)"
_GENERATION = r"Jr\.?|Sr\.?|II|III|IV"
_SUFFIX = rf"(?: (?:{_GENERATION}))?"
_LATIN_NAME = re.compile(rf"{_WORD}(?: {_WORD}){{0,3}}{_SUFFIX}")
_GLOSS = re.compile(r"([\u3400-\u9fff·]{2,16})[（(]\s*([A-Za-z][A-Za-z'’.\- ]{1,60}?)\s*[）)]")
MIN_CHARACTERS = 2  # of the name, the separator not counted
# One-character words of the sentence a name never starts with, though transliterations use them (比|欧巴马).
NOT_FIRST = frozenset("比")
# Last words of organisations glossed like persons (彭博（Bloomberg News）): a later mention keeps the whole gloss.
ORGANISATION_WORDS = frozenset({"News", "Times", "Post", "Journal", "Group", "Bank", "University", "Institute",
                                "Foundation", "Company", "Corporation", "Inc.", "Ltd.", "Agency", "Party"})


@dataclass(frozen=True)
class Glossed:
    start: int  # the name and its bracketed gloss, in the sentence
    end: int
    name: str  # the transliteration as written (Simplified)
    english: str  # the gloss
    later: str  # a later mention of name alone


def glossed_entry(normalised: str, glossed: Glossed) -> Entry:
    """The term of a glossed name at its mention with the gloss: the name and brackets, rendered as the gloss."""
    kind = "person" if glossed.later != glossed.english or SEPARATOR in glossed.name else "name"
    return Entry(normalised[glossed.start:glossed.end], glossed.english, kind, origin=ORIGIN_GLOSSED)


def later_entries(entry: Entry) -> list[Entry]:
    """The terms of a glossed name's later mentions without the gloss, from its glossed_entry: the whole
    transliteration, and the last part of one with a separator (霍恩 of 艾米莉·霍恩)."""
    name = re.split(r"[（(]", entry.source, maxsplit=1)[0]
    entries = [Entry(name, _later(name, entry.target), "person", origin=ORIGIN_GLOSSED)]
    if SEPARATOR in name and len(part := name.rsplit(SEPARATOR, 1)[1]) >= MIN_CHARACTERS:
        entries.append(Entry(part, _surname(entry.target), "person", origin=ORIGIN_GLOSSED))
    return entries


def find_glossed(normalised: str, words: Sequence[Word]) -> list[Glossed]:
    """The glossed names of a sentence (Simplified-normalised), given its words (for where a name can start)."""
    starts = {w.start for w in words}
    single = {w.start for w in words if w.text in NOT_FIRST}
    found = []
    for m in _GLOSS.finditer(normalised):
        english = re.sub(r"\s+", " ", m.group(2)).strip()
        if english.islower():
            english = english.title()  # 克拉夫特(kelly craft)
        if not _LATIN_NAME.fullmatch(english) or english.startswith("The "):
            continue
        start = m.end(1)
        while start > m.start(1) and (normalised[start - 1] in TRANSLITERATION or normalised[start - 1] == SEPARATOR):
            start -= 1
        # from a word's start, and not from a one-character word of the sentence (比|欧巴马: "than Obama")
        while start < m.end(1) and (start not in starts or (start in single and m.end(1) - start > 2)
                                    or normalised[start] == SEPARATOR):
            start += 1
        # a part before a separator is the name's whatever its characters (基思·克拉奇): the word before it
        while start > m.start(1) and normalised[start - 1] == SEPARATOR:
            before = [w for w in words if w.end == start - 1 and m.start(1) <= w.start and len(w.text) <= 4]
            if not before:
                break
            start = before[0].start
        name = normalised[start:m.end(1)]
        if len(name.replace(SEPARATOR, "")) < MIN_CHARACTERS or name.endswith(SEPARATOR):
            continue
        found.append(Glossed(start, m.end(), name, english, _later(name, english)))
    return found


def _later(name: str, english: str) -> str:
    """A later mention of the whole transliteration: the surname of a person whose name it renders in part (布林肯,
    three characters, for Antony Blinken), else the gloss (旦增尼玛 Tenzin Nyima, 艾米莉·霍恩 Emily Horne)."""
    if SEPARATOR in name or len(name) >= 4 or " " not in english or english.split(" ")[-1] in ORGANISATION_WORDS:
        return english
    return _surname(english)


def _surname(english: str) -> str:
    words = english.split(" ")
    while len(words) > 1 and re.fullmatch(_GENERATION, words[-1]):
        words.pop()
    return words[-1]
