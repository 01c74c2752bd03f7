"""News lines by rule: datelines, bylines, editor and credit lines of the archives' outlets (the shapes of real
posts), the names in them in their region's romanisation, the split in segment.py and the translator's hook."""

import json

import pytest

from bilingual import segment
from bilingual.news import find_news_lines, render, romanize_name, wade_giles


@pytest.mark.parametrize(("paragraph", "english", "rest"), [
    # 大纪元: dateline in 【】, byline in （）; both one line
    ("【大纪元2021年01月22日讯】（大纪元记者顾晓华、萧律生报导）黑龙江大庆市民爆料，当地隔离政策乱象丛生。",
     "Jan. 22, 2021 (Epoch Times reporters Gu Xiaohua and Xiao Lüsheng) –",
     "黑龙江大庆市民爆料，当地隔离政策乱象丛生。"),
    ("【大纪元2021年01月23日讯】（大纪元记者洪宁、张顿采访报导）中国黑龙江省再次成为疫情重灾区。",
     "Jan. 23, 2021 (Epoch Times reporters Hong Ning and Zhang Dun) –", "中国黑龙江省再次成为疫情重灾区。"),
    ("【大纪元2021年01月22日讯】（大纪元记者张婷综合报导）中共对多名官员实施制裁。",
     "Jan. 22, 2021 (compiled by Epoch Times reporter Zhang Ting) –", "中共对多名官员实施制裁。"),
    ("【大纪元2021年01月22日讯】1月22日，中共官方通报。", "Jan. 22, 2021 (The Epoch Times) –",
     "1月22日，中共官方通报。"),
    # 中央社 (Traditional; reporters in Wade–Giles as Taiwan writes them)
    ("（中央社記者張淑伶上海22日電）中國國家統計局今天公布數據。",
     "SHANGHAI, the 22nd (CNA reporter Chang Shu-ling) –", "中國國家統計局今天公布數據。"),
    ("（中央社記者余祥台北22日電）中央選舉委員會今天公告。", "TAIPEI, the 22nd (CNA reporter Yu Hsiang) –",
     "中央選舉委員會今天公告。"),
    ("（中央社台北22日電）中國全國人大常委會議今天通過「海警法」。", "TAIPEI, the 22nd (CNA) –",
     "中國全國人大常委會議今天通過「海警法」。"),
    ("（中央社首爾/舊金山22日綜合外電報導）彭博披露消息。",
     "SEOUL/SAN FRANCISCO, the 22nd (CNA, from wire reports) –", "彭博披露消息。"),
    # 路透, 新华社: wire datelines
    ("路透东京1月22日 - 距离东京奥运会开幕还有六个月。", "TOKYO, Jan. 22 (Reuters) –",
     "距离东京奥运会开幕还有六个月。"),
    ("新华社北京1月22日电（记者 张三）国务院今天发布通知。", "BEIJING, Jan. 22 (Xinhua reporter Zhang San) –",
     "国务院今天发布通知。"),
    # 自由时报-style Taiwan byline, 维权网, CDT, 日经中文网 openings
    # WMT-style mainland wire datelines: a space before the byline, reporters apart by spaces, a city abroad
    ("中新网重庆7月26日电 (记者 李明远)记者26日从市水利局获悉。",
     "CHONGQING, July 26 (China News Service reporter Li Mingyuan) –", "记者26日从市水利局获悉。"),
    ("中新网南昌7月26日电(记者 郭立新 熊大为)江西省今天发布通知。",
     "NANCHANG, July 26 (China News Service reporters Guo Lixin and Xiong Dawei) –", "江西省今天发布通知。"),
    ("新华社巴西利亚7月25日电（记者王小川）巴西总统今天宣布。", "BRASILIA, July 25 (Xinhua reporter Wang Xiaochuan) –",
     "巴西总统今天宣布。"),
    ("本报讯(记者 王小明)市园林绿化局今天发布消息。", "(Staff reporter Wang Xiaoming) –", "市园林绿化局今天发布消息。"),
    ("新华社科威特城7月26日电(记者李小鹏 王大伟)也门遭遇强降雨。",  # a capital named for its country
     "KUWAIT CITY, July 26 (Xinhua reporters Li Xiaopeng and Wang Dawei) –", "也门遭遇强降雨。"),
    ("新华社突尼斯7月26日电 突尼斯总统今天宣布。", "TUNIS, July 26 (Xinhua) –", "突尼斯总统今天宣布。"),
    # a correspondent beside the reporter: the dateline alone by rule, the byline to the model
    ("中新网重庆7月26日电 (记者 李明远 通讯员 王小五)记者获悉。", "CHONGQING, July 26 (China News Service) –",
     "(记者 李明远 通讯员 王小五)记者获悉。"),
    ("（記者王寓中／台北報導）立法院今天三讀通過修正案。", "(Reporter Wang Yu-chung, Taipei)",
     "立法院今天三讀通過修正案。"),
    ("（维权网信息中心报道）2021年1月22日，本网获悉。", "(Rights Defense Network information centre) –",
     "2021年1月22日，本网获悉。"),
    ("CDT编者：一位网友遇见一位妇女。", "CDT editor's note:", "一位网友遇见一位妇女。"),
    ("日经中文网特约撰稿人 莫邦富：2年前有一位朋友。", "Nikkei Chinese contributing writer Mo Bangfu:",
     "2年前有一位朋友。"),
])
def test_opening_lines_are_split_off_and_rendered(paragraph, english, rest):
    pieces = segment.split_sentences(paragraph)
    assert "".join(pieces) == paragraph
    assert render(pieces[0].strip()) == english
    assert "".join(pieces[1:]).strip() == rest
    assert render(rest) is None  # the rest is news, for the model


@pytest.mark.parametrize(("line", "english"), [
    ("责任编辑：林诗远", "Editor: Lin Shiyuan"),  # 大纪元
    ("（记者李小红）", "(Reporter Li Xiaohong)"),  # a byline on its own line
    ("（记者王和平）", "(Reporter Wang Heping)"),  # 和 inside a name
    ("（记者张小三和李小四）", "(Reporters Zhang Xiaosan and Li Xiaosi)"),
    ("2020-07-26 17:37:29 来源：人民论坛网 作者：张小明 责任编辑：张小明",  # a news site's source line
     "2020-07-26 17:37:29 Source: People's Tribune; Author: Zhang Xiaoming; Editor: Zhang Xiaoming"),
    ("来源：新华网", "Source: Xinhuanet"),
    ("责任编辑：周仪谦#", "Editor: Zhou Yiqian"),
    ("（編輯：賴言曦/繆宗翰）1100122", "(Editors: Lai Yen-hsi/Miao Tsung-han) 2021-01-22"),  # 中央社, ROC date stamp
    ("（譯者：劉淑琴/核稿：張正芊）1100122", "(Translated by Liu Shu-chin; edited by Chang Cheng-chien) 2021-01-22"),
    ("（中央社檔案照片）", "(CNA file photo)"),
    ("自由亚洲电台记者黄春梅 台北报道 责编 胡力汉 网编 瑞哲",  # 自由亚洲电台
     "RFA reporter Huang Chunmei, Taipei; Editor: Hu Lihan; Web editor: Ruizhe"),
    ("记者：高锋、责编：胡力汉", "Reporter: Gao Feng; Editor: Hu Lihan"),
    ("记者：高锋 责编：胡力汉、何平 网编：瑞哲",
     "Reporter: Gao Feng; Editors: Hu Lihan and He Ping; Web editor: Ruizhe"),
    ("文字整理：李洁思；责任编辑：高静 #", "Compiled by Li Jiesi; Editor: Gao Jing"),  # 大纪元
    ("特约评论员：何燕青", "Contributing commentator: He Yanqing"),  # 维权网
    ("张慈/邹宗翰 (德新社、法新社、路透社)", "Zhang Ci/Zou Zonghan (dpa, AFP, Reuters)"),  # 德国之声
    ("美聯社", "AP"),  # 眾新聞 photo credits
    ("美聯社資料圖片", "AP file photo"),
    ("網上截圖", "Online screenshot"),
    ("Facebook截圖", "Facebook screenshot"),
    ("(截图自推特)", "(Screenshot from Twitter)"),  # 自由亚洲电台
    ("(路透社)", "(Reuters)"),
    ("图像来源，Getty Images", "Image source: Getty Images"),  # BBC中文
    ("2021年1月22日", "Jan. 22, 2021"),
    ("(完)", "(End)"),  # 路透
    ("版权声明：日本经济新闻社版权所有，未经授权不得转载或部分复制，违者必究。",  # 日经中文网
     "Copyright: Nikkei Inc. All rights reserved. No reproduction in whole or in part without permission."),
    ("— 中国数字时代 (@CDTChinese) July 2, 2020", "— China Digital Times (@CDTChinese) July 2, 2020"),
])
def test_whole_lines(line, english):
    assert render(line) == english


@pytest.mark.parametrize("sentence", [
    "责任编辑：林诗远说这是谣言。",  # an editor line must be the whole sentence
    "路透周四报道，东京奥运会将如期举行。",
    "大纪元记者致电出警的向阳派出所。",
    "2021年1月22日，本网获悉。",
    "美联社报道，特朗普签署了备忘录。",
    "来源：某某地方小报 作者：张三",  # a source line of an outlet no list knows: the model reads it
    "（记者 张三 通讯员 李四）",  # another role in the byline
    "（记者手记）",  # "reporter's notes", no name
    "",
])
def test_news_words_inside_sentences_are_left_to_the_model(sentence):
    assert render(sentence) is None
    assert len(segment.split_sentences(sentence)) <= 1


def test_names_in_their_regions_romanisation():
    assert [wade_giles(s) for s in ("zhang", "xiang", "zhi", "si", "qun", "xue", "guo", "rong", "jian")] == [
        "chang", "hsiang", "chih", "ssu", "chun", "hsueh", "kuo", "jung", "chien"]
    assert romanize_name("張淑伶", "tw") == "Chang Shu-ling"
    assert romanize_name("蔡英文", "tw") == "Tsai Ying-wen"
    assert romanize_name("顾晓华") == "Gu Xiaohua"
    assert romanize_name("黄之锋", "hk") == "Joshua Wong"  # the curated list
    assert romanize_name("陈大文", "hk") == "Chen Dawen"  # not listed: pinyin


def test_rendered_lines_skip_the_model_and_are_counted_by_origin(tmp_path):
    from test_segment import EchoEngine

    from bilingual.options import RunOptions
    from bilingual.pipeline import translate_folder
    from bilingual.translate.memory import TranslationMemory
    from bilingual.translate.translator import Translator

    class Recording(EchoEngine):
        asked: list[str] = []

        def translate(self, sentences, decoding=None, progress=None):
            self.asked.extend(sentences)
            return ["The Communist Party imposed sanctions." for _ in sentences]

    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(
        "---\ntitle: 标题\ndate: 2021-01-22\n---\n"
        "<p>【大纪元2021年01月22日讯】（大纪元记者张婷综合报导）中共实施制裁。</p>"
        "<p>责任编辑：林诗远</p>\n", encoding="utf-8")
    engine = Recording()
    with Translator(engine, TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
    assert not any("大纪元" in s or "编辑" in s for s in engine.asked)
    assert "中共实施制裁。" in engine.asked
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["sentences_by_origin"]["news-rule"] == 2
    page = (tmp_path / "out" / "html" / "2021" / "01" / "a.html").read_text("utf-8")
    dateline = "Jan. 22, 2021 (compiled by Epoch Times reporter Zhang Ting) –"
    assert f"{dateline} The Communist Party imposed sanctions." in page
    assert "Editor: Lin Shiyuan" in page


def test_find_news_lines_offsets_are_the_texts():
    text = "  （中央社台北22日電）中國今天宣布。"
    (line,) = find_news_lines(text)
    assert text[line.start:line.end] == "（中央社台北22日電）"
    assert line.kind == "dateline"
