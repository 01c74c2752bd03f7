"""Bare days of the month (25日) by rule: found where the month is not written beside them, rendered as an
ordinal or with the month the sentence named before, never probed; and on the real model, no invented month."""

import pytest

import bilingual
from bilingual import dates
from bilingual.terms.matching import count_renderings


def found(sentence: str) -> dict[str, tuple[str, ...]]:
    return {m.entry.source: m.entry.accepted for m in dates.find(sentence)}


def test_a_bare_day_is_an_ordinal():
    assert found("截至25日16时，湖水位依然维持在高位。") == {"25日": ("the 25th",)}
    assert found("14日和21日，他又先后两次进行检测。") == {"14日": ("the 14th",), "21日": ("the 21st",)}
    assert found("3日、12日、22日、23日")["22日"][0] == "the 22nd"


def test_a_day_after_a_full_date_of_the_sentence_takes_its_month():
    days = found("7月5日，他出现症状，6日接受检测，7日他宣布确诊。")
    assert days["6日"] == ("July 6", "6 July", "July 6th", "the 6th")
    assert days["7日"][0] == "July 7"
    # not a month named without its day, nor one whose reach ends (以来), nor a day before the date's own day
    assert found("自1月23日武汉封城以来，25日国家卫健委通报")["25日"] == ("the 25th",)
    assert found("今年1-6月，25日他说")["25日"] == ("the 25th",)
    assert found("7月31日至1日")["1日"] == ("the 1st",)


@pytest.mark.parametrize("sentence", [
    "2021年1月22日，本网获悉。", "参加1日游的旅客", "3个月内", "在24日内完成", "2020年12月31日起",
    # spans of days, not dates
    "实施14日集中隔离", "7日年化收益率", "近7日", "过去14日", "为期3日", "连续5日", "20日均线", "第25日", "有25日之久",
    "3日来", "平均8.5日", "每月15日",
])
def test_no_bare_day(sentence):
    assert found(sentence) == {}


def test_an_invented_month_is_not_the_day():
    entry = dates.find("他25日宣布。")[0].entry
    assert count_renderings("He announced on the 25th.", entry) == 1
    assert count_renderings("He announced on 25 December.", entry) == 0
    assert count_renderings("He announced on December 25th.", entry) == 0


@pytest.mark.model
def test_real_model_gives_no_invented_month(model_info, tmp_path):
    # the model alone wrote "on 24 December" and "on 25 December" for these (the news is of July)
    sentences = ["美国联邦航空局24日发布紧急适航指令。", "目击者在25日中午打电话向警方报案。"]
    with bilingual.open_translator(model_info.path, home=tmp_path) as translator:
        results = translator.translate(sentences).results
    for result, day in zip(results, ("24th", "25th"), strict=True):
        assert f"the {day}" in result.translation and "December" not in result.translation, result.translation
