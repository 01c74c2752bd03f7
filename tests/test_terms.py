"""Terms (bilingual/terms): finding them in a sentence and checking a translation renders them."""

from __future__ import annotations

import bilingual
from bilingual import glossary as g
from bilingual.terms import matching


def test_matching_is_longest_first_and_script_blind():
    glossary = bilingual.load_glossary()
    text = "外交部发言人赵立坚说，反对台独。"
    found = [(m.entry.source, text[m.start:m.end]) for m in glossary.match(text)]
    assert found[:2] == [("外交部发言人", "外交部发言人"), ("赵立坚", "赵立坚")]  # not 外交部 inside it
    from bilingual import script

    for variant in ("台独", "台獨", "臺獨"):
        normalised = script.to_model_input(variant)
        assert [m.entry.source for m in glossary.match(normalised)] == ["台独"], variant


def test_demonyms_are_not_country_terms():
    glossary = bilingual.load_glossary()
    assert [m.entry.source for m in glossary.match("美国人和美国")] == ["美国"]


def test_check_counts_each_occurrence_and_accepts_alternatives():
    glossary = g.Glossary([g.Entry("中国", "China|Chinese", "country"), g.Entry("习近平", "Xi Jinping")])
    terms = glossary.terms_in("中国和中国人民，习近平")
    assert terms.counts == (1, 1)  # 中国人(民) is the demonym, not the country term
    assert not g.check("China's people and Chinese people, Xi Jinping", terms)
    assert [v.term for v in g.check("China and its people, Xi", terms)] == ["习近平"]
    assert not matching.count_renderings("Xinjiang", g.Entry("习", "Xi"))


def test_overlapping_terms_resolve_to_the_greatest_coverage():
    glossary = g.Glossary([
        g.Entry("中国", "China", "country"), g.Entry("中国外交部", "Chinese Ministry of Foreign Affairs"),
        g.Entry("外交部长", "Foreign Minister"), g.Entry("王毅", "Wang Yi"),
    ])
    text = "中国外交部长王毅和中国外交部"
    assert [text[m.start:m.end] for m in glossary.match(text)] == ["中国", "外交部长", "王毅", "中国外交部"]


def test_a_country_before_its_place_is_one_term_rendered_as_the_place():
    """经美国内布拉斯加州 came out "through United States Nebraska" when both were enforced."""
    from bilingual.terms.entry import Entry
    from bilingual.terms.matching import Match, SentenceTerms

    source = "经美国内布拉斯加州到美国的得克萨斯州"
    us, nebraska, texas = (Entry("美国", "United States|US", "country"), Entry("内布拉斯加州", "Nebraska", "place"),
                           Entry("得克萨斯州", "Texas", "place"))
    terms = SentenceTerms.of(source, [Match(1, 3, us), Match(3, 9, nebraska), Match(10, 12, us),
                                      Match(13, 18, texas)]).places_in_countries()
    assert [(source[m.start:m.end], m.entry.rendering) for m in terms.matches] == [
        ("美国内布拉斯加州", "Nebraska"), ("美国", "United States"), ("得克萨斯州", "Texas")]
    assert terms.counts == (1, 1, 1)
    # the place keeps its own entry: a later mention still needs its own rendering
    beijing, china = Entry("北京", "Beijing", "place"), Entry("中国", "China", "country")
    again = SentenceTerms.of("中国北京和北京", [Match(0, 2, china), Match(2, 4, beijing), Match(5, 7, beijing)])
    assert again.places_in_countries().counts == (2,)
    # a country before Taiwan, Hong Kong or Macau says something: not joined (中国台北 is Chinese Taipei)
    taipei = Entry("台北", "Taipei", "place")
    assert len(SentenceTerms.of("中国台北", [Match(0, 2, china), Match(2, 4, taipei)]).places_in_countries()
               .matches) == 2
