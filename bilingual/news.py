"""News conventions by rule: datelines, bylines, editor, credit and copyright lines of the outlets in these
archives, recognised before the model and rendered in one English news style (README: News lines).

The model turns them into noise ("The Epoch Times 22/01/2021 The Epoch Times Journalists Gu Xiaohua I'm sorry
Shanghai…"): they are not sentences, they are a fixed format. So

- find_news_lines(text) -> the spans of a paragraph that are news lines: a dateline or byline opening it
  (【大纪元2021年01月22日讯】, （中央社記者余祥台北22日電）, 路透东京1月22日 -), or the whole paragraph or
  sentence (责任编辑：林诗远, （編輯：賴言曦/繆宗翰）1100122, 美聯社資料圖片). segment.py cuts an opening one off
  as its own sentence piece, so the rest goes to the model without it.
- render(sentence) -> the English of a sentence that is one news line, or None. The translator serves it
  without the model (origin news-rule, translate.outcomes.Origin.NEWS_RULE).

Names in these lines are romanised by the outlet's region: Taiwan outlets' staff in Wade–Giles as Taiwan writes
it (張淑伶 Chang Shu-ling), Hong Kong outlets' from the curated list when it has them, everyone else in Hanyu
Pinyin (顾晓华 Gu Xiaohua).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bilingual import script
from bilingual.names.romanize import person_pinyin, person_wade_giles, place_pinyin, split_surname, wade_giles

__all__ = ["NewsLine", "find_news_lines", "render", "romanize_name", "wade_giles"]


@dataclass(frozen=True)
class NewsLine:
    start: int
    end: int
    english: str
    kind: str  # dateline | byline | editor | credit | copyright | date


# --- outlets -------------------------------------------------------------------------------------------------
# Simplified name -> (English as the outlet styles itself in a dateline, region of its staff's names)
OUTLETS: dict[str, tuple[str, str]] = {
    "大纪元": ("The Epoch Times", "mainland"), "新唐人": ("NTD", "mainland"),
    "中央社": ("CNA", "tw"), "自由时报": ("Liberty Times", "tw"), "联合报": ("United Daily News", "tw"),
    "中国时报": ("China Times", "tw"), "风传媒": ("Storm Media", "tw"), "公视": ("PTS", "tw"),
    "自由亚洲电台": ("RFA", "mainland"), "美国之音": ("VOA", "mainland"), "德国之声": ("DW", "mainland"),
    "法广": ("RFI", "mainland"), "法国国际广播电台": ("RFI", "mainland"), "联合早报": ("Lianhe Zaobao", "mainland"),
    "路透": ("Reuters", "mainland"), "路透社": ("Reuters", "mainland"), "新华社": ("Xinhua", "mainland"),
    "中新社": ("China News Service", "mainland"), "中新网": ("China News Service", "mainland"),
    "人民网": ("People's Daily Online", "mainland"), "央视新闻": ("CCTV News", "mainland"),
    "端传媒": ("Initium Media", "hk"), "香港01": ("HK01", "hk"), "明报": ("Ming Pao", "hk"),
    "众新闻": ("Citizen News", "hk"), "立场新闻": ("Stand News", "hk"), "苹果日报": ("Apple Daily", "hk"),
    "维权网": ("Rights Defense Network", "mainland"), "中国数字时代": ("China Digital Times", "mainland"),
    "日经中文网": ("Nikkei Chinese", "mainland"), "BBC中文": ("BBC Chinese", "mainland"),
    # the mainland's news sites, as their source lines name them (来源：人民论坛网 作者：…)
    "中国新闻网": ("China News Service", "mainland"), "新华网": ("Xinhuanet", "mainland"),
    "人民论坛网": ("People's Tribune", "mainland"), "央视网": ("CCTV.com", "mainland"),
    "光明网": ("Guangming Online", "mainland"), "中国日报网": ("China Daily", "mainland"),
    "北京青年报": ("Beijing Youth Daily", "mainland"), "新京报": ("The Beijing News", "mainland"),
    "澎湃新闻": ("The Paper", "mainland"), "环球网": ("Huanqiu.com", "mainland"),
}
# News agencies credited in brackets after a byline or under a photo.
AGENCIES = {
    "路透社": "Reuters", "路透": "Reuters", "法新社": "AFP", "美联社": "AP", "德新社": "dpa", "彭博社": "Bloomberg",
    "彭博": "Bloomberg", "共同社": "Kyodo", "韩联社": "Yonhap", "中央社": "CNA", "新华社": "Xinhua",
    "中新社": "China News Service", "欧新社": "EPA", "盖蒂图片社": "Getty Images", "塔斯社": "TASS",
}
# Dateline cities (Simplified, as Taiwan, Hong Kong and mainland outlets write them) -> English.
CITIES = {
    "台北": "Taipei", "新北": "New Taipei", "台中": "Taichung", "台南": "Tainan", "高雄": "Kaohsiung",
    "桃园": "Taoyuan", "新竹": "Hsinchu", "基隆": "Keelung", "花莲": "Hualien", "屏东": "Pingtung", "宜兰": "Yilan",
    "嘉义": "Chiayi", "彰化": "Changhua", "南投": "Nantou", "苗栗": "Miaoli", "云林": "Yunlin", "台东": "Taitung",
    "澎湖": "Penghu", "金门": "Kinmen", "马祖": "Matsu", "香港": "Hong Kong", "澳门": "Macau", "北京": "Beijing",
    "上海": "Shanghai", "广州": "Guangzhou", "深圳": "Shenzhen", "武汉": "Wuhan", "天津": "Tianjin",
    "重庆": "Chongqing", "成都": "Chengdu", "南京": "Nanjing", "杭州": "Hangzhou", "厦门": "Xiamen",
    "拉萨": "Lhasa", "乌鲁木齐": "Urumqi", "哈尔滨": "Harbin", "东京": "Tokyo", "大阪": "Osaka", "首尔": "Seoul",
    "平壤": "Pyongyang", "华盛顿": "Washington", "纽约": "New York", "旧金山": "San Francisco",
    "洛杉矶": "Los Angeles", "芝加哥": "Chicago", "休士顿": "Houston", "休斯敦": "Houston", "西雅图": "Seattle",
    "波士顿": "Boston", "伦敦": "London", "巴黎": "Paris", "柏林": "Berlin", "莫斯科": "Moscow", "罗马": "Rome",
    "布鲁塞尔": "Brussels", "日内瓦": "Geneva", "维也纳": "Vienna", "马德里": "Madrid", "华沙": "Warsaw",
    "布拉格": "Prague", "基辅": "Kyiv", "海牙": "The Hague", "法兰克福": "Frankfurt", "慕尼黑": "Munich",
    "新德里": "New Delhi", "孟买": "Mumbai", "新加坡": "Singapore", "曼谷": "Bangkok", "雅加达": "Jakarta",
    "马尼拉": "Manila", "河内": "Hanoi", "吉隆坡": "Kuala Lumpur", "金边": "Phnom Penh", "仰光": "Yangon",
    "雪梨": "Sydney", "悉尼": "Sydney", "墨尔本": "Melbourne", "坎培拉": "Canberra", "堪培拉": "Canberra",
    "渥太华": "Ottawa", "多伦多": "Toronto", "温哥华": "Vancouver", "耶路撒冷": "Jerusalem", "德黑兰": "Tehran",
    "杜拜": "Dubai", "迪拜": "Dubai", "开罗": "Cairo", "伊斯坦堡": "Istanbul", "伊斯坦布尔": "Istanbul",
    "联合国": "United Nations", "华府": "Washington", "纽约联合国总部": "United Nations",
    # capitals the names lists give as their country, or wrongly
    "突尼斯": "Tunis", "金斯敦": "Kingston", "第比利斯": "Tbilisi", "科威特": "Kuwait City", "吉布提": "Djibouti",
    "巴拿马": "Panama City", "危地马拉": "Guatemala City", "墨西哥": "Mexico City",
}
MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")
DASH = "–"

_HAN = r"\u3400-\u9fff"
_NAME = rf"[{_HAN}]{{2,4}}?"
_NAMES = rf"{_NAME}(?:\s*[、/／,，和及]\s*{_NAME})*"
# in a bracketed byline, names may stand apart by spaces alone: （记者 郭冬明 熊亮）; a slash there is a place
# (（記者王寓中／台北報導）, _reporter_slash)
_SPACED_NAMES = rf"{_NAME}(?:(?:\s*[、,，和及]\s*|\s+){_NAME})*"


# --- romanisation ------------------------------------------------------------------------------------------------
# Wade–Giles for Taiwan and the surname readings live in names/romanize.py, shared with the names layer.
def romanize_name(name: str, region: str = "mainland") -> str:
    """A Chinese personal name in the romanisation of its region: mainland Hanyu Pinyin (顾晓华 Gu Xiaohua),
    Taiwan Wade–Giles (张淑伶 Chang Shu-ling), Hong Kong the curated list's form, else pinyin."""
    name = script.to_model_input(name.strip())
    if region == "hk" and (known := _hk_names().get(name)):
        return known
    parts = split_surname(name) or (
        (name[:1], name[1:]) if len(name) > 3 and split_surname(name[:3]) else None)  # 邓艾艾艾: a long given name
    if parts is None:
        return place_pinyin(name)  # a pen name (凝炼): one word
    surname, given = parts
    return person_wade_giles(surname, given) if region == "tw" else person_pinyin(surname, given)


@cache
def _hk_names() -> dict[str, str]:
    from bilingual.names import PERSONS_LIST
    from bilingual.terms.tsv import read_entries

    return {e.source: e.rendering for e in read_entries(PERSONS_LIST) if e.category == "person-hk"}


# 和 and 及 join two names of two characters or more (张三和李四), never split one (王和平)
_NAME_SEPARATOR = re.compile(rf"\s*[、/／,，]\s*|\s+|(?<=[{_HAN}]{{2}})[和及](?=[{_HAN}]{{2}})")
# roles in a byline that are not the reporter's (（记者 张三 通讯员 李四）): such a byline is left to the model
BYLINE_ROLES = ("通讯员", "实习生", "见习记者", "摄影", "摄", "特约记者", "编辑", "文/图", "报道", "报导")


def _names(text: str, region: str) -> list[str]:
    return [romanize_name(n, region) for n in _NAME_SEPARATOR.split(text.strip()) if n]


def _reporters(text: str, region: str = "mainland") -> list[str] | None:
    """The names of a bracketed byline, when each is a name (a known surname) and no other role is among them."""
    parts = [n for n in _NAME_SEPARATOR.split(text.strip()) if n]
    if any(p in BYLINE_ROLES or split_surname(script.to_model_input(p)) is None for p in parts):
        return None
    return [romanize_name(p, region) for p in parts]


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _city(text: str) -> str:
    """A dateline city (or several: 首尔/旧金山) in English, capitals as wire datelines write them."""
    from bilingual.names.gazetteer import load_gazetteer
    from bilingual.names.romanize import place_pinyin

    found = []
    for part in re.split(r"[/／、]", text):
        place = load_gazetteer().get(part)
        found.append(CITIES.get(part) or (place.english.split("|")[0] if place else None)
                     or _listed_places().get(part) or _country_city(part) or place_pinyin(part))
    return "/".join(found).upper()


def _country_city(place: str) -> str | None:
    """A capital named for its country (科威特城 Kuwait City, 墨西哥城 Mexico City)."""
    from bilingual.names import foreign_countries

    country = foreign_countries().get(place.removesuffix("城")) if place.endswith("城") else None
    return f"{country} City" if country else None


@cache
def _listed_places() -> dict[str, str]:
    """Foreign places and names of the names layer's lists (巴西利亚 Brasilia), for datelines abroad; a place
    wins over a name of the same form."""
    from bilingual.names import NAMES_LIST, WORLD_LIST
    from bilingual.terms.tsv import read_entries

    # CC-CEDICT files many cities under "name" (拉巴特 Rabat): at a dateline's place any listed name is the city's
    entries = [e for path in (NAMES_LIST, WORLD_LIST) for e in read_entries(path)]
    return {e.source: e.rendering for e in sorted(entries, key=lambda e: e.category == "place")
            if e.category in ("place", "name")}


def _date(month: str | None, day: str, year: str | None = None) -> str:
    if month is None:
        n = int(day)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"the {n}{suffix}"  # the outlet gives the day only; the month is the post's
    text = f"{MONTHS[int(month) - 1]} {int(day)}"
    return f"{text}, {int(year)}" if year else text


def _outlet(name: str) -> tuple[str, str]:
    return OUTLETS.get(name, (name, "mainland"))


def _split_name_city(text: str) -> tuple[str, str]:
    """余祥台北 -> (余祥, 台北): the reporter's name, then a known city; else a name of three characters."""
    for size in (2, 3, 4):
        if text[size:] in CITIES or re.fullmatch(r"[^/／]+(?:[/／][^/／]+)+", text[size:] or "x"):
            return text[:size], text[size:]
    return (text[:3], text[3:]) if len(text) > 4 else (text[:2], text[2:])


# --- rules -------------------------------------------------------------------------------------------------------
# Each rule: a pattern over the Simplified text and a function from its match to the English and the kind. OPENING
# rules may open a paragraph (the rest goes to the model); WHOLE rules must be the whole sentence.
Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str], str]


def _epoch(m: re.Match[str]) -> str:
    outlet, region = _outlet(m["outlet"])
    date = _date(m["month"], m["day"], m["year"])
    if not m["names"]:
        return f"{date} ({outlet}) {DASH}"
    names = _names(m["names"], region)
    who = f"{outlet.removeprefix('The ')} {'reporter' if len(names) == 1 else 'reporters'} {_and(names)}"
    if m["how"] == "综合":
        who = f"compiled by {who}"
    return f"{date} ({who}) {DASH}"


def _cna(m: re.Match[str]) -> str:
    outlet, region = _outlet(m["outlet"])
    who, place = outlet, m["rest"]
    if m["reporter"]:
        name, place = _split_name_city(place)
        who = f"{outlet} reporter {romanize_name(name, region)}"
    if m["wire"]:
        who += ", from wire reports"
    return f"{_city(place)}, {_date(None, m['day'])} ({who}) {DASH}"


def _wire(m: re.Match[str]) -> str:
    outlet, region = _outlet(m["outlet"])
    who = outlet
    if m["names"]:
        if (names := _reporters(m["names"], region)) is None:
            return ""  # another role in the byline (通讯员): the next rule takes the dateline alone
        who = f"{outlet} {'reporter' if len(names) == 1 else 'reporters'} {_and(names)}"
    return f"{_city(m['place'])}, {_date(m['month'], m['day'])} ({who}) {DASH}"


def _staff(m: re.Match[str]) -> str:
    # 本报讯（记者 王斌）: the paper's own report, by its reporter
    if not m["names"]:
        return f"(Staff report) {DASH}"
    if (names := _reporters(m["names"])) is None:
        return ""
    return f"(Staff {'reporter' if len(names) == 1 else 'reporters'} {_and(names)}) {DASH}"


def _byline(m: re.Match[str]) -> str:
    # （记者李俐）: a byline standing alone; not （记者手记） "reporter's notes"
    if (names := _reporters(m["names"])) is None:
        return ""
    return f"({'Reporter' if len(names) == 1 else 'Reporters'} {_and(names)})"


def _source_line(m: re.Match[str]) -> str:
    # 2020-07-26 17:37:29 来源：人民论坛网 作者：朱延静 责任编辑：朱延静: a news site's source line
    source = m["source"]
    english = OUTLETS.get(source, (None,))[0] or AGENCIES.get(source)
    if english is None:
        return ""  # an outlet we do not know: the model reads it
    credits = _credit_line(m) if m["credits"] else ""
    return "; ".join(p for p in (f"{m['stamp'] or ''} Source: {english}".strip(), credits) if p)


def _reporter_slash(m: re.Match[str]) -> str:
    # （記者王寓中／台北報導）: Taiwan papers' byline
    names = _names(m["names"], "tw")
    return f"({'Reporter' if len(names) == 1 else 'Reporters'} {_and(names)}, {_city(m['place']).title()})"


def _weiquan(m: re.Match[str]) -> str:
    return "(Rights Defense Network information centre) " + DASH


def _cdt(m: re.Match[str]) -> str:
    return {"编者": "CDT editor's note:", "更新": "CDT update:"}[m["what"]]


def _nikkei_writer(m: re.Match[str]) -> str:
    from bilingual.names.romanize import split_surname

    # Nikkei's writers are often Japanese (中岛惠 Kei Nakajima), whose names pinyin would garble: only Chinese
    # names (a known surname) are rendered, the others left to the model
    if split_surname(m["name"]) is None:
        return ""
    return f"Nikkei Chinese contributing writer {romanize_name(m['name'])}:"


# 路透东京1月22日, 新华社北京7月26日电: a wire service's dateline, its byline after it
_WIRE_DATELINE = (rf"(?P<outlet>路透|新华社|中新社|中新网|人民网)(?:社)?(?P<place>[{_HAN}/／]{{2,10}}?)"
                  rf"(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日(?:电[，,]?)?")
OPENING: list[Rule] = [
    (re.compile(rf"【(?P<outlet>大纪元|新唐人)(?P<year>\d{{4}})年(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日讯】"
                rf"(?:[（(](?:大纪元|新唐人)?(?:特约|驻\w{{1,4}})?记者(?P<names>{_NAMES})"
                rf"(?P<how>采访|综合|编译)?报[导道][)）])?"), _epoch, "dateline"),
    (re.compile(rf"[（(](?P<outlet>中央社)(?P<reporter>记者)?(?P<rest>[{_HAN}/／]{{2,14}}?)"
                rf"(?P<day>\d{{1,2}})日(?P<wire>综合外电)?(?:电|报导)[)）]"), _cna, "dateline"),
    (re.compile(rf"{_WIRE_DATELINE}(?:\s*[（(]记者\s*(?P<names>{_SPACED_NAMES})\s*[)）])?\s*(?:[-－—–]+\s*)?"),
     _wire, "dateline"),
    # the same dateline where its byline is left to the model (_wire gives up on it: another role, no surname)
    (re.compile(rf"{_WIRE_DATELINE}(?P<names>)\s*(?:[-－—–]+\s*)?"), _wire, "dateline"),
    (re.compile(rf"本报讯\s*(?:[（(]记者\s*(?P<names>{_SPACED_NAMES})\s*[)）])?\s*"), _staff, "byline"),
    (re.compile(rf"[（(]记者(?P<names>{_NAMES})[／/](?P<place>[{_HAN}]{{2,6}})(?:\d{{1,2}}日)?报[导道][)）]"),
     _reporter_slash, "byline"),
    (re.compile(r"[（(]维权网信息中心报道[)）]"), _weiquan, "byline"),
    (re.compile(r"CDT(?P<what>编者|更新)[：:]\s*"), _cdt, "credit"),
    (re.compile(rf"日经中文网特约撰稿人\s*(?P<name>{_NAME})[：:]\s*"), _nikkei_writer, "byline"),
]
# CNA's ROC date stamp after its editor line: 1100122 is year 110 of the Republic (2021), Jan. 22.
_STAMP = r"(?:\s*(?P<stamp>1\d{2}[01]\d[0-3]\d))?"


def _stamp(m: re.Match[str]) -> str:
    code = m["stamp"]
    return f" {int(code[:3]) + 1911}-{code[3:5]}-{code[5:]}" if code else ""


def _editors(m: re.Match[str]) -> str:
    names = _names(m["names"], "tw")
    return f"(Editor{'s' if len(names) > 1 else ''}: {'/'.join(names)}){_stamp(m)}"


def _translator(m: re.Match[str]) -> str:
    checked = f"; edited by {'/'.join(_names(m['checkers'], 'tw'))}" if m["checkers"] else ""
    return f"(Translated by {'/'.join(_names(m['names'], 'tw'))}{checked}){_stamp(m)}"


# Credit roles at the foot of a post (责任编辑：林诗远; 记者：高锋 责编：胡力汉、何平 网编：瑞哲) -> English label.
ROLES = {
    "责任编辑": "Editor", "责编": "Editor", "编辑": "Editor", "网编": "Web editor", "记者": "Reporter",
    "文字整理": "Compiled by", "整理": "Compiled by", "撰文": "Text", "作者": "Author", "摄影": "Photos",
    "特约评论员": "Contributing commentator", "评论员": "Commentator", "翻译": "Translated by", "译者": "Translated by",
}
_ROLE = "|".join(sorted(ROLES, key=len, reverse=True))
_CREDIT = rf"(?P<role>{_ROLE})\s*[：:\s]\s*(?P<names>{_NAMES})(?=[\s；;，,、)）#]|$)"
_ONE_CREDIT = _CREDIT.replace("?P<role>", "").replace("?P<names>", "")
_CREDITS = re.compile(rf"[（(]?(?:{_ONE_CREDIT}\s*[；;，,、\s]?\s*)+[)）]?\s*#?")


def _credit_line(m: re.Match[str]) -> str:
    parts = []
    for credit in re.finditer(_CREDIT, m[0]):
        label, names = ROLES[credit["role"]], _names(credit["names"], "mainland")
        plural = "s" if len(names) > 1 and label in ("Editor", "Reporter", "Web editor") else ""
        parts.append(f"{label}{plural} {_and(names)}" if label.endswith(" by") else f"{label}{plural}: {_and(names)}")
    return "; ".join(parts)


def _rfa(m: re.Match[str]) -> str:
    where = f", {_city(m['place']).title()}" if m["place"] else ""
    byline = f"RFA reporter {_and(_names(m['reporter'], 'mainland'))}{where}"
    rest = m["rest"].strip()
    credits = _CREDITS.fullmatch(rest) if rest else None
    if rest and credits is None:
        return ""
    return "; ".join([byline, _credit_line(credits)] if credits else [byline])


def _agency_list(text: str) -> str:
    return ", ".join(AGENCIES.get(a, a) for a in re.split(r"[、,，]\s*", text) if a)


def _staff_agencies(m: re.Match[str]) -> str:
    return f"{'/'.join(_names(m['names'], 'mainland'))} ({_agency_list(m['agencies'])})"


def _caption_credit(m: re.Match[str]) -> str:
    source = m["source"]
    english = AGENCIES.get(source) or OUTLETS.get(source, (source,))[0]
    kind = {"资料图片": " file photo", "档案照片": " file photo", "图片": " photo", "": "", None: ""}[m["what"]]
    text = f"{english}{kind}"
    return f"({text})" if m["open"] else text


_SCREENSHOT_SITES = {"推特": "Twitter", "脸书": "Facebook", "网上": "Online", "网络": "Internet", "微博": "Weibo",
                     "微信": "WeChat", "视频": "Video", "": ""}


def _screenshot(m: re.Match[str]) -> str:
    site = m["site"] or m["site2"] or ""
    site = _SCREENSHOT_SITES.get(site.strip(), site.strip())
    text = f"Screenshot from {site}" if m["site2"] else f"{site} screenshot".strip().capitalize()
    if m["site"] and m["site"].strip()[:1].isascii():
        text = f"{m['site'].strip()} screenshot"
    return f"({text})" if m["open"] else text


def _photo_source(m: re.Match[str]) -> str:
    word = "Image source" if m["what"] == "图像来源" else "Photo source"
    source = m["source"].strip()
    english = AGENCIES.get(source) or OUTLETS.get(source, (None,))[0] or (
        "Internet" if source in ("网络", "网路", "互联网") else source)
    text = f"{word}: {english}"
    return f"({text})" if m["open"] else text


def _bbc_caption(m: re.Match[str]) -> str:
    return {"图像加注文字": "Image caption,", "视频加注文字": "Video caption,"}[m["what"]]


def _date_line(m: re.Match[str]) -> str:
    return _date(m["month"], m["day"], m["year"])


def _cdt_tweet(m: re.Match[str]) -> str:
    return f"— China Digital Times ({m['handle']}) {m['date']}"


_OPEN, _CLOSE = r"(?P<open>[（(])?", r"(?(open)[)）])"
WHOLE: list[Rule] = [
    (re.compile(rf"[（(]记者\s*(?P<names>{_SPACED_NAMES})\s*[)）]"), _byline, "byline"),
    (re.compile(rf"(?:(?P<stamp>\d{{4}}-\d{{1,2}}-\d{{1,2}}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?)\s*)?"
                rf"来源[：:]\s*(?P<source>[^\s：:]+)(?P<credits>(?:\s+{_ONE_CREDIT})*)"), _source_line, "credit"),
    (re.compile(rf"[（(]编辑[：:]\s*(?P<names>{_NAMES})[)）]{_STAMP}"), _editors, "editor"),
    (re.compile(rf"[（(]译者[：:]\s*(?P<names>{_NAMES})(?:[/／]核稿[：:]\s*(?P<checkers>{_NAMES}))?[)）]{_STAMP}"),
     _translator, "editor"),
    (_CREDITS, _credit_line, "editor"),
    (re.compile(rf"自由亚洲电台记者\s*(?P<reporter>[{_HAN}]{{2,4}})\s+(?:(?P<place>[{_HAN}]{{2,4}}?)报道)?(?P<rest>.*)"),
     _rfa, "byline"),
    (re.compile(rf"(?P<names>{_NAME}(?:[/／]{_NAME})+)\s*[（(](?P<agencies>(?:{'|'.join(AGENCIES)})"
                rf"(?:[、,，]\s*(?:{'|'.join(AGENCIES)}))*)[)）]"), _staff_agencies, "byline"),
    (re.compile(rf"{_OPEN}(?P<source>{'|'.join(sorted({*AGENCIES, *OUTLETS}, key=len, reverse=True))})"
                rf"(?P<what>资料图片|档案照片|图片)?{_CLOSE}"), _caption_credit, "credit"),
    (re.compile(rf"{_OPEN}(?:(?P<site>[A-Za-z]+ ?|推特|脸书|网上|网络|微博|微信|视频)?截图"
                rf"|截图自(?P<site2>\S+?)){_CLOSE}"),
     _screenshot, "credit"),
    (re.compile(rf"{_OPEN}(?P<what>图片来源|图像来源|照片来源|图源)[：:，,]\s*(?P<source>[^)）]+?){_CLOSE}"),
     _photo_source, "credit"),
    (re.compile(r"(?P<what>图像加注文字|视频加注文字)，"), _bbc_caption, "credit"),
    (re.compile(r"(?P<year>\d{4})年(?P<month>\d{1,2})月(?P<day>\d{1,2})日"), _date_line, "date"),
    (re.compile(r"[（(]完[)）]"), lambda m: "(End)", "credit"),
    (re.compile(r"版权声明：日本经济新闻社版权所有，未经授权不得转载或部分复制，违者必究。"),
     lambda m: "Copyright: Nikkei Inc. All rights reserved. No reproduction in whole or in part without "
               "permission.", "copyright"),
    (re.compile(r"本文仅代表(?:个人|笔者个人)观点(?:，不代表日本经济新闻（中文版：日经中文网）(?:观点)?)?。?"),
     lambda m: "This article represents the author's own views only"
               + (", not those of Nikkei (Chinese edition: Nikkei Chinese)." if "日经" in m[0] else "."),
     "copyright"),
    (re.compile(r"—\s*中国数字时代\s*\((?P<handle>@CDTChinese)\)\s*(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})"),
     _cdt_tweet, "credit"),
]


def _normalised(text: str) -> str | None:
    """The Simplified form, when it keeps every offset (OpenCC converts character for character here)."""
    simplified = script.to_model_input(text)
    return simplified if len(simplified) == len(text) else None


def render(sentence: str) -> str | None:
    """The English of a sentence that is one news line as a whole, or None."""
    line = next(iter(find_news_lines(sentence)), None)
    if line is None or sentence[:line.start].strip() or sentence[line.end:].strip():
        return None
    return line.english


def find_news_lines(text: str) -> list[NewsLine]:
    """The news lines of a paragraph: the whole paragraph, or a dateline or byline opening it (several in a row,
    each its own line)."""
    simplified = _normalised(text)
    if simplified is None:
        return []
    stripped = simplified.strip()
    if not stripped:
        return []
    offset = len(simplified) - len(simplified.lstrip())
    for pattern, english, kind in WHOLE:
        if (m := pattern.fullmatch(stripped)) and (rendered := english(m)):
            return [NewsLine(offset, offset + len(stripped), rendered, kind)]
    lines = []
    at = offset
    while at < len(simplified):
        for pattern, english, kind in OPENING:
            m = pattern.match(simplified, at)
            if m and m.end() > at and (rendered := english(m)):
                end = m.end()
                lines.append(NewsLine(at, end, rendered, kind))
                at = end
                break
        else:
            break
    if lines and not simplified[lines[-1].end:].strip():
        # a dateline that is the whole paragraph is one line
        lines[-1] = NewsLine(lines[-1].start, offset + len(stripped), lines[-1].english, lines[-1].kind)
    return lines
