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
