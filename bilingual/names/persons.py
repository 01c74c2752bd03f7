"""Mainland Chinese personal names: found by word segmentation and part-of-speech tags, a surname list and
context, and given Hanyu Pinyin (郑泽光 -> Zheng Zeguang).

jieba tags a word nr when it reads as a personal name, including names it has never seen (its HMM). That alone
also tags transliterated foreign names (林肯, 马克龙) and some ordinary words, so a candidate must also

- start with a known Chinese surname and have a given name of one or two characters;
- have no character typical of transliterations (斯, 尔, 克 …), nor be a Korean name in a Korean context
  (金, 朴, 崔 … near 韩国/朝鲜): their English forms are not pinyin;
- stand where a person stands: after a title or office (大使, 发言人, 律师, 主任, 学员 …) or before a verb of
  saying or doing (表示, 说, 指出 …), a title (王毅外长), 等/等人 ("and others") or （女 / （男;
- or, cut apart by jieba (傅|建国|说: the given name read as a word), be a surname tagged as a name and a word of
  one or two characters (no title, form of address, verb or adjective) right before a verb of saying or doing;
- or open a clause whose verb of saying comes later in it (李宝荣在推文中说), as a word jieba's dictionary does not
  have with no noun after it;
- or be one of a list of names joined by 、 (and a last 和/与/及) in which one member stands so, or in which three
  or more are words tagged as names: then every member shaped like a name is one, even where jieba cut it
  differently (赵|福田, 白玉|茹) or it has a character common in transliterations (张顿).

Precision over recall: a name that misses any of these is left to the model.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bilingual.names.romanize import person_pinyin, split_surname
from bilingual.terms.words import UNKNOWN_TAG as UNKNOWN
from bilingual.terms.words import Segmenter, Word

PERSON_TAGS = frozenset({"nr"})
# Titles and roles that come before a name (…大使郑泽光, 律师梁小军); a preceding word ending in one counts.
TITLES = (
    "主席", "总理", "总统", "总书记", "书记", "部长", "外长", "大使", "公使", "领事", "发言人", "主任", "委员", "常委",
    "省长", "市长", "县长", "区长", "局长", "厅长", "司长", "处长", "院长", "校长", "所长", "会长", "社长", "董事长",
    "总裁", "经理", "主编", "编辑", "记者", "教授", "研究员", "学者", "律师", "法官", "检察官", "医生", "作家", "导演",
    "演员", "歌手", "艺术家", "博士", "专家", "助理", "顾问", "代表", "议员", "将军", "司令", "政委", "部长助理",
    "妻子", "丈夫", "母亲", "父亲", "儿子", "女儿", "青年", "网友", "居民", "村民", "维权人士", "活动人士", "异见人士",
    "科学家", "首席科学家", "负责人", "秘书长", "理事长", "副手", "同志", "先生", "女士", "学员", "组长", "教师",
    "老师", "官员", "警察", "牧师", "学生", "工程师", "商人", "当事人", "受害人", "死者", "患者", "家属", "嫌疑人",
    "干部", "领队", "教练", "球员", "选手", "运动员", "主持人", "创始人", "董事", "大师", "画家", "指挥家", "钢琴家",
    "音乐家", "歌唱家", "作曲家", "演奏家", "舞蹈家", "书法家", "企业家", "评论家", "经济学家", "历史学家",
)
# Words after a name that show it is a person acting or speaking.
VERBS_AFTER = frozenset({
    "表示", "说", "称", "指出", "强调", "认为", "介绍", "透露", "回应", "告诉", "宣布", "坦言", "提到", "写道", "发文",
    "被捕", "被判", "被", "会见", "会晤", "出席", "访问", "分析", "批评", "呼吁", "否认", "承认", "证实", "答", "问",
    "指", "说道", "表态", "警告", "谴责", "主持", "接受", "通报", "发表", "签署", "致信", "讲话", "前往", "撰文",
    "等人", "报道", "报导", "采访", "摄", "编译", "提出", "得知", "看来", "接到", "指挥", "凭借", "获悉",
})
# Words that say the clause's subject speaks, further on in a clause a name opens (李宝荣在推文中说); all of them
# are in VERBS_AFTER too.
VERBS_LATER = frozenset({"表示", "说", "称", "指出", "强调", "认为", "介绍", "透露", "回应", "告诉", "宣布", "坦言",
                         "提到", "写道", "提出", "呼吁", "否认", "承认", "证实", "说道", "警告", "谴责"})
# jieba's words that end in 说 after where it was said (在推文中说: 推|文中说), unlike 小说, 据说, 传说
SAID_IN = ("中说", "上说", "时说", "里说")
# Words after which a name opens a clause: punctuation, or nothing.
CLAUSE_OPENERS = frozenset({"", "，", "。", "；", "：", "！", "？", ",", ";", ":"})
CLAUSE_ENDS = frozenset({"，", "。", "；", "！", "？", ",", ";", "!", "?"})
# After the last member of a list of names, "and others" (王艳平、…、张素芹等); after a lone word it is too weak
# (百度和微博等平台: jieba tags 和微博 as a name).
LIST_ENDING_WORDS = frozenset({"等"})
# （女，四十八岁）: a person's sex in brackets after the name.
SEX_AFTER = (("（", "女"), ("（", "男"), ("(", "女"), ("(", "男"))
# Offices, places, media and abstract nouns that jieba may take for names (宣传部, 封城, 明慧网 before 报导, 安全性).
NOT_NAME_ENDINGS = ("部", "局", "委", "办", "会", "院", "厅", "处", "所", "城", "网", "报", "社", "台", "站", "刊",
                    "性", "率", "氏", "旗", "区")
# Forms of address after a surname (王总, 李奶奶, 赵队长): no given name.
ADDRESS = ("总", "老", "姐", "哥", "奶奶", "爷爷", "大爷", "阿姨", "院士", "队长", "叔", "婶", "总监", "工")
# jieba tags of function words: conjunctions, prepositions, particles, pronouns, adverbs
FUNCTION_TAGS = frozenset("cpurd")
LIST_SEPARATOR = "、"
LIST_ENDS = frozenset({"、", "和", "与", "及", "等", "等人"})
# tags a word may have and still be a name after a title: jieba reads some unseen names as places (罗干/ns)
TITLED_TAGS = frozenset({"nr", "ns", "nz"})
# A name after one of these, right after a name already accepted, is the next in a list (律师梁小军、张磊和彭剑).
LIST_JOINERS = frozenset({"、", "和", "与", "及", "/"})
# In a given name, 某 marks a name withheld (赵某玲: "Zhao X-ling"), which has no pinyin form.
WITHHELD = "某"
# jieba's dictionary tags many common words nr. Two-character ones counted in it are mostly words (顾问 adviser
# 1697, 张望 249, 马虎 171) and three-character ones mostly names (沈春耀 256, 崔天凯 104) unless very common (a
# sample of each, read by hand): a dictionary word counted more often than this is a word, not a name.
COMMON_WORD_COUNT = {2: 100, 3: 1000, 4: 1000}
# Characters common in transliterated foreign names and rare in Chinese given names.
TRANSLITERATION = frozenset("斯尔克特拉伊亚普姆顿尼夫基罗巴布卡森登肯莫戈奥迪维瓦米茨洛索塔埃蒂默耶赫萨纳丝娅瑟佩赛兹")
SURNAMES_NOT_TRANSLITERATION = frozenset("罗")
KOREAN_SURNAMES = frozenset("金朴崔文尹郑李韩姜赵权柳")
KOREAN_MARKERS = ("韩国", "朝鲜", "北韩", "南韩", "韩联社", "青瓦台", "平壤", "首尔", "韩方", "朝方")
JAPANESE_MARKERS = ("日本", "日方", "东京")


@dataclass(frozen=True)
class PersonName:
    start: int
    end: int
    text: str
    english: str  # Hanyu Pinyin; the caller romanises by region where the name is not the mainland's
    surname: str = ""
    given: str = ""


@dataclass(frozen=True)
class _Sentence:
    text: str
    words: Sequence[Word]
    segmenter: Segmenter
    known: frozenset[str]
    korean: bool

    def shaped(self, name: str, strict: bool) -> tuple[str, str] | None:
        """(surname, given) when name is shaped like a Chinese personal name; strict: also no character common
        in transliterations in the given name (a list of names vouches for its members)."""
        parts = split_surname(name)
        if parts is None or name in self.known:
            return None
        # transliterations (马克龙, 林肯) have such characters in the "given name"; a surname that is one (斯琴)
        # is read so even in a list, except 罗, among the commonest surnames
        if (strict and any(c in TRANSLITERATION for c in parts[1])) or any(
                c in TRANSLITERATION for c in parts[0] if c not in SURNAMES_NOT_TRANSLITERATION):
            return None
        if WITHHELD in parts[1] or name.endswith(NOT_NAME_ENDINGS):
            return None  # a withheld name, or an office or place that jieba took for a name (宣传部, 封城)
        if name.endswith(POLITE_TITLES):
            return None  # 马先生 "Mr Ma", not a given name 先生
        if self.korean and parts[0] in KOREAN_SURNAMES:
            return None
        return parts

    def word_name(self, n: int, tags: frozenset[str]) -> tuple[str, str] | None:
        word = self.words[n]
        if word.tag not in tags or not 2 <= len(word.text) <= 4:
            return None
        if self.segmenter.frequency(word.text) > COMMON_WORD_COUNT[len(word.text)]:
            return None
        return self.shaped(word.text, strict=True)

    def anchored(self, first: int, last: int) -> bool:
        words = self.words
        before = words[first - 1].text if first else ""
        after = words[last + 1].text if last + 1 < len(words) else ""
        following = (after, words[last + 2].text if last + 2 < len(words) else "")
        sex = following in SEX_AFTER
        if following == ("等", "人"):  # 翟翠霞|等|人: jieba cuts 等人 apart
            return True
        ends_list = after in LIST_ENDING_WORDS and (first != last or (first > 0 and words[first - 1].text == "、"))
        # a name opening a clause, its verb of saying later: only a word jieba's dictionary does not have (its
        # HMM read it as a name) with no noun after it, not a word that modifies the subject (胡萝卜|种植户|说)
        opens_clause = (before.strip() in CLAUSE_OPENERS and first == last
                        and self.segmenter.frequency(words[first].text) == 0
                        and not (last + 1 < len(words) and words[last + 1].tag.startswith("n"))
                        and self.says_later(last + 1))
        return (before.endswith(TITLES) or after in VERBS_AFTER or after.startswith(TITLES) or sex or ends_list
                or opens_clause)

    def says_later(self, at: int) -> bool:
        """A verb of saying further on in the clause (a name opening it is its subject: 李宝荣在推文中说)."""
        for word in self.words[at:at + 12]:
            if word.text in CLAUSE_ENDS:
                return False
            if word.text in VERBS_LATER or word.text.endswith(SAID_IN):
                return True
        return False

    def split_name(self, n: int) -> tuple[str, str] | None:
        """A name jieba cut apart right before a verb of saying (傅|建国|说): not a surname and a title or a form of
        address (王|主任|说, 王|总|说), a verb or an adjective (葛|平坦|言)."""
        surname, given = self.words[n], self.words[n + 1]
        if len(surname.text) != 1 or surname.tag not in PERSON_TAGS or not 1 <= len(given.text) <= 2 \
                or given.tag[:1] in (*FUNCTION_TAGS, "v", "a") or given.tag in ("x", "m", "q", "f", "t") \
                or not all("\u4e00" <= c <= "\u9fff" for c in given.text):
            return None
        if given.text.endswith((*TITLES, *POLITE_TITLES, *ADDRESS)) or given.text in VERBS_AFTER:
            return None
        after = self.words[n + 2].text if n + 2 < len(self.words) else ""
        if after not in VERBS_AFTER:
            return None
        return self.shaped(surname.text + given.text, strict=True)

    def item(self, first: int, last: int) -> tuple[str, str] | None:
        """A list member shaped like a name: two to four characters, not one dictionary word that is something
        else (江苏, 上海 in a list of places)."""
        text = "".join(w.text for w in self.words[first:last + 1])
        if not 2 <= len(text) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in text):
            return None
        if first == last and self.words[first].tag not in PERSON_TAGS and self.words[first].tag != UNKNOWN:
            return None
        # two words (赵|福田, 白玉|茹): no function word (和|微博), no everyday word (安全|性)
        for word in self.words[first:last + 1] if first != last else ():
            if word.tag[:1] in FUNCTION_TAGS or (len(word.text) >= 2 and word.tag not in TITLED_TAGS
                                                 and self.segmenter.frequency(word.text) > COMMON_WORD_COUNT[2]):
                return None
        return self.shaped(text, strict=False)


def find_persons(
    text: str, words: Sequence[Word], segmenter: Segmenter, known: frozenset[str] = frozenset()
) -> list[PersonName]:
    """The Chinese personal names in a Simplified sentence, with their pinyin.

    known: words that are something else (glossary terms, bodies): never read as names (宣传部 is not Xuan
    Chuanbu)."""
    if any(m in text for m in JAPANESE_MARKERS):
        return []
    sentence = _Sentence(text, words, segmenter, known, any(m in text for m in KOREAN_MARKERS))
    found: dict[int, PersonName] = {}
    for n, word in enumerate(words):
        parts = sentence.word_name(n, PERSON_TAGS)
        before = words[n - 1].text if n else ""
        if parts is None and before.endswith(TITLES):
            parts = sentence.word_name(n, TITLED_TAGS)  # 书记罗干 (罗干/ns)
            if parts is not None:
                found[word.start] = _person(word.start, word.end, word.text, parts)
        elif parts is not None and (sentence.anchored(n, n) or (before in LIST_JOINERS and n >= 2
                                                                   and words[n - 2].start in found)):
            found[word.start] = _person(word.start, word.end, word.text, parts)
    for n in range(len(words) - 1):
        # jieba cut the name apart, its given name read as a word (傅|建国|说): see _Sentence.split_name
        if words[n].start in found or (parts := sentence.split_name(n)) is None:
            continue
        found[words[n].start] = _person(words[n].start, words[n + 1].end, parts[0] + parts[1], parts)
    for members in _lists(words):
        if _confident(sentence, members, found):
            for first, last in members:
                parts = sentence.item(first, last)
                if parts is not None and words[first].start not in found:
                    item = "".join(w.text for w in words[first:last + 1])
                    found[words[first].start] = _person(words[first].start, words[last].end, item, parts)
    return sorted(found.values(), key=lambda p: p.start)


def unanchored_persons(
    text: str, words: Sequence[Word], segmenter: Segmenter, known: frozenset[str] = frozenset()
) -> list[PersonName]:
    """Words jieba tags as names, shaped like Chinese names, that find_persons leaves to the model (no title or
    verb beside them: 为傅昆宝家, 张继科也在): not forced, but where the model spells one nearly right ("Fu
    Quinbo", "Zhang Jiko") its pinyin is what it meant (repair_near_misses)."""
    if any(m in text for m in JAPANESE_MARKERS):
        return []
    sentence = _Sentence(text, words, segmenter, known, any(m in text for m in KOREAN_MARKERS))
    return [_person(word.start, word.end, word.text, parts) for n, word in enumerate(words)
            if (parts := sentence.word_name(n, PERSON_TAGS)) is not None]


# A capitalised surname and given name as the model writes a Chinese name ("Fu Quinbo", "Din Ming", "Chen Min'er");
# read at every word (a lookahead), so "When Zhang Jiko" still offers "Zhang Jiko"; no 's or -led taken in
_WRITTEN_NAME = re.compile(r"(?=\b([A-Z][a-z]{1,9}) ([A-Z][a-z]{1,12}(?:'[aeiou][a-z]{0,5})?)\b(?!-))")
# How like the pinyin the model's spelling must be (difflib's ratio) to be taken for it: the surname nearly the same,
# the given name more than half the same (Jiko/Jike 0.75, Quinbo/Kunbao 0.67, Guangcheng/Guangming 0.74)
NEAR_SURNAME, NEAR_GIVEN = 0.8, 0.6


def repair_near_misses(english: str, names: Sequence[tuple[str, str]], keep: Sequence[str] = ()) -> str:
    """english with the spellings the model wrote nearly right of names (pinyin surname, given name; one item per
    mention in the source) put in pinyin: no more of a name than its mentions the English lacks, the likest first,
    never a spelling that is one of the names itself (李明 and 李敏: Li Ming, Li Min), nor text inside keep (the
    renderings the sentence's terms were given: Lin Yu-fang stays)."""
    exact = {f"{surname} {given}" for surname, given in names}
    taken = [(m.start(), m.end()) for text in keep if text for m in re.finditer(re.escape(text), english)]
    edits: list[tuple[int, int, str]] = []
    for (surname, given), mentions in Counter(names).items():
        budget = mentions - english.count(f"{surname} {given}")
        if budget <= 0:
            continue
        found = []
        for m in _WRITTEN_NAME.finditer(english):
            span = (m.start(1), m.end(2))
            if f"{m[1]} {m[2]}" in exact or any(span[0] < e and s < span[1] for s, e in taken):
                continue
            near_surname = difflib.SequenceMatcher(None, m[1].lower(), surname.lower()).ratio()
            near_given = difflib.SequenceMatcher(None, m[2].lower(), given.lower()).ratio()
            if near_surname >= NEAR_SURNAME and near_given >= NEAR_GIVEN:
                found.append((near_surname + near_given, span))
        for _, span in sorted(found, reverse=True)[:budget]:
            if not any(span[0] < e and s < span[1] for s, e in taken):  # taken holds the edits made so far
                edits.append((*span, f"{surname} {given}"))
                taken.append(span)
    for start, end, text in sorted(edits, reverse=True):
        english = english[:start] + text + english[end:]
    return english


# A word jieba tags as a name, of three characters and shaped like a Chinese name, standing in this many sentences
# of one post is a person even with no title or verb beside it: the post is about them (a profile, an interview),
# and the model would give each mention another spelling.
RECURRING_SENTENCES = 3
# Stricter than a name beside a title: a word the dictionary counts more often than this (高中生 "high school
# student", 129) is no name here, nor a surname with a polite title (马先生 "Mr Ma", 何小姐).
RECURRING_WORD_COUNT = 100
POLITE_TITLES = ("先生", "小姐", "女士", "太太", "老师", "师傅", "同学", "老板")
# A post with a Japanese or Korean word in this share of its sentences is set there: no names by recurrence, but in
# Japan those of Chinese persons that cannot be Japanese (谢企华 in a Nikkei profile of a Chinese steel executive).
FOREIGN_SETTING = 0.1
# The commonest Chinese surnames: in a post set in Japan, only a name with one of these (and no Japanese reading)
# is read as Chinese (千速晃 is Japanese, though 千 is a Chinese surname too).
COMMON_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
                            "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
                            "毛郝龚邵万钱严覃武戴莫孔向汤")
# Last characters of words that are no names (万圣节 Halloween, 志愿者, 运动员), rare in given names.
NOT_NAME_LAST = tuple("节者员族党派队团村镇街路湖岛馆店厂业校")


def recurring_persons(sentences: Sequence[tuple[str, Sequence[Word]]], segmenter: Segmenter,
                      known: frozenset[str] = frozenset(), japanese_name: Callable[[str], bool] | None = None
                      ) -> list[PersonName]:
    """The names that stand in RECURRING_SENTENCES or more of a post's sentences (Simplified text and its words)
    where unknown Chinese names may be given pinyin: three characters, tagged nr, shaped like a name with no
    character of transliterations, rare in the dictionary, no polite title. One PersonName each (its first
    mention)."""
    foreign = [any(m in text for m in (*JAPANESE_MARKERS, *KOREAN_MARKERS)) for text, _ in sentences]
    korean = [any(m in text for m in KOREAN_MARKERS) for text, _ in sentences]
    setting = FOREIGN_SETTING * len(sentences)
    # a post set in Japan: Chinese names that cannot be Japanese (japanese_name says which can), in any sentence
    in_japan = japanese_name is not None and sum(foreign) >= setting > sum(korean)
    if sum(foreign) >= setting and not in_japan:
        return []  # a post set in Korea: its names are not pinyin
    first: dict[str, PersonName] = {}
    standing: dict[str, set[int]] = {}  # name -> the sentences it stands in
    for number, (text, words) in enumerate(sentences):
        if korean[number] or (foreign[number] and not in_japan):
            continue  # whose names these are is not known: Japanese and Korean names are not pinyin
        sentence = _Sentence(text, words, segmenter, known, korean=False)
        for n, word in enumerate(words):
            if len(word.text) != 3 or word.text.endswith((*POLITE_TITLES, *NOT_NAME_LAST)) \
                    or segmenter.frequency(word.text) > RECURRING_WORD_COUNT:
                continue
            if in_japan and (word.text[0] not in COMMON_SURNAMES or (japanese_name and japanese_name(word.text))):
                continue
            if (parts := sentence.word_name(n, PERSON_TAGS)) is not None:
                first.setdefault(word.text, _person(word.start, word.end, word.text, parts))
                standing.setdefault(word.text, set()).add(number)
    return [first[name] for name, numbers in standing.items() if len(numbers) >= RECURRING_SENTENCES]


def _confident(sentence: _Sentence, members: list[tuple[int, int]], found: dict[int, PersonName]) -> bool:
    """A list vouched for by one member standing as a person does, or of three or more all shaped like names,
    two of them words tagged as names (高志|录、姜波、孙桂文)."""
    tagged = sum(1 for first, last in members if first == last and sentence.word_name(first, PERSON_TAGS))
    if tagged >= 2 and len(members) >= 3 and all(sentence.item(first, last) for first, last in members):
        return True
    if tagged >= 3:  # 雷|佳音、陈宝国、张若昀、孙红雷、黄磊: the names vouch for the list, its odd member or not
        return True
    return any(sentence.words[first].start in found or (sentence.anchored(first, last) and sentence.item(first, last))
               for first, last in members)


def _person(start: int, end: int, text: str, parts: tuple[str, str]) -> PersonName:
    return PersonName(start, end, text, person_pinyin(*parts), *parts)


def _lists(words: Sequence[Word]) -> list[list[tuple[int, int]]]:
    """Lists joined by 、 (a last member may follow 和/与/及): each member as (first, last) word index, one or two
    words of at most four characters in all."""
    lists: list[list[tuple[int, int]]] = []
    n = 0
    while n < len(words):
        if words[n].text != LIST_SEPARATOR:
            n += 1
            continue
        members = [_member_before(words, n)]
        while n < len(words) and words[n].text in (LIST_SEPARATOR, *LIST_JOINERS):
            after = _member_after(words, n + 1)
            if after is None:
                break
            members.append(after)
            n = after[1] + 1
        found = [m for m in members if m is not None]
        if len(found) >= 2:
            lists.append(found)
        n += 1
    return lists


def _member_before(words: Sequence[Word], sep: int) -> tuple[int, int] | None:
    if sep >= 1 and len(words[sep - 1].text) >= 2:
        return (sep - 1, sep - 1)
    if sep >= 2 and len(words[sep - 2].text) + len(words[sep - 1].text) <= 3:
        return (sep - 2, sep - 1)
    return None


def _member_after(words: Sequence[Word], at: int) -> tuple[int, int] | None:
    if at >= len(words):
        return None
    # two words make the member when together they are short and the list goes on or ends after them (白玉|茹、)
    if at + 1 < len(words) and len(words[at].text) + len(words[at + 1].text) <= 3 \
            and words[at + 1].text not in (LIST_SEPARATOR, *LIST_JOINERS) \
            and (at + 2 >= len(words) or not words[at + 2].text[:1].isalnum() or words[at + 2].text in LIST_ENDS):
        return (at, at + 1)
    return (at, at)
