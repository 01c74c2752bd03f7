"""Days of the month written without their month (25日), rendered by rule.

Chinese news gives the month once and then the day alone (新华社…7月26日电 … 25日宣布; 7月5日…，6日…，7日…).
Translating a sentence on its own, the model invents a month for a bare day: 25日 "25 December", 24日 "24 June",
23日晚间 "the evening of 23 March" (22 of the 90 bare days in the WMT21 pairs of ../shared and 24 of 57 in the
702 held apart, whose news is all of July). A reader cannot see that the month is made up.

So a bare day is a term, enforced like a glossary term: "the 25th", and where the sentence gave a full date
before it in the same month (7月5日…6日), that month: "July 6" (or 6 July, July 6th, the 6th). A span of days
(1日游 a day trip, 近7日, 为期3日, 14日集中隔离, 7日年化收益率) is no date and is left to the model.
"""

from __future__ import annotations

import re

from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match

__all__ = ["DATE", "ORIGIN", "english", "find"]

DATE = "date"  # the Entry category of a bare day
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


def find(source: str) -> list[Match]:
    """The bare days of a sentence (Simplified-normalised) as term matches."""
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
