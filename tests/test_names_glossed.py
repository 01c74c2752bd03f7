"""Names a post glosses itself (names/glossed.py): 布林肯（Antony Blinken） is rendered as its gloss, and later
mentions of 布林肯 alone as the gloss's surname. The sentences are from the real posts in ../shared/corpus."""

import csv

import pytest
from conftest import run_cli

import bilingual
from bilingual import script
from bilingual.names import ORIGIN_GLOSSED, open_names
from bilingual.names.glossed import find_glossed


@pytest.fixture(scope="module")
def glossary():
    return bilingual.load_glossary()


@pytest.fixture(scope="module")
def names(glossary):
    return open_names(glossary.segmenter, glossary.index.forms())


def glossed(glossary, sentence: str) -> list[tuple[str, str, str]]:
    source = script.to_model_input(sentence)
    return [(g.name, g.english, g.later) for g in find_glossed(source, glossary.segmenter.segment(source))]


def test_the_gloss_is_the_rendering_and_the_name_starts_where_its_transliteration_does(glossary):
    assert glossed(glossary, "发言人艾米莉·霍恩（Emily Horne）说") == [("艾米莉·霍恩", "Emily Horne", "Emily Horne")]
    assert glossed(glossary, "新任国务卿布林肯（Antony Blinken）表示") == [("布林肯", "Antony Blinken", "Blinken")]
    assert glossed(glossary, "包括前卫生部长阿札(Alex Azar II）与") == [("阿札", "Alex Azar II", "Azar")]
    assert glossed(glossary, "温波寺的僧人旦增尼玛（Tenzin Nyima）") == [("旦增尼玛", "Tenzin Nyima", "Tenzin Nyima")]
    # a first name before the separator, whatever its characters
    assert glossed(glossary, "国务院次卿基思·克拉奇（Keith Krach）") == [("基思·克拉奇", "Keith Krach", "Keith Krach")]
    # 比 "than" is no part of the name
    assert glossed(glossary, "如今的安保环境比欧巴马（Barack Obama）时代") == [("欧巴马", "Barack Obama", "Obama")]
    assert glossed(glossary, "美国驻联合国大使克拉夫特(kelly craft)") == [("克拉夫特", "Kelly Craft", "Kelly Craft")]


def test_acronyms_titles_and_words_are_not_glossed_names(glossary):
    assert glossed(glossary, "华府智库战略暨国际研究中心（CSIS）亚洲事务") == []
    assert glossed(glossary, "例如世卫大会(WHA)、国际民航组织(ICAO)") == []
    assert glossed(glossary, "英国杂志（The Economist）报道") == []
    assert glossed(glossary, "罗胜春昨天在推特（Twitter）上说") == []


def test_later_mentions_follow_the_gloss_through_the_post(glossary, names):
    sentences = ["新任国务卿布林肯（Antony Blinken）会讲依旧以“三公报”作为答案。", "布林肯提及台湾应该成为会员。",
                 "委员会发言人艾米莉·霍恩（Emily Horne）说。", "霍恩表示欢迎。"]
    post = names.for_post(sentences)
    found = {}
    for sentence in sentences:
        source = script.to_model_input(sentence)
        terms = glossary.terms_in(source).merged(post.find(sentence, source))
        found.update({source[m.start:m.end]: (m.entry.rendering, m.entry.origin) for m in terms.matches})
    assert found["布林肯（Antony Blinken）"] == ("Antony Blinken", ORIGIN_GLOSSED)
    assert found["布林肯"][0] == "Blinken"
    assert found["霍恩"][0] == "Horne"


def test_real_model_renders_the_gloss_once(model_info, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2021-01-22-glossed.md").write_text(
        "---\ntitle: 林郁方：美国将依三公报施政\ndate: 2021-01-22\n---\n\n"
        "不过，拜登政府会用奥巴马时期的标准原则来处理，"
        "新任国务卿布林肯（Antony Blinken）会讲依旧以“三公报”作为答案。\n\n"
        "其中，包括前卫生部长阿札(Alex Azar II）与国务次卿克拉奇。\n", encoding="utf-8")
    run = run_cli(["translate", posts, "--out", tmp_path / "out", "--quiet", "--format", "html", "--glossary-log",
                   "full"], tmp_path / "home", model_info.path)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader((tmp_path / "out" / "glossary-log.csv").open(encoding="utf-8")))
    english = {r["term"]: r["translation"] for r in rows}
    blinken = english["布林肯（Antony Blinken）"]
    assert "Antony Blinken" in blinken and "(Antony Blinken)" not in blinken  # not "Blinken (Antony Blinken)"
    assert "Alex Azar II" in english["阿札(Alex Azar II）"]
