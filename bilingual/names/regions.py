"""Whose romanisation: telling Hong Kong, Macau and Taiwan contexts apart from the mainland's.

Hong Kong, Macau and Taiwan persons have romanisations of their own (Chan Ho-tin, Tam Yiu-chung, Tsai Ing-wen);
Hanyu Pinyin must never be forced on them. region_near() says which region a name's surroundings name (Hong
Kong, Macau or Taiwan words within NEAR characters; "" when none or more than one), and the name is romanised
as that region writes names (romanize.person_name). A name is given pinyin only in a sentence that reads as
mainland news:

- a name with Hong Kong, Macau or Taiwan, their bodies or parties named near it (NEAR characters either side)
  is not (the curated list still applies); farther off, the sentence may be about the mainland's dealings with
  them (港澳办常务副主任张晓明 in a sentence on the Hong Kong security law);
- a sentence written in Traditional characters (Taiwan and Hong Kong outlets) is only when it names a mainland
  place or body itself (CNA reporting on lawyers in 临沂市).
"""

from __future__ import annotations

# Words that put a sentence in Hong Kong, Macau or Taiwan (Simplified; matched as substrings).
HK_MO_TW_MARKERS = (
    "香港", "港府", "港区", "港人", "港媒", "港版", "特首", "特区", "立法会", "行政会议", "民建联", "民主派", "建制派",
    "澳门", "台湾", "台北", "台中", "台南", "高雄", "新北", "桃园", "新竹", "基隆", "花莲", "屏东", "宜兰", "嘉义",
    "民进党", "国民党", "民众党", "时代力量", "立法院", "行政院", "立委", "中选会", "陆委会", "总统府", "蔡英文",
    "两岸", "九龙", "新界", "港岛", "岛内", "绿营", "蓝营",
)
NEAR = 12
# Which region each marker names (the others are Hong Kong's).
TAIWAN_MARKERS = frozenset({
    "台湾", "台北", "台中", "台南", "高雄", "新北", "桃园", "新竹", "基隆", "花莲", "屏东", "宜兰", "嘉义", "民进党",
    "国民党", "民众党", "时代力量", "立法院", "行政院", "立委", "中选会", "陆委会", "总统府", "蔡英文", "两岸", "岛内",
    "绿营", "蓝营",
})
MACAU_MARKERS = frozenset({"澳门"})
# Words about both sides: they keep pinyin off, but say nothing of whose a name is.
CROSS_STRAIT = frozenset({"两岸"})
MAINLAND_OFFICES = ("国台办", "港澳办", "中联办", "驻港", "驻澳", "海协会", "中央政府")
# Words that put a Traditional-script sentence on the mainland.
MAINLAND_MARKERS = (
    "中国", "中方", "中共", "大陆", "北京", "国务院", "国家统计局", "外交部", "公安", "看守所", "法院", "检察院",
    "党委", "省委", "市委", "全国人大", "政协", "解放军", "卫健委", "新华社", "央视", "武汉", "上海", "广州", "深圳",
)


def pinyin_allowed(original: str, normalised: str, names_mainland_place: bool) -> bool:
    """Whether unknown Chinese names in this sentence may be given Hanyu Pinyin at all.

    original: the sentence as written; normalised: its Simplified form; names_mainland_place: the gazetteer
    found a mainland place in it.
    """
    traditional = original != normalised
    if traditional:
        return names_mainland_place or any(marker in normalised for marker in MAINLAND_MARKERS)
    return True


def near_hk_mo_tw(normalised: str, start: int, end: int) -> bool:
    """Whether Hong Kong, Macau or Taiwan is named within NEAR characters of normalised[start:end]."""
    window = normalised[max(0, start - NEAR):end + NEAR]
    return any(marker in window for marker in HK_MO_TW_MARKERS)


def region_near(normalised: str, start: int, end: int) -> str:
    """"hk", "mo" or "tw": the one region named within NEAR characters of normalised[start:end]; "" when none is,
    or Hong Kong and Taiwan both are (两岸三地: no telling whose the name is)."""
    window = normalised[max(0, start - NEAR):end + NEAR]
    if any(m in window for m in (*MAINLAND_MARKERS, *MAINLAND_OFFICES)):
        return ""  # 国台办发言人朱凤莲, 港澳办副主任张晓明: mainland officials who speak of Taiwan or Hong Kong
    named = {("tw" if m in TAIWAN_MARKERS else "mo" if m in MACAU_MARKERS else "hk")
             for m in HK_MO_TW_MARKERS if m in window and m not in CROSS_STRAIT}
    return named.pop() if len(named) == 1 else ""


US_MARKERS = ("美国", "美方", "白宫", "华府", "拜登", "特朗普", "川普", "得州", "得克萨斯", "奥斯汀", "休斯顿",
              "达拉斯", "共和党", "参议员", "众议员", "联邦")
KOREA_MARKERS = ("韩国", "韩方", "首尔", "江原道", "冬奥")
# Gazetteer short names that are also a foreign place's Chinese name (CC-CEDICT: 德州 abbr. for 德克萨斯州, Texas;
# 平昌 Pyeongchang, host of the 2018 Winter Olympics): in a post set in that country that names no place of the
# Chinese county's own province, the foreign place is meant (a Taiwan outlet's 三星擬砸2800億元德州設廠).
# form -> (English, places of its Chinese province, the words that set a post in the foreign country)
FOREIGN_READINGS = {
    "德州": ("Texas", ("山东", "济南", "青岛", "淄博", "聊城", "滨州", "德州市", "禹城", "乐陵", "齐河"), US_MARKERS),
    "平昌": ("Pyeongchang", ("四川", "巴中", "平昌县"), KOREA_MARKERS),
}


def foreign_reading(form: str, context: str) -> str | None:
    """The foreign reading of a gazetteer form (德州 Texas, 平昌 Pyeongchang) where context (the post, or the
    sentence) is set in that country and names no place of the Chinese county's province; None otherwise."""
    if form not in FOREIGN_READINGS:
        return None
    english, province, markers = FOREIGN_READINGS[form]
    if any(m in context for m in markers) and not any(p in context for p in province):
        return english
    return None
