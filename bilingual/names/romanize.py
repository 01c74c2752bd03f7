"""Hanyu Pinyin for names, by the rules of the standard (GB/T 16159, GB/T 28039): no tones, syllables of a name
joined, an apostrophe before a syllable that starts with a, o or e (Xi'an), ü written ü, a person's surname
first and the given name as one word (Zheng Zeguang), each capitalised.

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
