from hypothesis import given, settings
from hypothesis import strategies as st

from bilingual import segment
from bilingual.segment import join_translations, sentences_for_model, split_sentences


def test_chinese_and_western_sentence_ends_and_closing_quotes():
    text = "他说：“我们反对。”随后离开了！真的吗？是的。The U.N. said so. Then left."
    assert split_sentences(text) == [
        "他说：“我们反对。”",
        "随后离开了！",
        "真的吗？",
        "是的。",
        "The U.N. ",
        "said so. ",
        "Then left.",
    ]


def test_long_sentence_cut_at_clause_boundary():
    clause = "这是一个很长的分句" * 5  # 45 characters
    text = "，".join([clause] * 6) + "。"
    pieces = split_sentences(text, max_chars=160)
    assert "".join(pieces) == text
    assert all(len(p) <= 160 for p in pieces)
    assert all(p.endswith("，") for p in pieces[:-1])


def test_unpunctuated_run_is_cut_hard():
    text = "字" * 20000
    pieces = split_sentences(text)
    assert "".join(pieces) == text
    assert max(len(p) for p in pieces) <= 160


def test_join_translations():
    assert join_translations([" One. ", "", "Two."]) == "One. Two."


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("中文字。！？，、；：”“」「.!? \n\tAb1…")), max_size=600))
def test_split_is_lossless_and_bounded(text):
    pieces = split_sentences(text, max_chars=50)
    assert "".join(pieces) == text  # nothing lost, nothing invented
    assert all(pieces) and all(len(p) <= 50 for p in pieces)
    # what goes to the model is exactly the non-blank pieces, one to one
    assert sentences_for_model(text, max_chars=50) == [p.strip() for p in pieces if p.strip()]


class EchoEngine:
    """Translates a sentence to itself in brackets: makes the sentence↔translation bookkeeping visible."""

    model_id = "echo"

    def __init__(self):
        from bilingual.translate.engine import Decoding

        self.decoding = Decoding()

    def tokenize(self, sentence):
        return list(sentence)

    def translate(self, sentences, decoding=None, progress=None):
        return [f"<{s}>" for s in sentences]

    def close(self):
        pass


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from(list("中文字甲乙。！？，”“ .Ab")), min_size=1, max_size=300),
                min_size=1, max_size=6))
def test_pairs_align_one_to_one_with_blocks(tmp_path_factory, texts):
    from pathlib import Path

    from bilingual import script
    from bilingual.clean import Block
    from bilingual.files import SlugRegistry
    from bilingual.options import ScriptChoice
    from bilingual.pipeline import PARTLY, UNRELIABLE, translate_posts
    from bilingual.posts import Post
    from bilingual.segment import clauses, join_clauses
    from bilingual.translate import checks
    from bilingual.translate.memory import TranslationMemory
    from bilingual.translate.translator import Translator

    blocks = [Block("paragraph", t) for t in texts if t.strip()]
    post = Post(path=Path("p.md"), title="标题", date=None, blocks=blocks)
    memory = TranslationMemory(tmp_path_factory.mktemp("m") / "c.sqlite3")
    translator = Translator(EchoEngine(), memory)
    (translated,) = translate_posts([post], translator, ScriptChoice.KEEP, SlugRegistry()).posts
    assert len(translated.pairs) == len(blocks)
    for pair, block in zip(translated.pairs, blocks, strict=True):
        assert pair.original == block.text
        expected = []
        for sentence in sentences_for_model(block.text):
            if not script.has_han(sentence):
                expected.append(sentence)  # no Chinese: passes through
            elif checks.problem(sentence, f"<{sentence}>"):
                # the echo looks untranslated: retried clause by clause, else flagged with what could be shown
                parts = clauses(sentence)
                pieces = [f"<{c}>" if not checks.problem(c, f"<{c}>") else "[…]" for c in parts]
                joined = join_clauses(pieces)
                if len(parts) > 1 and "[…]" not in pieces and not checks.problem(sentence, joined):
                    expected.append(joined)
                elif len(parts) > 1 and any(p != "[…]" for p in pieces):
                    expected.append(f"{joined} {PARTLY}")
                else:
                    expected.append(UNRELIABLE)
            else:
                expected.append(f"<{sentence}>")
        assert pair.translation == join_translations(expected)


def test_headlines_split_into_clauses_at_spaces_and_outlet_dashes():
    # a headline the model cuts short whole is retried in these pieces before anything is flagged
    assert segment.clauses("奖励5万元 湖北恩施表扬沙子坝滑坡“预警第一人” - 中新网") == [
        "奖励5万元 ", "湖北恩施表扬沙子坝滑坡“预警第一人”", " - 中新网"]
    assert segment.clauses("中国和美国，今天在北京会谈。") == ["中国和美国，", "今天在北京会谈。"]
    assert segment.clauses("Covid-19 疫情") == ["Covid-19 疫情"]  # a space after Latin text is no break


def test_a_headline_outlet_keeps_its_dash_when_clauses_are_joined():
    assert segment.join_clauses(["50,000 yuan reward.", "Hubei praises the first to warn", "- China News Service"]) \
        == "50,000 yuan reward, Hubei praises the first to warn - China News Service"
