"""Mainland Chinese personal names: found by word segmentation and part-of-speech tags, a surname list and
context, and given Hanyu Pinyin (郑泽光 -> Zheng Zeguang).

jieba tags a word nr when it reads as a personal name, including names it has never seen (its HMM). That alone
also tags transliterated foreign names (林肯, 马克龙) and some ordinary words, so a candidate must also

- start with a known Chinese surname and have a given name of one or two characters;
- have no character typical of transliterations (斯, 尔, 克 …), nor be a Korean name in a Korean context
  (金, 朴, 崔 … near 韩国/朝鲜): their English forms are not pinyin;
- stand where a person stands: after a title or office (大使, 发言人, 律师, 主任 …) or before a verb of saying
  or doing (表示, 说, 指出 …) or a title (王毅外长).

Precision over recall: a name that misses any of these is left to the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bilingual.names.romanize import person_pinyin, split_surname
from bilingual.terms.words import Segmenter, Word

PERSON_TAGS = frozenset({"nr"})
# Titles and roles that come before a name (…大使郑泽光, 律师梁小军); a preceding word ending in one counts.
TITLES = (
    "主席", "总理", "总统", "总书记", "书记", "部长", "外长", "大使", "公使", "领事", "发言人", "主任", "委员", "常委",
    "省长", "市长", "县长", "区长", "局长", "厅长", "司长", "处长", "院长", "校长", "所长", "会长", "社长", "董事长",
    "总裁", "经理", "主编", "编辑", "记者", "教授", "研究员", "学者", "律师", "法官", "检察官", "医生", "作家", "导演",
    "演员", "歌手", "艺术家", "博士", "专家", "助理", "顾问", "代表", "议员", "将军", "司令", "政委", "部长助理",
    "妻子", "丈夫", "母亲", "父亲", "儿子", "女儿", "青年", "网友", "居民", "村民", "维权人士", "活动人士", "异见人士",
    "科学家", "首席科学家", "负责人", "秘书长", "理事长", "副手", "同志", "先生", "女士",
)
# Words after a name that show it is a person acting or speaking.
VERBS_AFTER = frozenset({
    "表示", "说", "称", "指出", "强调", "认为", "介绍", "透露", "回应", "告诉", "宣布", "坦言", "提到", "写道", "发文",
    "被捕", "被判", "被", "会见", "会晤", "出席", "访问", "分析", "批评", "呼吁", "否认", "承认", "证实", "答", "问",
    "指", "说道", "表态", "警告", "谴责", "主持", "接受", "通报", "发表", "签署", "致信", "讲话", "前往", "撰文",
})
# A name after one of these, right after a name already accepted, is the next in a list (律师梁小军、张磊和彭剑).
LIST_JOINERS = frozenset({"、", "和", "与", "及", "/"})
# In a given name, 某 marks a name withheld (赵某玲: "Zhao X-ling"), which has no pinyin form.
WITHHELD = "某"
# jieba's dictionary tags many common words nr. Two-character ones counted in it are mostly words (顾问 adviser
# 1697, 张望 249, 马虎 171) and three-character ones mostly names (沈春耀 256, 崔天凯 104) unless very common (a
# sample of each, read by hand): a dictionary word counted more often than this is a word, not a name.
COMMON_WORD_COUNT = {2: 100, 3: 1000, 4: 1000}
# Characters common in transliterated foreign names and rare in Chinese given names.
TRANSLITERATION = frozenset("斯尔克特拉伊亚普姆顿尼夫基罗巴布卡森登肯莫戈奥迪维瓦米茨洛索塔埃蒂默耶赫萨纳丝娅瑟佩赛")
KOREAN_SURNAMES = frozenset("金朴崔文尹郑李韩姜赵权柳")
KOREAN_MARKERS = ("韩国", "朝鲜", "北韩", "南韩", "韩联社", "青瓦台", "平壤", "首尔", "韩方", "朝方")
JAPANESE_MARKERS = ("日本", "日方", "东京")


@dataclass(frozen=True)
class PersonName:
    start: int
    end: int
    text: str
    english: str


def find_persons(
    text: str, words: Sequence[Word], segmenter: Segmenter, known: frozenset[str] = frozenset()
) -> list[PersonName]:
    """The mainland Chinese personal names in a Simplified sentence, with their pinyin.

    known: words that are something else (glossary terms, bodies): never read as names (宣传部 is not Xuan
    Chuanbu)."""
    found: list[PersonName] = []
    accepted: set[int] = set()
    korean = any(m in text for m in KOREAN_MARKERS)
    japanese = any(m in text for m in JAPANESE_MARKERS)
    for n, word in enumerate(words):
        if word.tag not in PERSON_TAGS or not 2 <= len(word.text) <= 4:
            continue
        parts = split_surname(word.text)
        if parts is None or word.text in known or any(c in TRANSLITERATION for c in word.text):
            continue
        if segmenter.frequency(word.text) > COMMON_WORD_COUNT[len(word.text)]:
            continue
        if WITHHELD in parts[1] or word.text.endswith(("部", "局", "委", "办", "会", "院", "厅", "处", "所", "城")):
            continue  # a withheld name, or an office or place that jieba took for a name (宣传部, 封城)
        surname, given = parts
        if (korean and surname in KOREAN_SURNAMES) or japanese:
            continue
        before = words[n - 1].text if n else ""
        after = words[n + 1].text if n + 1 < len(words) else ""
        listed = before in LIST_JOINERS and n >= 2 and (n - 2) in accepted
        if not (before.endswith(TITLES) or after in VERBS_AFTER or after.startswith(TITLES) or listed):
            continue
        accepted.add(n)
        found.append(PersonName(word.start, word.end, word.text, person_pinyin(surname, given)))
    return found
