from hypothesis import given, settings
from hypothesis import strategies as st

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
