"""Romanisation of names, by region.

- Mainland: Hanyu Pinyin by the rules of the standard (GB/T 16159, GB/T 28039): no tones, syllables of a name
  joined, an apostrophe before a syllable that starts with a, o or e (Xi'an), ü written ü, a person's surname
  first and the given name as one word (Zheng Zeguang), each capitalised.
- Taiwan: Wade–Giles as Taiwan's passports and press write names: no apostrophes or umlauts, the given name's
  syllables joined by a hyphen (张淑伶 Chang Shu-ling, 柯文哲 Ko Wen-che; established forms such as
  Tsai Ing-wen or Ko Wen-je come from the curated list), a few surnames in their usual
  forms (李 Lee, 郭 Kuo).
- Hong Kong and Macau: the Hong Kong government's Cantonese romanisation, as on identity cards: the Cantonese
  reading of each character (Jyutping, from the ToJyutping package) respelt by the documented correspondence
  (Jyutping b/d/g -> p/t/k, z/c -> ch (ts before e, eoi, ang, ou), j -> y, aa -> a, oeng -> eung, eoi -> ui,
  eon -> un, ou -> o, yu -> yu, yun -> uen; si -> sze), given name hyphenated (陈浩天 Chan Ho-tin, 谭耀宗 Tam
  Yiu-chung), common surnames in their established forms (李 Lee, 周 Chow, 潘 Poon). Without ToJyutping installed,
  Hong Kong and Macau names are left to the model.

Surnames: pypinyin reads characters by their commonest reading, which for some surnames is wrong (单 dan for
Shan, 曾 ceng for Zeng, 解 jie for Xie). SURNAMES lists the surnames this layer recognises, with the readings
where they differ; pypinyin (0.55) has no surname mode of its own.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

# Surname readings that differ from the commonest reading of the character.
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "查": "zha", "覃": "qin",
    "乐": "yue", "盖": "ge", "缪": "miao", "种": "chong", "秘": "bi", "华": "hua", "任": "ren", "沈": "shen",
    "尉迟": "yuchi", "万俟": "moqi", "长孙": "zhangsun", "澹台": "tantai", "令狐": "linghu", "翟": "zhai",
    "薄": "bo", "员": "yun", "冼": "xian", "宁": "ning", "藏": "zang", "折": "she", "那": "na", "繁": "po",
    "召": "shao", "句": "gou", "能": "nai", "阚": "kan", "过": "guo", "尉": "yu", "燕": "yan", "纪": "ji",
    "祭": "zhai", "重": "chong", "朝": "chao", "隗": "wei", "便": "pian", "蕃": "pi", "角": "jue", "洗": "xian",
}

# Surnames recognised in personal names: the commonest single surnames and the compound ones that still occur.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
    "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛"
    "樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁"
    "冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫"
    "米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁"
    "胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣"
    "晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾"
    "戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由洪萧赖"
    "傅阎鄂代荀贝邴蒯钮訾仉郗庹郦缑谯郏蔚靖"
) | {"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "夏侯", "公孙", "慕容", "司徒", "尉迟", "长孙", "宇文",
     "万俟", "澹台", "端木", "独孤", "南宫", "西门", "百里", "呼延", "轩辕", "钟离", "申屠", "闻人"}


def _syllables(text: str) -> list[str]:
    """Toneless syllables with ü (lü, nü), one per character."""
    return lazy_pinyin(text, style=Style.NORMAL, v_to_u=True, errors="ignore")


def join_syllables(syllables: list[str]) -> str:
    """One word: syllables joined, an apostrophe before a later syllable starting with a, o or e."""
    word = ""
    for n, syllable in enumerate(syllables):
        if n and syllable[:1] in ("a", "o", "e"):
            word += "'"
        word += syllable
    return word


def place_pinyin(name: str) -> str:
    """石家庄 -> Shijiazhuang, 西安 -> Xi'an (the name as written: suffixes are the caller's choice)."""
    word = join_syllables(_syllables(name))
    return word[:1].upper() + word[1:]


def split_surname(name: str) -> tuple[str, str] | None:
    """(surname, given name) of a Chinese personal name, or None when it does not start with a known surname."""
    for size in (2, 1):
        surname, given = name[:size], name[size:]
        if surname in SURNAMES and 1 <= len(given) <= 2:
            return surname, given
    return None


def person_pinyin(surname: str, given: str) -> str:
    """郑 + 泽光 -> Zheng Zeguang; 单 + 霁翔 -> Shan Jixiang."""
    family = SURNAME_READINGS.get(surname) or join_syllables(
        [SURNAME_READINGS.get(c) or s for c, s in zip(surname, _syllables(surname), strict=False)]
    )
    # The given name read character by character with each one's commonest reading: phrase readings are
    # for words, and a given name is not one.
    given_word = join_syllables([_syllables(c)[0] if _syllables(c) else "" for c in given])
    return f"{family[:1].upper()}{family[1:]} {given_word[:1].upper()}{given_word[1:]}"


# --- Taiwan: Wade–Giles -------------------------------------------------------------------------------------------
# Pinyin initials -> Wade–Giles as Taiwan writes names (no apostrophes, no umlauts: Chang, Hsieh, Tsai).
_WG_INITIALS = (("zh", "ch"), ("ch", "ch"), ("sh", "sh"), ("b", "p"), ("p", "p"), ("d", "t"), ("t", "t"),
                ("g", "k"), ("k", "k"), ("j", "ch"), ("q", "ch"), ("x", "hs"), ("z", "ts"), ("c", "ts"),
                ("r", "j"), ("s", "s"))
_WG_WHOLE = {"zhi": "chih", "chi": "chih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tzu", "si": "ssu",
             "er": "erh", "yi": "i", "ye": "yeh", "you": "yu", "yan": "yen", "yong": "yung", "yue": "yueh",
             "yu": "yu", "yuan": "yuan", "yun": "yun", "ge": "ko", "ke": "ko", "he": "ho", "e": "o",
             "gui": "kuei", "kui": "kuei", "lue": "lueh", "nue": "nueh", "lü": "lu", "nü": "nu", "lüe": "lueh"}
TAIWAN_SURNAMES = {"李": "Lee", "郭": "Kuo", "罗": "Lo", "何": "Ho", "许": "Hsu", "叶": "Yeh", "卓": "Cho"}


def wade_giles(syllable: str) -> str:
    """One toneless pinyin syllable -> Taiwan's Wade–Giles spelling (zhang -> chang, xiang -> hsiang)."""
    s = syllable.lower().replace("v", "ü")
    if s in _WG_WHOLE:
        return _WG_WHOLE[s]
    initial, final = "", s
    for py, wg in _WG_INITIALS:
        if s.startswith(py):
            initial, final = wg, s[len(py):]
            break
    if initial in ("ch", "hs") and s[:1] in "jqx":  # j/q/x + u is ü: ju -> chü, written chu
        final = final.replace("ü", "u")
        final = {"ue": "ueh", "uan": "uan", "un": "un", "u": "u"}.get(final, final)
    if final == "ong":
        final = "ung"
    elif final == "iong":
        final = "iung"
    elif final == "ian":
        final = "ien"
    elif final == "ie":
        final = "ieh"
    elif final == "uo":
        final = "uo" if initial in ("k", "h", "sh") else "o"
    elif final == "e" and initial in ("k",):
        final = "o"
    elif final == "ui" and initial == "k":
        final = "uei"
    return (initial + final).replace("ü", "u")


def person_wade_giles(surname: str, given: str) -> str:
    """张 + 淑伶 -> Chang Shu-ling; 蔡 + 英文 -> Tsai Ing-wen."""
    family = TAIWAN_SURNAMES.get(surname) or "".join(
        wade_giles(SURNAME_READINGS.get(c) or lazy_pinyin(c, style=Style.NORMAL)[0]) for c in surname)
    syllables = [wade_giles(lazy_pinyin(c, style=Style.NORMAL, v_to_u=True)[0]) for c in given]
    return f"{family[:1].upper()}{family[1:]} {'-'.join(syllables).capitalize()}"


# --- Hong Kong: the government's Cantonese romanisation --------------------------------------------------------
# Surnames whose established spelling differs from the rule's (李 lei5 is Lee on identity cards, not Lei).
HK_SURNAMES = {"李": "Lee", "利": "Lee", "周": "Chow", "邹": "Chow", "罗": "Law", "潘": "Poon", "石": "Shek",
               "岑": "Sham", "沈": "Shum", "邵": "Shiu", "柯": "Or", "欧阳": "Au-Yeung", "司徒": "Szeto",
               "上官": "Sheung-Kwun", "黄": "Wong", "吴": "Ng", "郑": "Cheng", "曾": "Tsang"}
_JP_INITIALS = ("gw", "kw", "ng", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "w", "z", "c", "s", "j")
_HK_INITIAL = {"b": "p", "d": "t", "g": "k", "gw": "kw", "z": "ch", "c": "ch", "j": "y"}
_HK_FINAL = {"aa": "a", "aai": "ai", "aau": "au", "aam": "am", "aan": "an", "aang": "ang", "aap": "ap", "aat": "at",
             "aak": "ak", "oeng": "eung", "oek": "euk", "eoi": "ui", "eon": "un", "eot": "ut", "ou": "o",
             "yun": "uen", "yut": "uet"}


def cantonese_syllable(jyutping: str) -> str:
    """One Jyutping syllable (tone number ignored) -> the Hong Kong government's spelling (hou6 -> ho,
    zoeng1 -> cheung, si1 -> sze, jyut6 -> yuet)."""
    s = jyutping.rstrip("123456")
    if s in ("m", "ng"):
        return s
    initial = next((i for i in _JP_INITIALS if s.startswith(i) and len(s) > len(i)), "")
    final = s[len(initial):]
    if initial == "j" and final.startswith("yu"):
        return "yu" if final == "yu" else "y" + _HK_FINAL.get(final, final)  # 余 Yu, 源 Yuen, 月 Yuet
    if final == "i" and initial in ("s", "z", "c"):
        return "sze" if initial == "s" else "chi"
    if final == "yu" and initial:
        return "shu" if initial == "s" else _HK_INITIAL.get(initial, initial) + "u"  # 書 Shu, 朱 Chu
    spelt_initial = _HK_INITIAL.get(initial, initial)
    if initial in ("z", "c") and final in ("e", "eoi", "ang", "ou"):
        spelt_initial = "ts"  # 謝 Tse, 徐 Tsui, 曾 Tsang, 曹 Tso
    return spelt_initial + _HK_FINAL.get(final, final)


def person_cantonese(surname: str, given: str) -> str | None:
    """陈 + 浩天 -> Chan Ho-tin; 谭 + 耀宗 -> Tam Yiu-chung. None when ToJyutping is not installed."""
    try:
        import ToJyutping  # type: ignore[import-untyped]
    except ImportError:
        return None
    readings = [r for _, r in ToJyutping.get_jyutping_list(surname + given)]
    if len(readings) != len(surname + given) or not all(readings):
        return None
    family = HK_SURNAMES.get(surname) or "".join(cantonese_syllable(r) for r in readings[:len(surname)])
    syllables = [cantonese_syllable(r) for r in readings[len(surname):]]
    return f"{family[:1].upper()}{family[1:]} {'-'.join(syllables).capitalize()}"


def person_name(surname: str, given: str, region: str = "mainland") -> str | None:
    """A Chinese personal name in its region's romanisation: "tw" Wade–Giles, "hk" (and "mo") Cantonese,
    anything else Hanyu Pinyin. None when the region's romanisation cannot be made here."""
    if region == "tw":
        return person_wade_giles(surname, given)
    if region in ("hk", "mo"):
        return person_cantonese(surname, given)
    return person_pinyin(surname, given)
