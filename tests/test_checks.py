"""Checks on the model's output (translate/checks.py): problems never shown, and damage reported."""

from __future__ import annotations

import pytest

from bilingual.translate import checks


@pytest.mark.parametrize(
    "source, output, problem",
    [
        ("中国外交部今天公布了消息。", "", "empty"),
        ("中国外交部今天公布了消息。", "中国外交部今天公布了消息。", "untranslated"),
        ("中国外交部今天公布了消息。", "The ministry of the ministry of the ministry of the ministry of", "repetition"),
        ("中国外交部今天公布了消息。", "China, China, China, China, China, China.", "repetition"),
        ("中国外交部今天公布了消息，双方同意继续保持沟通。", "Yes.", "too-short"),
        ("中国外交部今天公布了消息。", "The Ministry of Foreign Affairs published the news today.", None),
        ("他说：“我们要加强合作。”", 'He said, "We must strengthen cooperation."', None),
    ],
)
def test_problem_detection(source, output, problem):
    assert checks.problem(source, output) == problem


# Damage: on damage seen in real outputs (and on sound sentences that must pass).
SOURCE = "中央社记者邱国强北京22日电）中国政府20日发布报告，针对美国总统拜登和官员提出建议。"


@pytest.mark.parametrize(
    "source, translation, kinds",
    [
        # the glossary's old splice step, on an unseen post
        (SOURCE, "Central News Agency journalist Qiu Guo Guo Beijing 22) released a report on 20 days against "
                 "President United States Biden and official China China China Beijing recommended", ["repeated"]),
        # the model, on the corpus
        ("幸福，正确，积极，这些都是可以构建化欺人的概念，但真实不能，因为真实从来不是以主观感受为标准的。",
         "Happiness, correctness and activism are all concepts that can be constructed to deceptively deceptively, "
         "but not true, because truth is never based on subjective perceptions.", ["repeated"]),
        (SOURCE, "The Foreign Ministry 外交部 said on Friday that it had issued a report on the officials.",
         ["leftover-chinese"]),
        ("新华社香港7月25日电 香港特区政府商务及经济发展局局长邱腾华25日表示，香港将继续加强与内地的经贸合作。",
         "Hong Kong, 25 July.", ["dropped"]),
        # sound English that looks like a repeat, and a source that repeats itself
        (SOURCE, "He said that that was a matter for the officials of Japan, Japan's government said.", []),
        ("他说：“谢谢谢谢。”", 'He said, "Thank you thank you."', []),
        (SOURCE, "The hard-line line of the Biden administration against China was recommended in a report.", []),
    ],
)
def test_detectors(source, translation, kinds):
    assert checks.damage(source, translation) == kinds


def test_nothing_to_say_about_an_empty_translation():
    assert checks.damage(SOURCE, "") == []


# Stock phrases the real model put out for short clauses of the corpus and WMT21 (benchmarks/boilerplate.py).
@pytest.mark.parametrize(
    "source, output, kept",
    [
        ("古今中外，", "I'm not sure what I'm talking about.", ""),
        ("法广｜习近平：", "I'm sorry.", ""),
        ("然而，", "I don't know.", ""),
        ("与此同时，", "The blogger adds:", ""),
        ("经查，", "Photo by Flickr user @blogs.com", ""),
        # inside a sentence the rest stays, its first word capitalised, no comma left dangling
        ("据悉，美方报告遭到强烈反对。", "This post is part of our special coverage Syria Protests 2011, the U.S. "
         "report is strongly opposed.", "The U.S. report is strongly opposed."),
        ("对任何一个国家施压，外交一定有得、有失。", "I have no idea what I am doing, there must be some success "
         "and a failure in diplomacy.", "There must be some success and a failure in diplomacy."),
        ("他说，情况良好。", "He said, I'm sorry, that it was fine.", "He said, that it was fine."),
        ("影片聚焦武汉抗疫一线，将以武汉医护人员为原型，",
         "The film focuses on the Wuhan front line, in this post, we will be looking at Wuhan's medical staff.",
         "The film focuses on the Wuhan front line, Wuhan's medical staff."),
        ("据悉，报告遭到反对。",
         "The report, this post is part of our special coverage Syria Protests 2011, was opposed.",
         "The report, was opposed."),
        # a phrase that is no clause of its own stays (a number or an abbreviation inside it ends nothing)
        ("他花了钱。", "I have no idea how 1.5 billion was spent.", "I have no idea how 1.5 billion was spent."),
        ("听到这个消息很难过。", "I'm sorry to hear that.", "I'm sorry to hear that."),
        # at the end of a sentence its stop stays
        ("价格上涨", "Prices rose, I'm not sure why.", "Prices rose."),
        ("经济增长", "The economy grew, I'm sorry. Prices rose.", "The economy grew. Prices rose."),
        # quoted speech drops 我
        ("他表示：“不好说。”", 'He said: "I\'m not sure."', 'He said: "I\'m not sure."'),
        # where the source calls for the phrase, it is a translation
        ("我很抱歉。", "I'm sorry.", "I'm sorry."),
        ("我不知道他在哪里。", "I don't know where he is.", "I don't know where he is."),
        ("他感谢各方的支持。", "Thank you for your support.", "Thank you for your support."),
        ("博主写道，", "The blogger writes,", "The blogger writes,"),
        ("中国和美国。", "China and the United States.", "China and the United States."),
    ],
)
def test_stock_phrases_nothing_calls_for_are_removed(source, output, kept):
    assert checks.without_boilerplate(source, output) == kept


def test_a_translation_that_was_only_a_stock_phrase_is_retried():
    # what is left is empty: the checks ask for another translation
    left = checks.without_boilerplate("古今中外，", "I'm not sure what I'm talking about.")
    assert checks.problem("古今中外，", left) == "empty"
