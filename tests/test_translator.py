"""The translation stage (translate/translator.py): memory first, the model for the rest, retries, enforcement."""

from __future__ import annotations

import html
import json

import pytest

from bilingual.options import RunOptions
from bilingual.pipeline import UNRELIABLE, translate_folder
from bilingual.translate import checks
from bilingual.translate.engine import Decoding
from bilingual.translate.memory import TranslationMemory
from bilingual.translate.translator import Translator


class LoopingEngine:
    """A model that loops on one sentence whatever the decoding settings: the worst case, made repeatable."""

    model_id = "looping-test-engine"
    decoding = Decoding()

    def __init__(self):
        self.calls = []

    def tokenize(self, sentence):
        return list(sentence)

    def translate(self, sentences, decoding=None, progress=None):
        self.calls.append((list(sentences), decoding))
        return ["the the the the the the the the" if "坏" in s else f"ok {len(s)}" for s in sentences]

    def close(self):
        pass


class ShortOnLongEngine(LoopingEngine):
    """Cuts every multi-clause sentence short, as the model did with a long news lead: clauses alone are fine."""

    def translate(self, sentences, decoding=None, progress=None):
        self.calls.append((list(sentences), decoding))
        out = []
        for s in sentences:
            if "坏" in s:
                out.append("the the the the the the the the")
            elif "，" in s.rstrip("，"):
                out.append("Hong Kong.")
            else:
                out.append(f"Clause of {len(s)} characters")
        return out


class DamagingEnforcementEngine(LoopingEngine):
    """The model writes a readable sentence without the term; with the term as a placeholder it stutters, as the
    real model did ("removed from office from office")."""

    def translate(self, sentences, decoding=None, progress=None):
        self.calls.append((list(sentences), decoding))
        return ["ZX1 said that he was removed from office from office today." if "ZX1" in s
                else "The spokesman said that he was removed from office today." for s in sentences]


class ShorteningEnforcementEngine(LoopingEngine):
    """With the term as a placeholder the model drops most of the sentence (too short: a quality problem)."""

    def translate(self, sentences, decoding=None, progress=None):
        self.calls.append((list(sentences), decoding))
        readable = ("The spokesman said that he was removed from office today and that the ministry would name a "
                    "new spokesman next week.")
        return ["ZX1." if "ZX1" in s else readable for s in sentences]


class PlaceholderDroppingEngine(LoopingEngine):
    """Never renders 赵立坚 and drops every placeholder: the protected first pass cannot serve."""

    def translate(self, sentences, decoding=None, progress=None):
        self.calls.append((list(sentences), decoding))
        return ["The spokesman said that he was removed from office today." for _ in sentences]


def test_bad_output_is_retried_then_marked_not_shown(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ntitle: 标题\ndate: 2021-01-01\n---\n<p>好句子。坏句子。</p>\n", encoding="utf-8")
    engine = LoopingEngine()
    translator = Translator(engine, TranslationMemory(tmp_path / "c.sqlite3"))
    report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
    retried_settings = [d for _, d in engine.calls if d is not None]
    assert len(retried_settings) == len(checks.RETRY_DECODING)  # every retry setting was tried
    assert retried_settings[0].no_repeat_ngram_size == 3
    assert report.sentences_flagged == 1
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["flagged"] == [{"post": "a.md", "paragraph": 1, "problem": "repetition", "source": "坏句子。"}]
    page = next((tmp_path / "out" / "html").glob("2021/01/a*.html")).read_text(encoding="utf-8")
    assert "the the the" not in page
    assert html.escape(UNRELIABLE) in page and 'class="pair paragraph flagged"' in page


def test_a_flagged_title_is_listed_and_shown_as_flagged(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ntitle: 坏标题\ndate: 2021-01-01\n---\n<p>好句子。</p>\n", encoding="utf-8")
    with Translator(LoopingEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html", "epub")))
    assert report.sentences_flagged == 1
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert data["flagged"] == [{"post": "a.md", "paragraph": "title", "problem": "repetition", "source": "坏标题"}]
    page = next((tmp_path / "out" / "html").glob("2021/01/a*.html")).read_text(encoding="utf-8")
    assert f'<p class="translated-title translation flagged" lang="en">{html.escape(UNRELIABLE)}</p>' in page
    index = (tmp_path / "out" / "html" / "2021" / "01" / "index.html").read_text(encoding="utf-8")
    assert html.escape(UNRELIABLE) in index  # never an empty title in the month's listing


def test_a_sentence_cut_short_is_recovered_clause_by_clause(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(
        "---\ntitle: 标题\ndate: 2021-01-01\n---\n"
        "<p>周六下午在香港的会议上，香港特区政府商务及经济发展局局长邱腾华表示，"
        "香港将继续加强与内地的经贸合作。</p><p>开头的几句话，坏的中间部分，结尾的几句话。</p>\n", encoding="utf-8")
    with Translator(ShortOnLongEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
    assert report.sentences_by_origin.get("retried-by-clause") == 1
    assert report.sentences_flagged == 1  # the one with a clause the model cannot translate
    page = html.unescape(next((tmp_path / "out" / "html").rglob("a*.html")).read_text(encoding="utf-8"))
    assert "Clause of 12 characters, clause of 22 characters, clause of 16 characters" in page  # recovered whole
    # what could be translated of the other is shown, its failed clause marked, never garbage
    assert "Clause of 7 characters, […], clause of 7 characters [partly translated" in page
    assert "the the the" not in page


def test_a_reused_translator_reports_each_run_on_its_own(tmp_path):
    """Counts come from each run's own calls: nothing accumulates on the translator between folders."""
    folders = []
    for name, sentences in (("one", "好句子。另一句。"), ("two", "第三句。")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "a.md").write_text(f"---\ntitle: 标题{name}\ndate: 2021-01-01\n---\n<p>{sentences}</p>\n",
                                     encoding="utf-8")
        folders.append(folder)
    with Translator(LoopingEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        first = translate_folder(folders[0], tmp_path / "out1", translator, RunOptions(formats=("html",)))
        second = translate_folder(folders[1], tmp_path / "out2", translator, RunOptions(formats=("html",)))
    assert (first.sentences, first.sentences_translated) == (3, 3)  # title + two sentences
    assert (second.sentences, second.sentences_translated) == (2, 2)  # not 5: its own run only


def test_enforcement_never_drops_a_readable_sentence(tmp_path):
    from bilingual.glossary import Entry, Glossary

    posts = tmp_path / "posts"
    posts.mkdir()
    body = "<p>赵立坚说他今天被免职了，外交部将在下周宣布新的发言人人选并召开记者会。</p>"
    (posts / "a.md").write_text(f"---\ntitle: 标题\ndate: 2021-01-01\n---\n{body}\n", encoding="utf-8")
    glossary = Glossary([Entry("赵立坚", "Zhao Lijian", "person")])
    with Translator(ShorteningEnforcementEngine(), TranslationMemory(tmp_path / "c.sqlite3"), glossary) as translator:
        report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
    page = html.unescape(next((tmp_path / "out" / "html").rglob("a*.html")).read_text(encoding="utf-8"))
    assert "would name a new spokesman next week. [glossary: Zhao Lijian]" in page
    assert report.sentences_flagged == 0 and report.sentences_by_origin.get("annotated") == 1


def test_enforcement_never_garbles_a_readable_sentence(tmp_path):
    from bilingual.glossary import Entry, Glossary

    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ntitle: 标题\ndate: 2021-01-01\n---\n<p>赵立坚说他今天被免职了。</p>\n",
                                encoding="utf-8")
    glossary = Glossary([Entry("赵立坚", "Zhao Lijian", "person")])
    with Translator(DamagingEnforcementEngine(), TranslationMemory(tmp_path / "c.sqlite3"), glossary) as translator:
        report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
    page = html.unescape(next((tmp_path / "out" / "html").rglob("a*.html")).read_text(encoding="utf-8"))
    assert "The spokesman said that he was removed from office today. [glossary: Zhao Lijian]" in page
    assert "from office from office" not in page
    assert report.sentences_by_origin.get("annotated") == 1 and report.glossary["violations"] == 0
    assert not report.sentences_damaged


def test_an_input_the_first_pass_tried_is_not_sent_again(tmp_path):
    from bilingual.glossary import Entry, Glossary

    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text("---\ntitle: 标题\ndate: 2021-01-01\n---\n<p>赵立坚说他今天被免职了。</p>\n",
                                encoding="utf-8")
    engine = PlaceholderDroppingEngine()
    glossary = Glossary([Entry("赵立坚", "Zhao Lijian", "person")])
    with Translator(engine, TranslationMemory(tmp_path / "c.sqlite3"), glossary) as translator:
        report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
        sent = [s for inputs, _ in engine.calls for s in inputs if "赵立坚" in s or "ZX1" in s]
        # the term alone (the probe), then the protected first pass, then the plain sentence it fell back to
        assert sent[:3] == ["赵立坚", "ZX1说他今天被免职了。", "赵立坚说他今天被免职了。"]
        assert sent.count("ZX1说他今天被免职了。") == 1  # the same input would give the same output
        # a second run asks nothing of the model: sentences and probes come from the memory
        engine.calls.clear()
        translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html",)))
        assert [s for inputs, _ in engine.calls for s in inputs if "赵立坚" in s] == []
    assert report.glossary["violations"] == 0  # the splice step put the name in at last


@pytest.mark.slow
def test_a_post_nested_thousands_deep_is_exported(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    body = "<div>" * 3000 + "<p>深层嵌套的好段落。</p>" + "</div>" * 3000
    (posts / "deep.md").write_text(f"---\ntitle: 深层嵌套\ndate: 2021-01-01\n---\n{body}\n", encoding="utf-8")
    with Translator(LoopingEngine(), TranslationMemory(tmp_path / "c.sqlite3")) as translator:
        report = translate_folder(posts, tmp_path / "out", translator, RunOptions(formats=("html", "epub")))
    assert report.posts_exported == 1 and report.paragraphs == 1
