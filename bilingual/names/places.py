"""Streets, districts, hospitals, universities and the like, by rule: a name X and a kind (福州路 -> Fuzhou Road,
元宝山区 -> Yuanbaoshan District, 厦门医院 -> Xiamen Hospital).

X is a mainland place of the gazetteer (its English), or, for streets, roads, districts, counties, towns,
villages and airports, a word that reads as a name and is given Hanyu Pinyin: not a dictionary word other than a
place or proper noun (街道, 商业街, 住宅区 and 不知道 are not names), no numerals, no function characters.
Institutions (hospitals, universities, schools) take X from the gazetteer only: their English names are often
not pinyin (协和医院 Peking Union Medical College Hospital), and those the dictionary lists are matched there.

Only in mainland settings: the caller checks the region (Hong Kong streets have English names of their own,
弥敦道 Nathan Road; Japanese 县 are prefectures).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bilingual.names.gazetteer import Gazetteer
from bilingual.names.romanize import place_pinyin
from bilingual.terms.words import Segmenter, Word

# kind (as written) -> English; longest first, so 人民医院 is read before 医院, 大道 before 道.
PINYIN_KINDS = {
    "大道": "Avenue", "大街": "Street", "路": "Road", "街": "Street", "巷": "Lane", "胡同": "Hutong",
    "区": "District", "县": "County", "镇": "Town", "乡": "Township", "村": "Village", "机场": "Airport",
}
INSTITUTION_KINDS = {
    "人民医院": "People's Hospital", "中医院": "Hospital of Traditional Chinese Medicine", "医院": "Hospital",
    "师范大学": "Normal University", "理工大学": "University of Technology", "科技大学": "University of Science and "
    "Technology", "医科大学": "Medical University", "农业大学": "Agricultural University", "大学": "University",
    "中学": "Middle School", "小学": "Primary School", "师范学院": "Normal College", "学院": "College",
    "看守所": "Detention Center", "监狱": "Prison", "公安局": "Public Security Bureau",
    # a province's or city's departments and bodies, as China's own English names them (广东省卫健委 Guangdong
    # Health Commission, 重庆市水利局 Chongqing Water Resources Bureau)
    "公安厅": "Public Security Department", "水利局": "Water Resources Bureau", "水利厅": "Water Resources Department",
    "水务局": "Water Affairs Bureau", "卫健委": "Health Commission", "卫生健康委员会": "Health Commission",
    "卫生健康委": "Health Commission", "卫生局": "Health Bureau", "教育局": "Education Bureau",
    "教育厅": "Education Department", "海关": "Customs", "海警局": "Coast Guard Bureau", "气象台": "Meteorological "
    "Observatory", "气象局": "Meteorological Bureau", "应急管理局": "Emergency Management Bureau",
    "应急管理厅": "Emergency Management Department", "统计局": "Statistics Bureau", "商务局": "Commerce Bureau",
    "商务厅": "Commerce Department", "财政局": "Finance Bureau", "财政厅": "Finance Department",
    "交通运输局": "Transport Bureau", "交通运输厅": "Transport Department", "生态环境局": "Ecology and Environment "
    "Bureau", "生态环境厅": "Ecology and Environment Department", "市场监管局": "Market Regulation Administration",
    "市场监督管理局": "Market Regulation Administration", "人民政府": "People's Government",
    "人民法院": "People's Court", "中级人民法院": "Intermediate People's Court", "高级人民法院": "High People's Court",
    "人民检察院": "People's Procuratorate", "疾控中心": "Center for Disease Control and Prevention",
    "疾病预防控制中心": "Center for Disease Control and Prevention", "红十字会": "Red Cross Society",
    "总工会": "Federation of Trade Unions", "火车站": "Railway Station", "汽车站": "Bus Station",
}
# Kinds that also end everyday words (社区, 地区, 农村, 城镇, 家乡), where a name must be a word of its own.
DIVISION_KINDS = frozenset("区县镇乡村")
KINDS = {**PINYIN_KINDS, **INSTITUTION_KINDS}
_BY_LENGTH = sorted(KINDS, key=len, reverse=True)
# jieba tags of proper names: a dictionary word with one of these may be the X of a street or a district.
NAME_TAGS = frozenset({"ns", "nr", "nz", "nrt", "nrfg"})
# A proper-name word counted more often than this is an everyday word too (中华, 人民): not pinyinised.
PROPER_WORD_COUNT = 2000
# Characters that never stand in a place name we would romanise: numerals (四六三医院, 第一中学: numbered
# institutions have "No. 463" forms we do not make), function words, pronouns, determiners.
NOT_IN_NAME = frozenset("一二三四五六七八九十百千零〇两第的了在是不有这那个们我你他她它某该各本此其每些"
                        "都也和与及或等被把对从到向往给为以于上下里内外中")
# Japan's prefectures and big cities: their 县 are prefectures and their names are not pinyin (长野县 Nagano).
JAPANESE_PLACES = frozenset(
    "北海道 青森 岩手 宫城 秋田 山形 福岛 茨城 栃木 群马 埼玉 千叶 东京 神奈川 新潟 富山 石川 福井 山梨 长野 "
    "岐阜 静冈 爱知 三重 滋贺 京都 大阪 兵库 奈良 和歌山 鸟取 岛根 冈山 广岛 山口 德岛 香川 爱媛 高知 福冈 "
    "佐贺 长崎 熊本 大分 宫崎 鹿儿岛 冲绳 横滨 名古屋 札幌 神户 川崎 仙台 北九州".split())
DIRECTIONS = {"东": "East", "西": "West", "南": "South", "北": "North", "中": "Middle"}
_HAN = re.compile(r"^[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class PlaceName:
    start: int
    end: int
    text: str
    english: str
    kind: str


def find_places(words: Sequence[Word], gazetteer: Gazetteer, segmenter: Segmenter,
                not_mainland: tuple[str, ...]) -> list[PlaceName]:
    """Names of the kinds above in a Simplified sentence's words. not_mainland: adcode prefixes of divisions
    outside the mainland (their places have no pinyin)."""
    text = "".join(w.text for w in words)
    if any(place in text for place in JAPANESE_PLACES):
        return []  # a sentence set in Japan (大阪西成区 is Nishinari, not Xicheng District)
    starts = {w.start for w in words}
    found: list[PlaceName] = []
    for word in words:
        # the kind ends this word and starts in it or on a word boundary (临沂市|人民|医院)
        kind = next((k for k in _BY_LENGTH if text[:word.end].endswith(k)
                     and (word.end - len(k) >= word.start or word.end - len(k) in starts)), None)
        if kind is None:
            continue
        at = word.end - len(kind)
        if segmenter.frequency(word.text) and word.tag not in NAME_TAGS and len(word.text) > len(kind):
            continue  # a dictionary word that is no name: 高速公路, 派出所
        whole_place = word.tag == "ns" and segmenter.frequency(word.text) > 0  # jieba knows it as a place
        # X: from the nearest word start that gives two or more characters (滂江|街, 天宫|院街), never reaching
        # over a name into the words before it
        start = next((s for s in sorted(starts, reverse=True) if s <= at - 2), None)
        if start is None or at - start > 5:
            continue
        x = text[start:at]
        if kind in DIVISION_KINDS and any(segmenter.frequency(x[-size:] + kind) for size in (1, 2)) \
                and not (whole_place and segmenter.frequency(x)):
            continue  # the kind ends an everyday word: 社区, 小区, 北京|地区, 新疆|自治区, 农村, 城镇, 家乡
        parts = [Word(text[max(w.start, start):min(w.end, at)], w.tag, w.start, w.end)
                 for w in words if w.start < at and start < w.end]
        english = _name_english(x, kind, parts, whole_place, gazetteer, segmenter, not_mainland)
        if english:
            found.append(PlaceName(start, word.end, text[start:word.end], f"{english} {KINDS[kind]}", kind))
    return found


def _name_english(x: str, kind: str, parts: Sequence[Word], whole_place: bool, gazetteer: Gazetteer,
                  segmenter: Segmenter, not_mainland: tuple[str, ...]) -> str:
    place = gazetteer.get(x)
    if place is not None:
        return "" if place.adcode.startswith(not_mainland) else place.english.split("|")[0]
    direction = DIRECTIONS.get(x[-1]) if len(x) >= 3 and kind in ("路", "大街", "大道", "街") else None
    if direction:  # 南京东路 Nanjing East Road, 中山北路 Zhongshan North Road
        english = _name_english(x[:-1], kind, [Word(x[:-1], "ns", 0, len(x) - 1)], whole_place, gazetteer,
                                segmenter, not_mainland)
        return f"{english} {direction}" if english else ""
    if kind not in PINYIN_KINDS or not _HAN.match(x) or any(c in NOT_IN_NAME for c in x):
        return ""
    # the words X is made of: a dictionary word that is no proper name is an everyday word (商业|街, 流落|街);
    # a proper name is, unless it is very common (人民, 解放) and the whole is not a place jieba knows (长安街)
    for part in parts:
        known = segmenter.frequency(part.text)
        if known and len(part.text) >= 2 and (part.tag not in NAME_TAGS
                                               or (known > PROPER_WORD_COUNT and not whole_place)):
            return ""
    return place_pinyin(x)
