"""Days of the month written without their month (25日), and times of day (16时, 下午5时30分), rendered by rule.

Chinese news gives the month once and then the day alone (新华社…7月26日电 … 25日宣布; 7月5日…，6日…，7日…).
Translating a sentence on its own, the model invents a month for a bare day: 25日 "25 December", 24日 "24 June",
23日晚间 "the evening of 23 March" (22 of the 90 bare days in the WMT21 pairs of ../shared and 24 of 57 in the
702 held apart, whose news is all of July). A reader cannot see that the month is made up.

So a bare day is a term, enforced like a glossary term: "the 25th", and where the sentence gave a full date
before it in the same month (7月5日…6日), that month: "July 6" (or 6 July, July 6th, the 6th). A span of days
(1日游 a day trip, 近7日, 为期3日, 14日集中隔离, 7日年化收益率) is no date and is left to the model.

Times of day are written 16时, 5时30分, 下午5时 in mainland news; the model reads 20时 as a year (7月25日20时 "25 July
2000"), 11时 as "1100 hours", 0时至24时 as "between 00 and 24". Each is a term too: "16:00", "5:30", "5 p.m." where
the source says which half of the day (or the same time written the other way: 17:00, 5:00 p.m., midnight, noon).
A duration (24小时) is no time of day; 点 is one only after a part of the day (下午3点), since 3点建议 is three points.
"""

from __future__ import annotations

import re

from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match

__all__ = ["DATE", "ORIGIN", "TIME", "english", "find", "time_english"]

DATE = "date"  # the Entry category of a bare day
TIME = "time"  # the Entry category of a time of day
ORIGIN = "rule:dates"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# a day not after a month (7月25日 is the model's to get right, and it does) nor inside a longer number (8.5日);
# not a span of days (近7日, 为期3日, 第25日, 14日集中隔离, 7日年化收益率, 20日均线, 3日来)
_DAY = re.compile(r"(?<![月\d.])(?<!月 )(?<!近|第|每|这|前)(?<!过去|连续|为期|历时|一连|最近)"
                  r"(?P<day>[1-9]|[12]\d|3[01])日(?!游|内|以内|之内|均|年化|线|期|间|来|之久|集中)")
# the month of a full date before the day (7月5日…，6日): the bare day is that month's when it comes after it
_DATE = re.compile(r"(?<!\d)(?P<month>[1-9]|1[0-2])月(?P<day>[1-9]|[12]\d|3[01])日")
# words that end the full date's reach: 自1月23日…以来，25日 is not January's 25th
_NOT_SINCE = re.compile(r"以来|至今|份")


# a part of the day, then an hour (not inside a longer number, nor 24小时), 时 (or 点 after a part of the day), minutes
_MORNING = ("凌晨", "早上", "早晨", "清晨", "上午", "早")
_EVENING = ("下午", "午后", "傍晚", "晚上", "晚间", "今晚", "当晚", "昨晚", "晚")
_NIGHT = ("深夜", "夜里", "夜间", "半夜")  # small hours are a.m. (深夜1时), late ones p.m. (夜间10时)
_NOON = ("中午",)
_MIDNIGHT = ("午夜",)
_PARTS = sorted((*_MORNING, *_EVENING, *_NIGHT, *_NOON, *_MIDNIGHT), key=len, reverse=True)
_TIME = re.compile(r"(?P<part>" + "|".join(_PARTS) + r")?(?<![\d.:：])"
                   r"(?:(?P<start>2[0-4]|[01]?\d)[-—–~～至到])?(?P<hour>2[0-4]|[01]?\d)(?P<mark>[时点])"
                   r"(?:(?P<minute>[0-5]\d|\d)分|(?P<half>半))?(?![\d期间代候段差区速辰长刻])")
# 时 is also "when" (当感染人数达到10时, 汇率为7时, 年满18时): a bare hour is a time of day only beside a day or
# another time (25日16时, 今天12时, 22时至23时) or a word that says it is one (16时许, 12时起)
_DAY_BEFORE = re.compile(r"(?:[日号]|今天|明天|昨天|当天|当日|次日|今日|同日|前一天|(?:周|礼拜)[一二三四五六日天]"
                         r"|星期[一二三四五六日天])[ (（]?$")
_TIME_AFTER = re.compile(r"^(?:许|整|左右|前后|起|至|到|[-—–~～])")
_RANGE_BEFORE = re.compile(r"\d[时点]?(?:\d{1,2}分)?[至到\-—–~～]$")  # 22时至|23时, not 达到|10时


def find(source: str) -> list[Match]:
    """The bare days and the times of day of a sentence (Simplified-normalised) as term matches."""
    return sorted(_days(source) + _times(source), key=lambda m: m.start)


def _times(source: str) -> list[Match]:
    found = []
    for m in _TIME.finditer(source):
        if m["mark"] == "点" and not m["part"]:
            continue
        if not (m["part"] or m["minute"] or m["half"] or m["start"] or _DAY_BEFORE.search(source[:m.start()])
                or _TIME_AFTER.match(source[m.end():]) or _RANGE_BEFORE.search(source[:m.start()])):
            continue
        minute = 30 if m["half"] else int(m["minute"] or 0)
        english = time_english(int(m["hour"]), minute, m["part"] or "")
        if m["start"]:  # 0-24时: from the hour to the hour
            starts = time_english(int(m["start"]), 0, m["part"] or "")[:2]
            english = [f"{a}{between}{english[0]}" for a in starts for between in (" to ", "-", "–")]
        entry = Entry(m[0], "|".join(english), TIME, origin=ORIGIN)
        found.append(Match(m.start(), m.end(), entry))
    return found


def time_english(hour: int, minute: int = 0, part: str = "") -> list[str]:
    """The accepted renderings of a time of day, the one put in first: "16:00", or "5 p.m." after 下午."""
    if part in _EVENING and hour <= 12 or part in _NIGHT and 6 <= hour <= 12 or part in _NOON and hour < 6:
        hour += 12  # 晚上8时 20:00, 晚上12点 midnight, 中午1点 13:00
    elif part in _MIDNIGHT + ("凌晨",) and hour == 12:
        hour = 0  # 午夜12时, 凌晨12时: midnight
    twelve, suffix = hour % 12 or 12, "a.m." if hour % 24 < 12 else "p.m."
    clock = [f"{hour}:{minute:02d}", f"{hour:02d}:{minute:02d}"]
    said = [f"{twelve}:{minute:02d} {suffix}"]
    if minute == 0:
        said = [f"{twelve} {suffix}", f"{twelve}{suffix.replace('.', '')}", *said]
        named = ["midnight"] if hour in (0, 24) else ["noon"] if hour == 12 else []
        said, clock = (named + said, clock) if part else (said, clock + named)
    return list(dict.fromkeys(said + clock if part else clock + said))


def _days(source: str) -> list[Match]:
    found = []
    for m in _DAY.finditer(source):
        day = int(m["day"])
        full = list(_DATE.finditer(source, 0, m.start()))
        month = None
        if full and int(full[-1]["day"]) <= day and not _NOT_SINCE.search(source, full[-1].end(), m.start()):
            month = int(full[-1]["month"])
        entry = Entry(m[0], "|".join(english(day, month)), DATE, origin=ORIGIN)
        found.append(Match(m.start(), m.end(), entry))
    return found


def english(day: int, month: int | None = None) -> list[str]:
    """The accepted renderings of a day, the one put in first: "the 25th"; with its month "July 6"."""
    nth = f"{day}{'th' if 10 <= day <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
    # never the ordinal alone: "December 25th" holds "25th"
    if month is None:
        return [f"the {nth}"]
    name = MONTHS[month - 1]
    return [f"{name} {day}", f"{day} {name}", f"{name} {nth}", f"the {nth}"]
