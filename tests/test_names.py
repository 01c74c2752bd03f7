"""Names layer and the word gate: pinyin rules, the gazetteer, person detection, Hong Kong/Taiwan names left alone,
terms only where they are words; and on the real model, names that come out right in the translation."""

import csv
import json

import pytest
from conftest import run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

import bilingual
from bilingual import script
from bilingual.glossary import Glossary
from bilingual.names import ORIGIN_GAZETTEER, ORIGIN_PINYIN, open_names
from bilingual.names.gazetteer import load_gazetteer
from bilingual.names.romanize import person_pinyin, place_pinyin, split_surname


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return bilingual.load_glossary()


@pytest.fixture(scope="module")
def names(glossary):
    return open_names(glossary.segmenter, glossary.index.forms())


def forced(glossary, names, sentence: str) -> dict[str, tuple[str, str]]:
    """term -> (rendering, origin) of everything forced in a sentence, as the translator merges them."""
    source = script.to_model_input(sentence)
    terms = glossary.terms_in(source).merged(names.find(sentence, source))
    return {source[m.start:m.end]: (m.entry.rendering, m.entry.provenance) for m in terms.matches}


def test_pinyin_rules():
    assert place_pinyin("石家庄") == "Shijiazhuang"
    assert place_pinyin("新乐") == "Xinle"
    assert place_pinyin("西安") == "Xi'an"  # apostrophe before a syllable starting with a vowel
    assert person_pinyin(*split_surname("郑泽光")) == "Zheng Zeguang"
    assert person_pinyin(*split_surname("杨海英")) == "Yang Haiying"
    assert person_pinyin(*split_surname("单霁翔")) == "Shan Jixiang"  # surname reading, not dan
    assert person_pinyin(*split_surname("曾庆红")) == "Zeng Qinghong"  # not ceng
    assert person_pinyin(*split_surname("欧阳娜娜")) == "Ouyang Nana"  # compound surname
    assert split_surname("勒德里昂") is None


def test_gazetteer_drops_suffixes_sensibly():
    gazetteer = load_gazetteer()
    assert len(gazetteer) > 3000
    assert gazetteer.get("石家庄市").english == "Shijiazhuang"
    assert gazetteer.get("石家庄").english == "Shijiazhuang"
    assert gazetteer.get("新乐市").english == "Xinle"
    assert gazetteer.get("临沭县").english.split("|")[0] == "Linshu County"
    assert gazetteer.get("玄武区").english.split("|")[0] == "Xuanwu District"
    assert gazetteer.get("内蒙古").english == "Inner Mongolia"
    # everyday words that are also the short names of some district are not places on their own
    for word in ("和平", "友谊", "平原", "新建", "商城"):
        assert gazetteer.get(word) is None, word
    # prefecture-level cities jieba's tags call words (遵义 v, 合肥 n) are places alone; words they are not
    for city, english in (("遵义", "Zunyi"), ("合肥", "Hefei"), ("银川", "Yinchuan"), ("烟台", "Yantai")):
        assert gazetteer.get(city).english == english
    assert gazetteer.get("开封") is None  # "to unseal"; 开封市 is Kaifeng
    assert gazetteer.get("开封市").english == "Kaifeng"


def test_a_city_named_without_its_suffix(glossary, names):
    # the model wrote "Guizhou Compliance" for 遵义 (a blind review's paragraph); the 合肥 "Hoi Fat"
    found = forced(glossary, names, "邀请浙江嘉兴、贵州遵义、陕西延安等8个外省地市参展，合肥也派了人。")
    assert found["遵义"][0] == "Zunyi" and found["合肥"][0] == "Hefei"


def test_mainland_person_and_places_get_pinyin(glossary, names):
    found = forced(glossary, names, "中国驻英国大使郑泽光表示，河北省石家庄市新乐市出现疫情。")
    assert found["郑泽光"][0] == "Zheng Zeguang"  # listed (world.tsv) since; 袁征 below is the pinyin rule's
    assert found["石家庄市"] == ("Shijiazhuang", ORIGIN_GAZETTEER)
    assert found["新乐市"] == ("Xinle", ORIGIN_GAZETTEER)
    assert found["河北省"] == ("Hebei", ORIGIN_GAZETTEER)
    assert found["中国"][1].startswith("glossary:diplomatic.tsv:")  # the glossary's own terms, with file:line
    assert forced(glossary, names, "外交部发言人袁征指出")["袁征"] == ("Yuan Zheng", ORIGIN_PINYIN)


def test_hong_kong_and_taiwan_names_are_never_pinyinised(glossary, names):
    listed = forced(glossary, names, "香港众志成员陈浩天被捕，民建联谭耀宗称")
    assert listed["陈浩天"][0] == "Chan Ho-tin" and listed["陈浩天"][1].startswith("names:list:persons.tsv:")
    assert listed["谭耀宗"][0] == "Tam Yiu-chung"
    # unknown names beside Hong Kong or Taiwan words are romanised as their region writes names: Hong Kong in
    # the government's Cantonese romanisation, Taiwan in Wade–Giles
    assert forced(glossary, names, "香港立法会主席梁志明表示反对")["梁志明"] == ("Leung Chi-ming", "names:romanised:hk")
    assert forced(glossary, names, "台湾民进党立委陈建国表示")["陈建国"] == ("Chen Chien-kuo", "names:romanised:tw")
    # mainland officials speaking of Taiwan or Hong Kong, and names in Traditional script with nothing
    # mainland or regional about them, are left to the model
    assert "李建华" not in forced(glossary, names, "国台办官员李建华表示，两岸关系")
    # unless a list knows them
    assert forced(glossary, names, "国台办发言人朱凤莲表示，两岸关系")["朱凤莲"][0] == "Zhu Fenglian"
    assert "黄美玲" not in forced(glossary, names, "議員黃美玲表示")
    assert not any(o.startswith("names:pinyin") for _, o in forced(glossary, names, "（編輯：賴言曦/繆宗翰）").values())


def test_foreign_names_come_from_the_list_not_pinyin(glossary, names):
    found = forced(glossary, names, "法国外长勒德里昂与韩国国防部长金宽镇会面")
    assert found["勒德里昂"][0] == "Le Drian"
    assert found["金宽镇"][0] == "Kim Kwan-jin"
    # a transliteration, not Lin Ken: CC-CEDICT's surname (Lincoln) or nothing
    assert forced(glossary, names, "美国总统林肯表示").get("林肯", ("Lincoln",))[0] == "Lincoln"


def test_common_words_tagged_as_names_are_not_names(glossary, names):
    for sentence in ("特朗普的经济顾问表示", "武汉封城一年后", "中央宣传部发文", "经查，赵某玲，女，48岁"):
        origins = [o for _, o in forced(glossary, names, sentence).values()]
        assert ORIGIN_PINYIN not in origins, sentence


def test_glossary_terms_win_over_names(glossary, names):
    # 北京 is a glossary place and a gazetteer place: the glossary entry is the one forced
    assert forced(glossary, names, "北京市政府宣布")["北京"][1].startswith("glossary:")


def test_terms_only_where_they_are_words(glossary):
    def kept_and_skipped(text):
        terms = glossary.terms_in(text)
        return [m.entry.source for m in terms.matches], [m.entry.source for m in terms.skipped]

    kept, skipped = kept_and_skipped("美国会众议院通过了法案")  # 美|国会: the U.S. Congress
    assert "美国" in skipped and "美国" not in kept
    kept, skipped = kept_and_skipped("美国哥伦比亚广播公司公布民调")  # CBS, not Colombia
    assert "哥伦比亚" not in kept and "哥伦比亚广播公司" in kept
    assert kept_and_skipped("提倡香港独立")[1] == ["港独"]  # 香|港独|立
    assert "海地" in kept_and_skipped("来自沿海地区的医护")[1]  # Haiti inside 沿海地区
    # compounds of words keep their terms
    assert "美国" in kept_and_skipped("美国政府宣布")[0]
    assert "外交部发言人" in kept_and_skipped("中国外交部发言人赵立坚说")[0]
    assert "广州" in kept_and_skipped("广州市政府表示")[0]
    # without the gate every match is forced, as before
    plain = Glossary(glossary.entries, words=False)
    assert "美国" in [m.entry.source for m in plain.terms_in("美国会众议院通过了法案").matches]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("郑泽光石家庄美国会香港臺灣，。、 abc1\n\t🙂的说表示市县区")),
               max_size=60))
def test_any_text_gives_names_without_errors(glossary, names, text):
    source = script.to_model_input(text)
    terms = glossary.terms_in(source).merged(names.find(text, source))
    for m in terms.matches:
        assert source[m.start:m.end] in m.entry.match_forms() or m.entry.origin.startswith("names:")
        assert m.entry.rendering


POST = """---
title: 驻英国大使郑泽光谈石家庄疫情
date: 2021-01-22
---
中国驻英国大使郑泽光表示，河北省石家庄市的疫情已经得到控制。

美国会众议院周三通过了一项法案。

香港众志成员陈浩天被捕。

外交部发言人袁征指出，双方应加强合作。
"""


def test_real_model_names_come_out_right(model_info, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2021-01-22-names.md").write_text(POST, encoding="utf-8")
    home, out = tmp_path / "home", tmp_path / "out"
    run = run_cli(["translate", posts, "--out", out, "--quiet", "--format", "html", "--glossary-log", "full"], home,
                  model_info.path)
    assert run.returncode == 0, run.stderr
    by_term = {r["term"]: r for r in csv.DictReader((out / "glossary-report.csv").open(encoding="utf-8"))}
    assert by_term["郑泽光"]["origin"].startswith("names:list:") and by_term["郑泽光"]["violations"] == "0"
    assert by_term["袁征"]["origin"] == ORIGIN_PINYIN and by_term["袁征"]["violations"] == "0"
    assert by_term["石家庄市"]["origin"] == ORIGIN_GAZETTEER
    rows = list(csv.DictReader((out / "glossary-log.csv").open(encoding="utf-8")))  # every occurrence
    page = next(p for p in (out / "html").rglob("*.html") if "names" in p.name).read_text(encoding="utf-8")
    assert "Zheng Zeguang" in page and "Shijiazhuang" in page
    assert "Chan Ho-tin" in page  # the listed romanisation, not Chen Haotian
    congress = next(r for r in rows if "众议院" in r["term"])["translation"]
    assert "United States They" not in congress and "美国" not in by_term
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["glossary"]["skipped_not_words"] >= 1
    assert report["glossary"]["matched_by_origin"]["names:pinyin"] >= 1

    # --no-names: the layer is off, the glossary still works
    plain = run_cli(["translate", posts, "--out", tmp_path / "plain", "--quiet", "--format", "html", "--no-names"],
                    home, model_info.path)
    assert plain.returncode == 0, plain.stderr
    plain_rows = list(csv.DictReader((tmp_path / "plain" / "glossary-report.csv").open(encoding="utf-8")))
    assert plain_rows and not any(r["origin"].startswith("names:") for r in plain_rows)


def test_cache_key_changes_with_the_occurrences_not_only_the_entries(glossary):
    once = glossary.terms_in("美国表示反对")
    twice = glossary.terms_in("美国表示美国反对")
    assert once.entries == twice.entries and once.key != twice.key


def test_dictionary_names_companies_media_places_officials(glossary, names):
    # CC-CEDICT's proper names (data/cedict-names.tsv): what the model translated word by word ("100 degrees",
    # "Internet-friendly", "new wave of microblogging", "outer beach") or read as a word (韩正 "Korea")
    found = forced(glossary, names, "网民说：网易对面是新浪微博，背后是百度，国务院副总理韩正昨天到外滩视察。")
    assert found["网易"][0] == "NetEase"
    assert found["新浪微博"][0] == "Sina Weibo"
    assert found["百度"][0] == "Baidu"
    assert found["韩正"][0] == "Han Zheng"
    assert found["外滩"][0] == "Shanghai Bund"
    assert found["网易"][1].startswith("names:list:cedict-names.tsv:")


def test_dictionary_names_only_as_whole_words(glossary, names):
    assert "日电" not in forced(glossary, names, "新华社北京1月22日电，国务院发布通知。")  # 日电 NEC: a dispatch here
    # listed (华山 Mt Hua, 中华 China) but here inside a longer word: not forced
    for word, sentence in (("华山", "我们一起去华山路吃饭。"), ("中华", "他很有中华民族的自豪感。")):
        assert names.dictionary.match(sentence)
        assert word not in forced(glossary, names, sentence)
    assert "联想" not in forced(glossary, names, "这让人联想到去年的事。")  # Lenovo and a word: left out of the list


def test_streets_districts_and_institutions_by_rule(glossary, names):
    # real shapes from the corpus: a street and a district the gazetteer lacks, a county's detention centre
    found = forced(glossary, names, "辽宁省沈阳市法轮功学员陈玉梅在滂江街万泉小区附近遭到大东区长安派出所"
                                    "警察暴力绑架。")
    assert found["滂江街"] == ("Pangjiang Street", "names:rule")
    assert found["大东区"][0] == "Dadong District"
    assert "万泉小区" not in found and "小区" not in found
    found = forced(glossary, names, "2020年12月14日，内蒙古赤峰市元宝山区街道、公安大面积出动。")
    assert found["元宝山区"][0] == "Yuanbaoshan District"  # not 元宝 (Yuanbao, a district of Dandong) + 山区
    assert forced(glossary, names, "他被关押在临沭县看守所。")["临沭县看守所"][0] == "Linshu County Detention Center"
    found = forced(glossary, names, "他住在上海福州路，后来搬到南京东路和天宫院街。")
    assert found["福州路"][0] == "Fuzhou Road"  # the gazetteer's place, not the model's "Fukushima Road"
    assert found["南京东路"][0] == "Nanjing East Road"
    assert found["天宫院街"][0] == "Tiangongyuan Street"
    assert forced(glossary, names, "送往临沂市人民医院抢救")["临沂市人民医院"][0] == "Linyi People's Hospital"
    # a province's or city's departments and bodies, as China's own English names them
    found = forced(glossary, names,
                   "记者从广东海警局了解到，该局联合广州海关、重庆市水利局和湖北省人民检察院开展行动。")
    assert [found[t][0] for t in ("广东海警局", "广州海关", "重庆市水利局", "湖北省人民检察院")] == [
        "Guangdong Coast Guard Bureau", "Guangzhou Customs", "Chongqing Water Resources Bureau",
        "Hubei People's Procuratorate"]
    assert forced(glossary, names, "广东省卫健委通报")["广东省卫健委"][0] == "Guangdong Health Commission"
    assert not [t for t, (_, origin) in forced(glossary, names, "我们从海关了解到，香港海关也在查。").items()
                if origin == "names:rule"]  # no place before it, or a place outside the mainland
    # a name that holds a glossary term is the more specific reading: Peking University, not Beijing + 大学
    assert forced(glossary, names, "许那毕业于北京大学，是一位画家。")["北京大学"][0] == "Peking University"


def test_no_street_or_district_from_common_words(glossary, names):
    sentence = ("我不知道报道中的地区，他们小区和宝鼎社区、商业街、住宅区、高速公路、偏远山区、新疆自治区和北京地区"
                "都有人流落街头。")
    found = forced(glossary, names, sentence)
    assert not [t for t, (_, origin) in found.items() if origin == "names:rule"], found
    # Japanese prefectures and Hong Kong streets are not pinyin
    assert "长野县" not in forced(glossary, names, "至新潟县和长野县的滑雪场")
    assert "弥敦道" not in forced(glossary, names, "香港旺角弥敦道有示威者聚集")
    assert "广东道" not in forced(glossary, names, "香港尖沙咀广东道的商店")


def test_region_romanisations():
    from bilingual.names.romanize import cantonese_syllable, person_name
    assert [cantonese_syllable(s) for s in ("hou6", "zoeng1", "si1", "jyut6", "ceoi4", "zang1", "gwok3", "zyu1")] == [
        "ho", "cheung", "sze", "yuet", "tsui", "tsang", "kwok", "chu"]
    assert person_name("陈", "浩天", "hk") == "Chan Ho-tin"  # as the curated list has him
    assert person_name("谭", "耀宗", "hk") == "Tam Yiu-chung"
    assert person_name("黄", "之锋", "hk") == "Wong Chi-fung"
    assert person_name("李", "家超", "hk") == "Lee Ka-chiu"  # the surname's established form
    assert person_name("张", "淑伶", "tw") == "Chang Shu-ling"
    assert person_name("郑", "泽光") == "Zheng Zeguang"


def test_persons_by_anchors_and_lists(glossary, names):
    # real shapes from posts-more: victims listed without a title or verb, a list vouched for by 等, a list whose
    # member jieba cut into a place (赵|福田), a title before a name jieba tags as a place (罗干/ns)
    found = forced(glossary, names, "目前已知被绑架到洗脑班的有：王艳平、王凤华、薛向山、宁艳梅、刘亚茹；")
    assert [found[n][0] for n in ("王艳平", "王凤华", "薛向山", "宁艳梅", "刘亚茹")] == [
        "Wang Yanping", "Wang Fenghua", "Xue Xiangshan", "Ning Yanmei", "Liu Yaru"]
    found = forced(glossary, names, "目前，已知被绑架的法轮功学员有；李保霞、占某、张玉、彭延松、赵福田等人。")
    assert found["赵福田"][0] == "Zhao Futian" and "福田" not in found and "占某" not in found
    assert forced(glossary, names, "中央处理法轮功问题领导小组副组长罗干进行过一次秘密谈话")["罗干"][0] == "Luo Gan"
    assert forced(glossary, names, "沈阳市法轮功学员陈玉梅（女，四十八岁）遭到绑架")["陈玉梅"][0] == "Chen Yumei"
    assert forced(glossary, names, "（大纪元记者洪宁、张顿采访报导）")["张顿"][0] == "Zhang Dun"
    # lists of places and of common words are not names; nor is a website before 报导
    found = forced(glossary, names, "北京、上海、江苏、浙江和广东等地，明慧网报导")
    assert not [t for t, (_, o) in found.items() if o == ORIGIN_PINYIN], found
    assert "斯琴" not in forced(glossary, names, "白盛珍、项华、斯琴、姜海燕等")  # 斯: a transliteration


def test_persons_by_more_anchors_and_surnames(glossary, names):
    # written for the shapes of WMT21's held-apart dev half (lines 1-351): 傅 is a common surname; a name opening
    # a clause whose verb of saying comes later; titles of work and rank (村干部, 指挥家); a list of five whose
    # first member jieba cut apart (雷|佳音) still vouched for by the other four
    assert forced(glossary, names, "傅振宇说，他今年种了六十亩水稻。")["傅振宇"][0] == "Fu Zhenyu"
    # a name jieba cuts apart, its given name read as a word (傅|建国|说), beside a verb of saying or a title
    assert forced(glossary, names, "傅建国说，他今年种了六十亩水稻。")["傅建国"][0] == "Fu Jianguo"
    assert not [t for t, (_, o) in forced(glossary, names, "李强调了这一点，王府井大街很热闹。").items()
                if o == ORIGIN_PINYIN]
    # no title, form of address, verb or adjective read as a given name; no word that modifies the subject
    for sentence in ("王主任说", "李书记表示", "王总说", "李奶奶说", "负责人葛平坦言", "主任王强调", "胡萝卜种植户说，",
                     "农家乐老板说", "许可证持有人表示将按时整改", "阿荣旗公安局110接到报警称"):
        assert not [t for t, (_, o) in forced(glossary, names, sentence).items() if o == ORIGIN_PINYIN], sentence
    assert forced(glossary, names, "李文辉在推文中说，此举严重违反国际法。")["李文辉"][0] == "Li Wenhui"
    assert forced(glossary, names, "村干部王礼平给他出主意。")["王礼平"][0] == "Wang Liping"
    assert forced(glossary, names, "指挥家杨宏、钢琴家张昊明与乐团同台演出。")["张昊明"][0] == "Zhang Haoming"
    found = forced(glossary, names, "雷佳音、陈宝国、张若昀、孙红雷、黄磊将竞争最佳男主角。")
    assert [found[n][0] for n in ("陈宝国", "张若昀", "孙红雷", "黄磊")] == [
        "Chen Baoguo", "Zhang Ruoyun", "Sun Honglei", "Huang Lei"]
    # no given name 先生; a foreigner after his country and title is no pinyin (杜达 was "Du Da"; the list now has
    # him as Duda), a Chinese premier is
    assert "马先生" not in forced(glossary, names, "马先生说，他在日本工作了十年。")
    assert "高文达" not in forced(glossary, names, "波兰总统高文达在这个月成功连任。")
    assert forced(glossary, names, "中国总理高文达在这个月成功连任。")["高文达"][0] == "Gao Wenda"
    assert forced(glossary, names, "波兰总统杜达在这个月成功连任。")["杜达"][0] == "Duda"


POST_SENTENCES = ["律师梁小军表示，他将继续上诉。", "梁小军的家人也在法院外等候。", "梁说，案件仍在审理中。"]


def test_one_rendering_per_name_per_post(glossary, names):
    # sentence by sentence, only the mention after a title is found; with the post's names every mention is,
    # and the surname standing alone before a verb of saying is his
    alone = [forced(glossary, names, s) for s in POST_SENTENCES]
    assert "梁小军" in alone[0] and "梁小军" not in alone[1] and "梁" not in alone[2]
    post = names.for_post(POST_SENTENCES)
    found = []
    for sentence in POST_SENTENCES:
        source = script.to_model_input(sentence)
        terms = glossary.terms_in(source).merged(post.find(sentence, source))
        found.append({source[m.start:m.end]: (m.entry.rendering, m.entry.provenance) for m in terms.matches})
    assert found[0]["梁小军"] == ("Liang Xiaojun", ORIGIN_PINYIN)
    assert found[1]["梁小军"] == ("Liang Xiaojun", "names:post")
    assert found[2]["梁"] == ("Liang", "names:post")
    # two persons of one surname: the surname alone is nobody's
    two = names.for_post(["律师梁小军表示反对。", "记者梁晓燕报道。", "梁说，案件仍在审理中。"])
    source = script.to_model_input("梁说，案件仍在审理中。")
    assert "梁" not in {source[m.start:m.end] for m in two.find("梁说，案件仍在审理中。", source)}


def test_a_person_a_post_names_in_three_sentences_is_one_person(glossary, names):
    """A profile names its subject again and again with no title or verb beside the name: the model would spell
    each mention another way (a real post gave Xie tsawa, Xie tung-hwa, Xie Zhanghua, Shetenghua)."""
    sentences = ["贺建明的公司去年在上海上市。", "那一年，贺建明四十二岁。", "很多人记得贺建明在工厂里的样子。"]
    post = names.for_post(sentences)
    for sentence in sentences:
        assert [(m.entry.source, m.entry.rendering) for m in post.find(sentence, sentence)
                if m.entry.category == "person"] == [("贺建明", "He Jianming")]
    assert not any(m.entry.category == "person" for m in names.find(sentences[1], sentences[1]))
    # twice is not enough; nor in a Japanese setting, nor in Hong Kong news (whose romanisation is not pinyin)
    assert not [m for m in names.for_post(sentences[:2]).find(sentences[1], sentences[1])]
    japanese = [s.replace("上海", "东京").replace("工厂", "日本的工厂") for s in sentences]
    assert "贺建明" not in names.for_post(japanese).first
    hong_kong = [s.replace("上海", "香港") for s in sentences]
    assert "贺建明" not in names.for_post(hong_kong).first
    # words jieba tags as names that are not: "high school students", "Mr Ma" (a real post gave "Gao Zhongsheng"
    # and "Ma Xiansheng" when these were taken for names)
    for word in ("高中生", "马先生"):
        assert word not in names.for_post([s.replace("贺建明", word) for s in sentences]).first


def test_two_places_in_two_characters_may_be_joined_by_a_hyphen(glossary, names):
    """美加输油管道: the model's "the US-Canada pipeline" renders the name (it was enforced into "the US and Canada
    pipeline")."""
    from bilingual.terms.matching import check

    source = "拜登暂停美加输油管道。"
    terms = glossary.terms_in(source).merged(names.find(source, source))
    assert not check("Biden suspends the US-Canada pipeline.", terms)
    assert not check("Biden suspends the pipeline between the US and Canada.", terms)
    assert check("Biden suspends the pipeline.", terms)


def test_translate_posts_gives_each_post_its_names(tmp_path, glossary, names):
    from test_segment import EchoEngine

    from bilingual.files import SlugRegistry
    from bilingual.options import ScriptChoice
    from bilingual.pipeline import translate_posts
    from bilingual.translate.memory import TranslationMemory
    from bilingual.translate.translator import Translator

    first, second = tmp_path / "a.md", tmp_path / "b.md"
    first.write_text("---\ntitle: 标题\n---\n<p>" + "".join(POST_SENTENCES) + "</p>\n", encoding="utf-8")
    # the same sentence in a post that names nobody: no name forced there, and no cache key shared with it
    second.write_text("---\ntitle: 标题\n---\n<p>梁小军的家人也在法院外等候。</p>\n", encoding="utf-8")
    from bilingual.posts import read_post

    with Translator(EchoEngine(), TranslationMemory(tmp_path / "c.sqlite3"), glossary, names=names) as translator:
        chunk = translate_posts([read_post(first), read_post(second)], translator, ScriptChoice.KEEP,
                                SlugRegistry())
    terms = {(post, r.source): dict(r.terms) for post, _, results in chunk.term_checks for r in results}
    assert terms[("a.md", "梁小军的家人也在法院外等候。")]["梁小军"] == "Liang Xiaojun"
    assert terms[("a.md", "梁说，案件仍在审理中。")]["梁"] == "Liang"
    assert "梁小军" not in terms[("b.md", "梁小军的家人也在法院外等候。")]


def post_forced(glossary, names, sentences: list[str]) -> list[dict[str, str]]:
    """term -> rendering of everything forced in each sentence of a post, with the post's names."""
    post = names.for_post(sentences)
    found = []
    for sentence in sentences:
        source = script.to_model_input(sentence)
        terms = glossary.terms_in(source).merged(post.find(sentence, source))
        found.append({source[m.start:m.end]: m.entry.rendering for m in terms.matches})
    return found


def test_transliterated_surnames_are_not_given_a_famous_first_name(glossary, names):
    # CC-CEDICT knows 蒙哥马利 as Bernard Montgomery and as a surname: the city of Montgomery, Alabama is no general
    found = forced(glossary, names, "民权运动从蒙哥马利开始，彭博报道了这次纪念活动。")
    assert found["蒙哥马利"][0] == "Montgomery"
    assert found["彭博"][0] == "Bloomberg"
    # a surname no famous bearer agrees on stays out (罗斯: Ross as often as Roth), and so do given names
    assert "罗斯" not in forced(glossary, names, "罗斯表示，会谈很有成果。")
    assert "詹姆斯" not in forced(glossary, names, "詹姆斯表示，会谈很有成果。")


def test_curated_foreign_persons_companies_and_media(glossary, names):
    # neither CC-CEDICT nor the glossary has them: the model wrote "Koton", "Beauty Light", "Hailishi"
    found = forced(glossary, names, "共和党参议员科顿和众议员麦考尔批评美光与海力士的做法，明报引述消息说。")
    assert found["科顿"] == ("Cotton", found["科顿"][1]) and found["科顿"][1].startswith("names:list:world.tsv:")
    assert found["麦考尔"][0] == "McCaul"
    assert found["美光"][0] == "Micron"
    assert found["海力士"][0] == "Hynix"
    assert found["明报"][0] == "Ming Pao"
    # whole words only: 美光 is no company inside 完美光线
    assert "美光" not in forced(glossary, names, "这是一种完美光线。")


def test_texas_or_dezhou_by_the_posts_setting(glossary, names):
    # a Taiwan outlet's headline: 德州 alone; the rest of the post is set in the United States
    us = post_forced(glossary, names, ["傳三星擬砸2800億元德州設廠", "三星电子计划在美国得克萨斯州奥斯汀扩建工厂。"])
    assert us[0]["德州"] == "Texas"
    shandong = post_forced(glossary, names, ["德州设厂", "山东省德州市政府表示欢迎美国企业投资。"])
    assert shandong[0]["德州"] == "Dezhou"
    assert forced(glossary, names, "德州今年粮食丰收。")["德州"][0] == "Dezhou"  # nothing American about it


def test_japanese_persons_are_read_in_japanese(glossary, names):
    """In a sentence set in Japan, a surname and given name UniDic knows are read in Japanese, given name first (the
    model read 武藤 as "Wu Teng"); a Chinese name there is not (a one-character surname is left alone)."""
    cases = {
        "新日本制铁会长稻山嘉宽表示，希望加强合作。": ("稻山嘉宽", "Yoshihiro Inayama"),
        "日本经济新闻记者高井宏章报道。": ("高井宏章", "Hiroaki Takai"),
        "日本制铁社长三村明夫做好了准备。": ("三村明夫", "Akio Mimura"),
    }
    for sentence, expected in cases.items():
        found = {k: v[0] for k, v in forced(glossary, names, sentence).items()}
        assert found.get(expected[0]) == expected[1], (sentence, found)
    assert not [o for _, (_, o) in forced(glossary, names, "日本媒体采访了中国学者李明华。").items()
                if o.endswith("japanese")]
    # not in a sentence with nothing Japanese in it, unless its post is set in Japan
    sentence = "会长稻山嘉宽表示，希望加强合作。"
    assert "稻山嘉宽" not in forced(glossary, names, sentence)
    post = names.for_post(["新日本制铁在东京召开会议。", sentence])
    assert [m.entry.rendering for m in post.find(sentence, sentence) if m.entry.source == "稻山嘉宽"] == [
        "Yoshihiro Inayama"]


def test_a_japanese_surname_alone_follows_its_person(names):
    sentences = ["新日本制铁社长三村明夫做好了准备。", "三村认为双方的合作很重要。", "第三村的村民也来了。",
                 "第三村是一个山村。"]
    post = names.for_post(sentences)
    assert [(m.entry.source, m.entry.rendering) for m in post.find(sentences[1], sentences[1])] == [("三村", "Mimura")]
    for inside_a_word in sentences[2:]:  # 第三|村: the surname does not start a word there
        assert not [m for m in post.find(inside_a_word, inside_a_word) if m.entry.category == "person"]
    # a word of its own before anything at all (武藤|的公司, 武藤|将): the post renders him one way throughout
    sentences = ["在日本，武藤笃司（17岁）当上了社长。", "武藤的公司主要接受视频制作订单。", "武藤将工作进行细分。"]
    post = names.for_post(sentences)
    for later in sentences[1:]:
        assert [(m.entry.source, m.entry.rendering) for m in post.find(later, later)
                if m.entry.category == "person"] == [("武藤", "Muto")]


def test_in_a_post_set_in_japan_a_japanese_reading_wins_over_pinyin(names):
    sentences = ["新日本制铁在东京召开会议。", "会长稻山嘉宽表示，希望加强合作。"]
    post = names.for_post(sentences)
    assert [m.entry.origin for m in post.find(sentences[1], sentences[1]) if m.entry.source == "稻山嘉宽"] == [
        "names:japanese"]


def test_japanese_places_with_their_division(glossary, names):
    """In a sentence set in Japan, a place UniDic knows before 县, 府 or 市 is read in Japanese (the model wrote
    千叶县君津市 "Chiba County Jinshi", and the gazetteer matched 津市 inside 君津市)."""
    found = post_forced(glossary, names, ["日本经济新闻报道。", "（1978年10月，千叶县君津市）",
                                          "日本冲绳县那霸市的居民", "日本大阪府知事吉村洋文表示"])
    assert found[1]["千叶县"] == "Chiba Prefecture" and found[1]["君津市"] == "Kimitsu" and "津市" not in found[1]
    assert found[2]["冲绳县"] == "Okinawa Prefecture" and found[2]["那霸市"] == "Naha"
    assert found[3]["大阪府"] == "Osaka Prefecture"
    # 大都|市 (a metropolis) is no place, and outside Japan the Chinese gazetteer reads 苏州市
    assert "大都市" not in forced(glossary, names, "日本的大都市很多。")
    assert forced(glossary, names, "江苏省苏州市")["苏州市"][0] == "Suzhou"


def test_in_a_post_set_in_japan_a_recurring_chinese_name_still_gets_pinyin(names):
    """A Nikkei profile of a Chinese executive (谢企华, in five sentences the model spelt three ways): a name that can
    only be Chinese gets its pinyin though the post is set in Japan; Japanese names there do not (林芳正 reads as a
    Japanese given name, 千速晃 has no common Chinese surname)."""
    sentences = ["日本经济新闻报道，谢企华到访了东京。", "谢企华接受日本经济新闻采访。", "三村对谢企华表示欢迎。",
                 "日本外相林芳正会见了千速晃。", "林芳正说。", "林芳正表示。", "千速晃对日本媒体说。", "千速晃表示。",
                 "千速晃认为。"]
    recurring = {e.source: e.rendering for e in names.recurring([(s, s) for s in sentences])}
    assert recurring == {"谢企华": "Xie Qihua"}


def test_in_japan_a_name_that_reads_as_japanese_gets_no_pinyin_and_pyeongchang_is_in_korea(glossary, names):
    # 武藤 alone, in a post set in Japan, was "Wu Teng"; 平昌 of the 2018 Winter Olympics was "Pingchang"
    found = post_forced(glossary, names, ["日本经济新闻报道了日本的创业公司。", "武藤表示，公司将扩大业务。"])
    assert "武藤" not in found[1]
    assert forced(glossary, names, "平昌冬奥会期间，韩国滑雪场人满为患。")["平昌"][0] == "Pyeongchang"
    assert forced(glossary, names, "四川省平昌县发生洪灾。")["平昌县"][0] == "Pingchang County"


def test_hepburn_as_the_press_writes_names():
    from bilingual.names.japanese import hepburn

    readings = ("ムトウ", "オオノ", "イノウエ", "ハットリ", "キョウコ", "シンイチ", "コウノ", "コウイチ", "ユウイチ",
                "オオウチ")
    assert [hepburn(k) for k in readings] == [
        "Muto", "Ono", "Inoue", "Hattori", "Kyoko", "Shinichi", "Kono", "Koichi", "Yuichi", "Ouchi"]
    assert hepburn("ABC") == ""


def test_rivers_lakes_and_mountains_by_their_names(glossary, names):
    # CC-CEDICT glosses them with where they are ("Dongting Lake in northeast Hunan province"): the name is
    # forced, not the gloss
    found = forced(glossary, names, "洞庭湖水位上涨，永定河、淮河和黄浦江告急，九华山游客滞留。")
    assert found["洞庭湖"][0] == "Dongting Lake" and found["永定河"][0] == "Yongding River"
    assert found["黄浦江"][0] == "Huangpu River" and found["九华山"][0] == "Mount Jiuhua"


def test_a_name_the_model_nearly_spelt_is_written_in_pinyin():
    from bilingual.names.persons import repair_near_misses

    # 傅昆宝 and 张继科, no title or verb beside them, came out so (WMT21 lines)
    assert repair_near_misses("He made an idea for Fu Quinbo.", [("Fu", "Kunbao")]) == "He made an idea for Fu Kunbao."
    assert repair_near_misses("Zhang Jiko also watched.", [("Zhang", "Jike")]) == "Zhang Jike also watched."
    assert repair_near_misses("Din Ming said", [("Ding", "Ming")]) == "Ding Ming said"
    # a spelling too far from it, or another surname, stays
    assert repair_near_misses("Kou Dong-ming said", [("Guo", "Dongming")]) == "Kou Dong-ming said"
    assert repair_near_misses("The Federal Aviation Administration", [("Fei", "Dehang")]) == (
        "The Federal Aviation Administration")
    # right at one mention, nearly at the next: one spelling (two mentions in the source)
    assert repair_near_misses("Fu Kunbao and Fu Quinbo", [("Fu", "Kunbao")] * 2) == "Fu Kunbao and Fu Kunbao"
    # a name already there once for its one mention, or another name of the sentence, is no misspelling
    assert repair_near_misses("Wang Lei met Wang Li.", [("Wang", "Lei")]) == "Wang Lei met Wang Li."
    assert repair_near_misses("Li Ming and Li Min met.", [("Li", "Ming"), ("Li", "Min")]) == "Li Ming and Li Min met."
    # what follows the name stays, and a capitalised word before it does not hide it
    assert repair_near_misses("Zhang Jiko's serve", [("Zhang", "Jike")]) == "Zhang Jike's serve"
    assert repair_near_misses("When Zhang Jiko arrived", [("Zhang", "Jike")]) == "When Zhang Jike arrived"
    assert repair_near_misses("a Zhang Jiko-led team", [("Zhang", "Jike")]) == "a Zhang Jiko-led team"


def test_names_left_to_the_model_are_offered_for_repair(names):
    sentence = "在紧张的比赛中，张继科也在场边仔细观看。"
    assert ("Zhang", "Jike") in names.near(sentence, sentence)
    assert names.near("香港议员张继科也在场。", "香港议员张继科也在场。") == ()  # Hong Kong: not pinyin


def test_a_repair_leaves_the_renderings_of_the_sentence_s_terms_alone():
    from bilingual.names.persons import repair_near_misses

    # a listed Taiwan name enforced, and a list of names the model ran together (律师梁小軍、張磊和彭劍)
    assert repair_near_misses("Lin Yu-fang said", [("Lin", "Yufang")], keep=["Lin Yu-fang"]) == "Lin Yu-fang said"
    assert repair_near_misses("Liang Xiaojun Zhang Lei and Peng Jian", [("Liang", "Xiaojun"), ("Zhang", "Lei")]) == (
        "Liang Xiaojun Zhang Lei and Peng Jian")


def test_a_listed_hong_kong_or_taiwan_person_only_where_the_sentence_is_set_there(glossary, names):
    # common names: Taiwan's central bank governor 杨金龙 is Yang Chin-long, a Nanjing resident Yang Jinlong
    assert forced(glossary, names, "台湾央行总裁杨金龙表示，将维持利率。")["杨金龙"][0] == "Yang Chin-long"
    assert forced(glossary, names, "南京市民杨金龙说，今年菜价上涨。").get("杨金龙", ("",))[0] != "Yang Chin-long"
