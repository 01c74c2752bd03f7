"""Paragraph text -> sentences for the model, losslessly: "".join(split_sentences(t)) == t, always."""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from bilingual import news
from bilingual.script import HAN_CLASS

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

# The model's positional limit is 512 tokens; Chinese runs ~1.3 characters per token with this
# SentencePiece model, and quality drops well before the limit, so long sentences are cut near 160.
DEFAULT_MAX_CHARS = 160

_END = "。！？!?…"
_CLOSERS = "”’」』）)》〉】\"'"
# A sentence ends after end punctuation (a run of it), any closing quotes/brackets, then white space.
_SENTENCE_END = re.compile(rf"(?:[{_END}]+|\.(?=\s))[{re.escape(_CLOSERS)}]*\s*")
_CLAUSE_BREAK = re.compile(r"[，、；：,;:]\s*|\s+")


def split_sentences(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Split text into sentence spans (white space kept on the span it follows); none longer than max_chars."""
    spans: list[str] = []
    start = 0
    # a dateline or byline opening the paragraph (【大纪元…讯】, （中央社…電）) is a sentence of its own, rendered by
    # rule (news.py); the model would garble it and the sentence after it
    for line in news.find_news_lines(text):
        spans.append(text[start:line.end])
        start = line.end
    for match in _SENTENCE_END.finditer(text, start):
        end = match.end()
        if end > start:
            spans.append(text[start:end])
            start = end
    if start < len(text):
        spans.append(text[start:])
    result: list[str] = []
    for span in spans:
        result.extend(_cut_long(span, max_chars))
    return result


def _cut_long(span: str, max_chars: int) -> list[str]:
    """Cut an over-long sentence at the last clause break before max_chars (or hard at max_chars)."""
    pieces = []
    while len(span) > max_chars:
        cut = 0
        for match in _CLAUSE_BREAK.finditer(span, 0, max_chars):
            if match.end() >= max_chars // 3:
                cut = match.end()
        if cut == 0 or cut >= len(span):
            cut = max_chars
        pieces.append(span[:cut])
        span = span[cut:]
    if span:
        pieces.append(span)
    return pieces


def sentences_for_model(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """The sentences to translate: spans stripped of surrounding white space, empty ones dropped."""
    return [s.strip() for s in split_sentences(text, max_chars) if s.strip()]


# After a clause mark; after a space between Chinese words, as headlines separate their parts (奖励5万元 湖北恩施…);
# and before the spaced dash or bar that puts an outlet's name after a headline (… - 中新网), not a score (3 - 1).
_CLAUSE_END = re.compile(
    rf"(?<=[，；：,;:])|(?<=[{HAN_CLASS}”」）)] )(?=[{HAN_CLASS}“「(（])|(?<=\S)(?= [-|｜] [^\d\s])")


def clause_spans(sentence: str) -> list[tuple[int, int]]:
    """(start, end) of each clause with text in it, cut after each clause mark (，；：,;:) and at headline
    breaks; the whole sentence when it has none. Short inputs the model translates more reliably."""
    spans, start = [], 0
    for part in _CLAUSE_END.split(sentence):
        if part.strip():
            spans.append((start, start + len(part)))
        start += len(part)
    return spans or [(0, len(sentence))]


def clauses(sentence: str) -> list[str]:
    return [sentence[start:end] for start, end in clause_spans(sentence)]


@dataclass(frozen=True)
class ClausePlan(Generic[K]):
    """Sentences of more than one clause, each cut into its clauses (sentences of one clause are left out: they
    would only be translated as before). The clauses of every sentence go out as one flat list (pieces), and
    what comes back for them is regrouped per sentence (regroup)."""

    spans: dict[K, list[tuple[int, int]]]

    @classmethod
    def of(cls, sentences: Mapping[K, str]) -> ClausePlan[K]:
        spans = {key: clause_spans(sentence) for key, sentence in sentences.items()}
        return cls({key: parts for key, parts in spans.items() if len(parts) > 1})

    def __bool__(self) -> bool:
        return bool(self.spans)

    def pieces(self) -> list[tuple[K, int, int]]:
        """(sentence key, start, end) of every clause, sentence by sentence."""
        return [(key, start, end) for key, parts in self.spans.items() for start, end in parts]

    def regroup(self, values: Sequence[V]) -> dict[K, list[V]]:
        """One value per piece, in the order of pieces(), back into a list per sentence."""
        grouped: dict[K, list[V]] = {}
        cursor = 0
        for key, parts in self.spans.items():
            grouped[key] = list(values[cursor:cursor + len(parts)])
            cursor += len(parts)
        return grouped


def join_clauses(parts: list[str], lowercase: frozenset[str] = frozenset()) -> str:
    """English clauses back into one sentence. A clause after the first starts lower-case where its first word is
    in lowercase (common words: "…, and when", not "…, And when") and the next word is not capitalised too (a
    title or a name: "…, President Xi said", "…, Communist Party members"); names keep their capitals."""
    cleaned = [p.strip() for p in parts if p.strip()]
    body = [p.rstrip(".;,") for p in cleaned[:-1]] + cleaned[-1:]
    text = body[0] if body else ""
    for part in body[1:]:
        # a headline's "- Outlet" keeps its dash, without a comma before it
        if part.startswith(("- ", "– ", "| ", "｜")):
            text += " " + part
            continue
        first = _FIRST_WORD.match(part)
        word = first.group(0) if first else ""
        # a function word is lower-cased whatever follows ("…, the Government of Japan"); another common word only
        # where no capitalised word follows it (a title or a name: "…, President Xi said")
        if lowercase and (word.lower() in _FUNCTION_WORDS
                          or (word.lower() in lowercase and not _CAPITAL_NEXT.match(part, len(word)))):
            part = part[0].lower() + part[1:]
        text += (" " if text.endswith((":", "：")) else ", ") + part  # "Scholar: China…", a headline's colon
    return text[:1].upper() + text[1:]


_FIRST_WORD = re.compile(r"[A-Z][a-z]+\b(?!['’-])")
_CAPITAL_NEXT = re.compile(r" [A-Z]")
_FUNCTION_WORDS = frozenset(
    "the a an and but or so if when while as after before since because although though this that these those it "
    "he she they we you there however meanwhile according in on at for with from by of to".split())


def join_translations(translations: list[str]) -> str:
    """English sentences of one paragraph, back into a paragraph."""
    return " ".join(t.strip() for t in translations if t.strip())
