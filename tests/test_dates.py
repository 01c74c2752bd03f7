"""Bare days of the month (25日) by rule: found where the month is not written beside them, rendered as an
ordinal or with the month the sentence named before, never probed; and on the real model, no invented month."""

import pytest

import bilingual
from bilingual import dates
from bilingual.terms.matching import count_renderings


def found(sentence: str) -> dict[str, tuple[str, ...]]:
    return {m.entry.source: m.entry.accepted for m in dates.find(sentence)}


def test_a_bare_day_is_an_ordinal():
    assert found("截至25日16时，湖水位依然维持在高位。")["25日"] == ("the 25th",)
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


def test_times_of_day_are_clock_times():
    times = found("截至25日16时，巢湖水位依然维持在高位。")
    assert times["16时"][0] == "16:00" and "4 p.m." in times["16时"]
    assert found("最佳起床时间为5时30分")["5时30分"][:2] == ("5:30", "05:30")
    # the part of the day goes with the hour: 下午5时 is 5 p.m., not "in the afternoon at 5:00"
    assert found("当地时间25日下午5时，飓风登陆")["下午5时"][0] == "5 p.m."
    assert found("下午3点半开会")["下午3点半"][0] == "3:30 p.m."
    assert found("晚上12点")["晚上12点"][0] == "midnight"
    assert "midnight" in found("25日0时至24时")["0时"]


def test_the_part_of_the_day_decides_am_or_pm():
    first = {s: found(s)[s][0] for s in ("今晚8时", "晚8时", "深夜1时", "夜间10时", "中午1点", "上午12时", "午夜12时")}
    assert first == {"今晚8时": "8 p.m.", "晚8时": "8 p.m.", "深夜1时": "1 a.m.", "夜间10时": "10 p.m.",
                     "中午1点": "1 p.m.", "上午12时": "noon", "午夜12时": "midnight"}
    assert found("上午9—12时")["上午9—12时"][0] == "9 a.m. to noon"


@pytest.mark.parametrize("sentence", [
    "24小时内", "提出3点建议", "时速80公里", "第1时期", "12.5时", "3时长", "1时刻",
    # 时 as "when"
    "当感染人数达到10时，学校将停课。", "当比分为1比0时", "汇率为7时", "年满18时",
])
def test_no_time_of_day(sentence):
    assert found(sentence) == {}


def test_a_year_is_not_a_time():
    entry = dates.find("7月25日20时至26日20时")[0].entry
    assert count_renderings("from 20:00 on July 25", entry) == 1
    assert count_renderings("25 July 2000 to July 26", entry) == 0


def test_a_range_of_hours_is_one_time():
    assert found("7月25日0—24时，福建省报告新增病例1例")["0—24时"][0] == "0:00 to 24:00"


@pytest.mark.model
def test_real_model_reads_no_year_into_a_time(model_info, tmp_path):
    # the model alone wrote "between 2000 and 2000 hours on 25 July" for this (20时 is 8 p.m.)
    sentence = "预警指出，7月25日20时至26日20时，达州市大竹县发生山洪灾害可能性较大。"
    with bilingual.open_translator(model_info.path, home=tmp_path) as translator:
        english = translator.translate([sentence]).results[0].translation
    assert english.count("20:00") == 2 and "2000" not in english, english
