"""Amounts by rule: Chinese counts in 万 and 亿 and sums of money, rendered as English news writes them.

Chinese counts in ten-thousands (万) and hundred-millions (亿); English in thousands, millions and billions. The
model states about one amount in three wrongly on real posts and news (benchmarks/amounts_accuracy.py):
9191.4万 "9.9114 million" for 91.914 million, 9.5002万美元 "$95.020 million" for $95,002, 2000亿日元
"Yen20 billion"; and it writes 元 as dollars (300万元 "$3 million"). A reader cannot see such an error. So each
amount is a term with its English worked out here, enforced like a glossary term: the model's own sentence stays
wherever it already has the amount right (in any of the forms English writes it), and the others get it by the
glossary's steps.

    find(source) -> [Match]       the amounts of a Simplified sentence, as term matches (Entry category "amount")
    english(value, currency) -> the accepted renderings of one amount, the style's first

Style (Reuters): 91.914 million, 95,002, $30 billion, 3 million yuan, 100 million yen, 4.4 trillion won,
HK$30 million, NT$5 million, 2 million euros, £5 million. Amounts in digits only; a bare 元 is yuan only in a
sentence written in Simplified (in Hong Kong and Taiwan it is their dollar, left to the model as a number).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match

__all__ = ["AMOUNT", "Currency", "english", "find"]

AMOUNT = "amount"  # the Entry category of an amount
ORIGIN = "rule:amounts"

MULTIPLIERS = {
    "万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10, "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "万": Decimal(10) ** 4, "千": Decimal(10) ** 3,
}
SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


@dataclass(frozen=True)
class Currency:
    """How English writes a sum in this currency: symbol before the number, or a word after it; then the other
    forms a reader takes as the same."""

    symbol: str = ""  # $ HK$ NT$ £ €
    word: str = ""  # yuan yen won euros
    also: tuple[str, ...] = ()  # other forms, "{n}" for the number

    def forms(self, number: str) -> list[str]:
        first = f"{self.symbol}{number}" if self.symbol else f"{number} {self.word}"
        return [first, *(form.format(n=number) for form in self.also)]


DOLLAR = Currency("$", also=("US${n}", "{n} US dollars", "{n} dollars", "USD {n}", "USD{n}"))
YUAN = Currency(word="yuan", also=("{n} renminbi", "RMB {n}", "RMB{n}", "{n} RMB", "CNY {n}", "{n} Chinese yuan"))
YEN = Currency(word="yen", also=("¥{n}", "JPY {n}", "{n} Japanese yen"))
WON = Currency(word="won", also=("₩{n}", "{n} Korean won", "{n} South Korean won", "KRW {n}"))
HONG_KONG_DOLLAR = Currency("HK$", also=("{n} Hong Kong dollars", "HKD {n}"))
TAIWAN_DOLLAR = Currency("NT$", also=("{n} New Taiwan dollars", "{n} Taiwan dollars", "TWD {n}"))
CURRENCIES: dict[str, Currency] = {
    "美元": DOLLAR, "美金": DOLLAR,
    "元人民币": YUAN, "人民币": YUAN,
    "日元": YEN, "日圆": YEN,
    "韩元": WON, "韩圆": WON,
    "欧元": Currency(word="euros", also=("€{n}", "{n} euro", "EUR {n}")),
    "英镑": Currency("£", also=("{n} pounds", "{n} pounds sterling", "GBP {n}")),
    "港元": HONG_KONG_DOLLAR, "港币": HONG_KONG_DOLLAR,
    "新台币": TAIWAN_DOLLAR, "台币": TAIWAN_DOLLAR,
    "澳元": Currency("A$", also=("{n} Australian dollars", "AUD {n}")),
    "加元": Currency("C$", also=("{n} Canadian dollars", "CAD {n}")),
    "卢布": Currency(word="rubles", also=("{n} roubles",)),
}
NUMBER_ONLY = Currency()

# thousands separated by commas or, as some outlets write them, spaces (19 000亿美元)
_NUM = r"(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:,\d{3})*)(?:\.\d+)?"
_MULT = "|".join(sorted(MULTIPLIERS, key=len, reverse=True))
_AFTER = "|".join(sorted([*CURRENCIES, "元"], key=len, reverse=True))
_BEFORE = "人民币|美金|港币|新台币"
_AMOUNT = re.compile(
    rf"(?<![\d.,亿万千百])(?<!\d )(?P<before>{_BEFORE})?(?P<num>{_NUM})\s*"
    # 7亿7586万, 32万1000 (the rest written in full), or one multiplier not followed by more digits (3亿5千万 is not
    # read here)
    rf"(?:亿(?P<wan>\d{{1,4}})万|万(?P<units>\d{{3,4}})(?![\d.,万亿])|(?P<mult>{_MULT})(?!\d))?"
    rf"(?:\s*(?P<cur>{_AFTER}))?"
)
# 千 is a multiplier only where it is not the start of a metric unit (千米 kilometre, 千克 kilogram, 千瓦 kilowatt).
_METRIC_AFTER_QIAN = tuple("米克瓦卡焦帕伏赫兆字")
_RANGE_BEFORE = re.compile(r"\d\s*[～~〜至到\-–—]\s*$")


def find(source: str, simplified_script: bool = True) -> list[Match]:
    """The amounts of a sentence (Simplified-normalised) as term matches: a count in 万/亿 (with or without a
    currency) or a sum of money in a named currency. simplified_script: the sentence was written in Simplified, so
    a bare 元 is yuan."""
    found = []
    for m in _AMOUNT.finditer(source):
        parsed = _parse(m, source, simplified_script)
        if parsed is None:
            continue
        end, value, currency = parsed
        entry = Entry(source[m.start():end], "|".join(english(value, currency)), AMOUNT, origin=ORIGIN)
        found.append(Match(m.start(), end, entry))
    return found


def _parse(m: re.Match[str], source: str, simplified_script: bool) -> tuple[int, Decimal, Currency] | None:
    """(end, value, currency) of an amount match, or None where it is not one this reads."""
    wan, units, mult = m.group("wan"), m.group("units"), m.group("mult")
    if mult and (source.startswith("分之", m.end("mult"))  # 万分之一: one in ten thousand
                 or mult == "千" and source[m.end("mult"):m.end("mult") + 1].startswith(_METRIC_AFTER_QIAN)):
        return None
    if _RANGE_BEFORE.search(source[:m.start()]):
        return None  # 200～500万韩元: the first number shares the multiplier; English says it otherwise
    currency = _currency(m, simplified_script)
    if currency is None or (not (wan or units or mult) and currency is NUMBER_ONLY):
        return None  # a plain number: the model copies it
    try:
        value = Decimal(re.sub(r"[,\s]", "", m.group("num")))
    except InvalidOperation:
        return None
    if wan:
        value = value * MULTIPLIERS["亿"] + Decimal(wan) * MULTIPLIERS["万"]
    elif units:
        value = value * MULTIPLIERS["万"] + Decimal(units)
    elif mult:
        value *= MULTIPLIERS[mult]
    if not value:
        return None
    # a bare 元 in Hong Kong or Taiwan is their dollar: the number only
    end = m.start("cur") if m.group("cur") == "元" and not simplified_script else m.end()
    return m.start() + len(source[m.start():end].rstrip()), value, currency


def _currency(m: re.Match[str], simplified_script: bool) -> Currency | None:
    """The currency of an amount match (NUMBER_ONLY for none); None where the two it names disagree."""
    cur, before = m.group("cur"), m.group("before")
    after = (YUAN if simplified_script else None) if cur == "元" else CURRENCIES[cur] if cur else None
    if before:
        if after is not None and cur != "元" and after != CURRENCIES[before]:
            return None  # 人民币300万美元: not something to guess
        return CURRENCIES[before]
    return after or NUMBER_ONLY


def english(value: Decimal, currency: Currency = NUMBER_ONLY) -> list[str]:
    """The renderings that count as this amount, the style's first: 91.914 million and 91,914,000; $95,002."""
    forms: list[str] = []
    for number in _numbers(value):
        if currency is NUMBER_ONLY:
            forms.append(number)
        else:
            forms.extend(currency.forms(number))
    return list(dict.fromkeys(forms))


def _numbers(value: Decimal) -> list[str]:
    numbers = []
    for n, (scale, word) in enumerate(SCALES):
        if value >= scale:
            numbers.append(f"{_plain(value / scale)} {word}")
            lower = value / (scale / 1000)  # 4,142 million for 4.142 billion
            if n + 1 < len(SCALES) and lower == lower.to_integral_value() and lower < 1_000_000:
                numbers.append(f"{_plain(lower)} {SCALES[n + 1][1]}")
            break
    if value == value.to_integral_value() and value < Decimal(10) ** 13:
        numbers.append(_plain(value))
        numbers.append(str(int(value)))
        if value < 1_000_000:
            numbers.append(f"{int(value):,}".replace(",", " "))
            if value >= 1000 and value % 1000 == 0:
                numbers.append(f"{int(value) // 1000} thousand")
    elif value < 1_000_000:
        numbers.append(_plain(value))
    if value == 500_000:
        numbers.append("half a million")
    return list(dict.fromkeys(numbers))


def _plain(value: Decimal) -> str:
    """A number with thousands commas and no trailing zeros after the point: 91.914, 95,002, 1.32."""
    text = f"{value.normalize():,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
