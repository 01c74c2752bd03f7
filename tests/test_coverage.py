"""The coverage check (translate/coverage.py): a dropped clause and invented text are found, faithful
translations pass; the translator recovers a sentence that dropped a clause, clause by clause; confidence."""

from __future__ import annotations

from bilingual import segment
from bilingual.terms.words import segmenter
from bilingual.translate import coverage
from bilingual.translate.engine import Decoding
from bilingual.translate.memory import TranslationMemory
from bilingual.translate.translator import Translator


def found(source: str, translation: str) -> coverage.Coverage:
    return coverage.check(source, translation, segmenter(frozenset()).segment(source))


def test_a_dropped_clause_is_found():
    # a real headline and the model's translation of it: the second clause is gone
    source = "台学者：中国不吃暗亏 制裁美官员仅象征作为"
    assert found(source, "The Chinese are not in the dark.").dropped_clause
    assert not found(source, "Taiwanese scholar: China does not take a loss quietly; sanctions on US officials "
                             "are only a symbolic act.").dropped_clause


def test_numbers_must_come_through():
    source = "同时对于疫情举报人一次奖励3000元。"
    assert "3000" in found(source, "A bonus is awarded to those who report an outbreak.").missing
    assert "3000" not in found(source, "A bonus of 3000 yuan is awarded to those who report an outbreak.").missing


def test_invented_text_is_found_and_names_are_not_invented():
    source = "这项新法授权海警单位，若外国船舶进入中国管辖海域"
    made_up = "The new law empowers coast guard units, This post is part of our special coverage Syria Protests 2011"
    assert found(source, made_up).invented == ("This post is part of our special coverage Syria Protests 2011",)
    # romanised names, Latin words of the source and digits ground a chunk
    assert not coverage.invented("律师梁小军、张磊和彭剑昨天下午2时许一起前往",
                                 "Lawyers Liang Xiaojun, Zhang Lei and Peng Jian went together "
                                 "at about 2 p.m. yesterday")
    assert not coverage.invented("葛来仪（Bonnie Glaser）表示", "Bonnie Glaser (Bonnie Glaser) said")


def test_confidence_falls_with_what_is_wrong():
    source = "台学者：中国不吃暗亏 制裁美官员仅象征作为"
    good = found(source, "Taiwanese scholar: China does not take a loss quietly; sanctions on US officials are only "
                         "a symbolic act.")
    bad = found(source, "The Chinese are not in the dark.")
    assert coverage.confidence(good, [], "model") > coverage.DOUBTFUL > coverage.confidence(bad, [], "model")
    assert coverage.confidence(good, ["repeated"], "model") < coverage.confidence(good, [], "model")


def test_clause_joins_read_as_one_sentence():
    lowercase = coverage.lowercase_for(None)
    joined = segment.join_clauses(["The law empowers units.", "If a foreign ship enters", "And when it refuses",
                                   "China may act", "President Xi said", "The Government of Japan will submit"],
                                  lowercase)
    assert joined == "The law empowers units, if a foreign ship enters, and when it refuses, China may act, " \
                     "President Xi said, the Government of Japan will submit"


class DroppingEngine:
    """Translates a two-clause sentence whole by dropping its second clause; each clause alone, fully."""

    model_id = "dropping-test-engine"
    decoding = Decoding()
    CLAUSES = {"台学者：": "Taiwanese scholar:", "中国不吃暗亏 ": "China does not take a loss quietly",
               "制裁美官员仅象征作为": "Sanctions on US officials are only a symbolic act."}

    def tokenize(self, sentence):
        return list(sentence)

    def translate(self, sentences, decoding=None, progress=None):
        out = [self.CLAUSES.get(s, "The Chinese are not in the dark.") for s in sentences]
        if progress:
            progress(len(sentences))
        return out

    def close(self):
        pass


def test_the_translator_recovers_a_dropped_clause_clause_by_clause(tmp_path):
    source = "台学者：中国不吃暗亏 制裁美官员仅象征作为"
    with Translator(DroppingEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        done = translator.translate([source])
        result = done.results[0]
        assert result.origin == "recovered-by-clause"
        assert result.translation == ("Taiwanese scholar: China does not take a loss quietly, sanctions on US "
                                      "officials are only a symbolic act.")
        assert done.counts.coverage == {"dropped-clause": 1, "recovered-by-clause": 1}
        assert result.confidence is not None and not result.doubtful
        # the confidence is kept in the memory: served from it, the result carries it
        again = translator.translate([source]).results[0]
        assert again.confidence == result.confidence and done.counts.translated == 1


def test_doubtful_translations_are_marked_only_when_asked_and_listed_worst_first(tmp_path):
    from bilingual.options import RunOptions
    from bilingual.pipeline import translate_folder
    from bilingual.posts import read_post
    from bilingual.review.units import collect_units

    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ntitle: 台学者\ndate: 2021-01-22\n---\n"
                                "<p>台学者：中国不吃暗亏 制裁美官员仅象征作为</p>\n"
                                "<p>美国总统表示欢迎。</p>\n", encoding="utf-8")

    class OneClauseEngine(DroppingEngine):  # whole or by clause, the second clause is lost: nothing recovers it
        CLAUSES = {"台学者：": "Taiwanese scholar:", "中国不吃暗亏 ": "The Chinese are not in the dark",
                   "制裁美官员仅象征作为": "OK."}

    with Translator(OneClauseEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        plain = translate_folder(posts, tmp_path / "plain", translator, RunOptions(formats=("html",)))
        marked = translate_folder(posts, tmp_path / "marked", translator,
                                  RunOptions(formats=("html",), mark_doubtful=True))
        units = collect_units([read_post(posts / "a.md")], translator, "doubtful")
    assert plain.sentences_doubtful == marked.sentences_doubtful >= 1
    page = next((tmp_path / "marked" / "html").glob("2021/01/*.html")).read_text(encoding="utf-8")
    assert 'class="translation paragraph doubtful"' in page
    assert "doubtful" not in next((tmp_path / "plain" / "html").glob("2021/01/*.html")).read_text(encoding="utf-8")
    assert units and [u.confidence for u in units] == sorted(u.confidence for u in units)
    assert all(u.confidence < coverage.DOUBTFUL for u in units)
