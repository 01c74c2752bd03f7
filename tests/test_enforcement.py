"""Enforcement (translate/enforcement.py): placeholders in and out, before-noun forms."""

from __future__ import annotations

import pytest
from conftest import write_glossary as write

from bilingual import glossary as g
from bilingual.translate import enforcement


def test_protect_and_fill_round_trip():
    glossary = g.Glossary([g.Entry("赵立坚", "Zhao Lijian"), g.Entry("相向而行", "meet each other halfway")])
    protected = enforcement.protect(glossary.terms_in("赵立坚说希望相向而行17日"))
    assert protected.model_input == "ZX1说希望ZX2 17日"
    assert enforcement.fill("ZX1 said he hoped to ZX2 on the 17th.", protected) == (
        "Zhao Lijian said he hoped to meet each other halfway on the 17th."
    )
    assert enforcement.fill("He said he hoped to ZX2.", protected) is None  # a lost placeholder is caught
    assert enforcement.fill("ZX1 said ZX3.", protected) is None  # and an invented one


def test_a_term_before_a_noun_gets_its_before_noun_form(tmp_path):
    path = write(tmp_path, "美国\tUnited States|US|American\tcountry\t\tbefore-noun=US\n"
                           "中国\tChina|Chinese\tcountry\t\tbefore-noun=Chinese\n"
                           "外交部发言人\tForeign Ministry spokesperson\ttitle\n")
    glossary = g.Glossary(g.read_entries(path))
    # 美国|大豆 and 中国|政府 modify a noun; 美国|表示 (a verb) and 美国|纽约 (a place) do not
    cases = [
        ("美国大豆出口增加。", "ZX1 soybean exports rose.", "US soybean exports rose."),
        ("中国政府表示，美国总统的讲话不符合事实。", "The ZX1 government said ZX2 President's remarks were untrue.",
         "The Chinese government said US President's remarks were untrue."),
        # a verb follows in the source: no before-noun form, whatever the English puts after the placeholder
        ("美国表示反对。", "ZX1 officials said they were opposed.", "United States officials said they were opposed."),
        # a glossary term that is not a place, country or person reads as a noun (jieba may tag it x)
        ("中国外交部发言人表示反对。", "The ZX1 ZX2 said it was opposed.",
         "The Chinese Foreign Ministry spokesperson said it was opposed."),
        # the English decides too: no noun after the placeholder, the noun form
        ("美国大豆出口增加。", "Exports of soybeans from ZX1 increased.",
         "Exports of soybeans from United States increased."),
    ]
    for source, output, expected in cases:
        assert enforcement.fill(output, enforcement.protect(glossary.terms_in(source))) == expected
    assert enforcement.protect(glossary.terms_in("美国纽约发生枪击。")).before_noun == frozenset()
    # the form must be one the check accepts
    bad = write(tmp_path, "美国\tUnited States|US\tcountry\t\tbefore-noun=Yankee\n")
    with pytest.raises(g.GlossaryError, match=r"g\.tsv:2: before-noun=Yankee"):
        g.read_entries(bad)
    two = write(tmp_path, "美国\tUnited States|US|American\tcountry\t\tbefore-noun=US,before-noun=American\n")
    with pytest.raises(g.GlossaryError, match=r"g\.tsv:2: more than one before-noun"):
        g.read_entries(two)


def test_the_splice_step_gives_a_conjunction_its_word():
    glossary = g.Glossary([g.Entry("港府", "Hong Kong government"), g.Entry("美国国务院", "US Department of State")])
    steps = enforcement._splice_batch([enforcement.protect(glossary.terms_in("港府或美国国务院将回应。"))])
    assert next(steps).sentences == ["将回应。"]
    with pytest.raises(StopIteration) as done:
        steps.send(["will respond."])
    assert done.value.value == ["Hong Kong government or US Department of State will respond."]


def test_the_splice_step_leaves_out_a_lone_particle():
    # 在 between two terms, translated alone, came out "Yes." on the real model
    glossary = g.Glossary([g.Entry("港府", "Hong Kong government"), g.Entry("美国国务院", "US Department of State")])
    protected = enforcement.protect(glossary.terms_in("港府在美国国务院提交报告后回应。"))
    steps = enforcement._splice_batch([protected])
    asked = next(steps)
    assert asked.sentences == ["提交报告后回应。"]
    with pytest.raises(StopIteration) as done:
        steps.send(["After submitting the report, it responded."])
    spliced = "Hong Kong government US Department of State After submitting the report, it responded."
    assert done.value.value == [spliced]


@pytest.mark.parametrize("output, filled", [
    # the model copies the source's order, in which 24日 needs no preposition
    ("The FAA ZX1 issued an emergency directive.", "The FAA on the 24th issued an emergency directive."),
    ("ZX1, the FAA issued an emergency directive.", "On the 24th, the FAA issued an emergency directive."),
    ("The FAA issued an emergency directive in ZX1.", "The FAA issued an emergency directive on the 24th."),
    ("The FAA issued an emergency directive on ZX1.", "The FAA issued an emergency directive on the 24th."),
    # a day that opens a range, or owns something, takes none
    ("ZX1's events were held.", "The 24th's events were held."),
    ("The FAA ZX1 has issued a directive.", "The FAA on the 24th has issued a directive."),
    # the day as the subject takes none
    ("ZX1 was the day the FAA issued a directive.", "The 24th was the day the FAA issued a directive."),
])
def test_a_day_gets_its_preposition(output, filled):
    from bilingual import dates
    from bilingual.terms.matching import SentenceTerms

    source = "美国联邦航空局24日发布紧急适航指令。"
    assert enforcement.fill(output, enforcement.protect(SentenceTerms.of(source, dates.find(source)))) == filled


def test_a_time_gets_its_preposition():
    from bilingual import dates
    from bilingual.terms.matching import SentenceTerms

    source = "截至25日16时，湖水位依然维持在高位。"
    protected = enforcement.protect(SentenceTerms.of(source, dates.find(source)))
    assert enforcement.fill("As of ZX1 ZX2, it was high.", protected) == "As of the 25th at 16:00, it was high."
    assert enforcement.fill("By ZX2 in ZX1, it was high.", protected) == "By 16:00 on the 25th, it was high."


@pytest.mark.parametrize("output, filled", [
    # the model, writing no article for the placeholder, left "according to Ministry of Emergency Management"
    ("According to ZX1, it peaked.", "According to the Ministry of Emergency Management, it peaked."),
    ("ZX1 deployed pumps.", "The Ministry of Emergency Management deployed pumps."),
    ("Meanwhile, ZX1 deployed pumps.", "Meanwhile, the Ministry of Emergency Management deployed pumps."),
    # its own determiner, possessive or adjective stands
    ("The ZX1 deployed pumps.", "The Ministry of Emergency Management deployed pumps."),
    ("China's ZX1 deployed pumps.", "China's Ministry of Emergency Management deployed pumps."),
    ("Chinese ZX1 deployed pumps.", "Chinese Ministry of Emergency Management deployed pumps."),
    # a new sentence inside the output, or a quotation, starts with a capital
    ("It rained. ZX1 deployed pumps.", "It rained. The Ministry of Emergency Management deployed pumps."),
    ('He said, "ZX1 will respond."', 'He said, "The Ministry of Emergency Management will respond."'),
    # after a date's comma it is wanted; after a number word, or modifying a noun, it is not
    ("On March 5, ZX1 deployed pumps.", "On March 5, the Ministry of Emergency Management deployed pumps."),
    ("He said that ZX1 deployed pumps.", "He said that the Ministry of Emergency Management deployed pumps."),
    ("He met two ZX1 officials.", "He met two Ministry of Emergency Management officials."),
    ("He praised relevant ZX1 departments.", "He praised relevant Ministry of Emergency Management departments."),
])
def test_a_body_takes_its_article(output, filled):
    glossary = g.Glossary([g.Entry("应急管理部", "Ministry of Emergency Management", "body", flags=frozenset({"the"}))])
    assert enforcement.fill(output, enforcement.protect(glossary.terms_in("应急管理部调派排涝车。"))) == filled


def test_a_name_without_the_flag_takes_no_article():
    glossary = g.Glossary([g.Entry("东盟", "ASEAN", "body")])
    assert enforcement.fill("According to ZX1, trade grew.", enforcement.protect(glossary.terms_in("东盟贸易增长。"))) \
        == "According to ASEAN, trade grew."
