"""Days of the month written without their month (25日), rendered by rule.

Chinese news gives the month once and then the day alone (新华社…7月26日电 … 25日宣布; 7月5日…，6日…，7日…).
Translating a sentence on its own, the model invents a month for a bare day: 25日 "25 December", 24日 "24 June",
23日晚间 "the evening of 23 March" (22 of the 90 bare days in the WMT21 pairs of ../shared and 24 of 57 in the
702 held apart, whose news is all of July). A reader cannot see that the month is made up.

So a bare day is a term, enforced like a glossary term: "the 25th" (or 25th), and where the sentence names the
month before it (7月5日…6日), that month: "July 6" (or 6 July, July 6th, 6th). A day before 游 or 内 (1日游 a
day trip) is a span of time, not a date, and is left to the model.
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
# a day not after a month (7月25日 is the model's to get right, and it does) nor inside a longer number
_DAY = re.compile(r"(?<![月\d])(?<!月 )(?P<day>[1-9]|[12]\d|3[01])日(?!游|内|以内|之内)")
_MONTH = re.compile(r"(?<!\d)(?P<month>[1-9]|1[0-2])月")


def find(source: str) -> list[Match]:
    """The bare days of a sentence (Simplified-normalised) as term matches."""
    found = []
    for m in _DAY.finditer(source):
        months = list(_MONTH.finditer(source, 0, m.start()))
        month = int(months[-1]["month"]) if months else None
        entry = Entry(m[0], "|".join(english(int(m["day"]), month)), DATE, origin=ORIGIN)
        found.append(Match(m.start(), m.end(), entry))
    return found


def english(day: int, month: int | None = None) -> list[str]:
    """The accepted renderings of a day, the one put in first: "the 25th"; with its month "July 6"."""
    nth = f"{day}{'th' if 10 <= day <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(day % 10, 'th')}"
    if month is None:
        return [f"the {nth}", nth]
    name = MONTHS[month - 1]
    return [f"{name} {day}", f"{day} {name}", f"{name} {nth}", nth]
