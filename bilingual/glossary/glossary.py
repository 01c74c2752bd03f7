"""The glossary in force: entries from one or more files (later files winning for the same source term), with
the index that finds them and the word gate that forces a match only where it is a word of the sentence."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from bilingual import script
from bilingual.errors import GlossaryError
from bilingual.terms.entry import Entry
from bilingual.terms.matching import Match, SentenceTerms, TermIndex
from bilingual.terms.tsv import read_entries
from bilingual.terms.wordgate import WordGate
from bilingual.terms.words import Segmenter, segmenter

Words = frozenset[tuple[str, str]]


class Glossary:
    """Entries from one or more files (later entries win for the same source term).

    words=True (the default) forces a term only where it is a word of the sentence (see terms/wordgate.py);
    words=False forces every match, as plain matching finds them. dictionary: more (word, tag) pairs the word
    segmenter should know besides the terms (the names layer's places, given by whoever composes the two).
    """

    def __init__(self, entries: Sequence[Entry], words: bool = True, dictionary: Words = frozenset(),
                 files: Sequence[Path] = ()):
        self.words = words
        self.dictionary = dictionary
        self.files = tuple(files)  # the files it was loaded from, in order (report.json's signature names them)
        by_source: dict[str, Entry] = {}
        for entry in entries:
            if entry.source and entry.rendering:
                by_source[script.to_model_input(entry.source)] = entry
        self.entries: list[Entry] = list(by_source.values())

    @classmethod
    def load(cls, paths: Sequence[Path], dictionary: Words = frozenset()) -> Glossary:
        entries: list[Entry] = []
        for path in paths:
            entries.extend(_one_target_each(path, read_entries(path)))
        return cls(entries, dictionary=dictionary, files=paths)

    def __len__(self) -> int:
        return len(self.entries)

    @cached_property
    def index(self) -> TermIndex:
        return TermIndex(self.entries)

    def match(self, text: str) -> list[Match]:
        """The terms in Simplified-normalised text (see matching.TermIndex.match)."""
        return self.index.match(text)

    @cached_property
    def segmenter(self) -> Segmenter:
        """Word segmentation with this glossary's terms and the given dictionary words known."""
        terms = {(form, "") for form in self.index.forms()}
        return segmenter(frozenset(terms | self.dictionary))

    @cached_property
    def gate(self) -> WordGate:
        return WordGate(self.segmenter)

    def terms_in(self, source: str) -> SentenceTerms:
        """The glossary terms a sentence holds, with how often each occurs; matches that are not words of
        the sentence are listed as skipped, not forced."""
        matches = self.match(source)
        if not self.words or not matches:
            return SentenceTerms.of(source, matches)
        kept, skipped = self.gate.split(source, matches)
        if any(m.entry.before_noun for m in kept):
            kept = self.gate.mark_before_noun(source, kept)
        return SentenceTerms.of(source, kept, skipped)


def _one_target_each(path: Path, entries: list[Entry]) -> list[Entry]:
    """Within one file a term has one entry: a second with another target is a mistake to fix, not a choice
    to make silently (across files, later files win, as documented)."""
    first: dict[str, Entry] = {}
    for entry in entries:
        earlier = first.setdefault(entry.source, entry)
        if earlier is not entry and earlier.target != entry.target:
            raise GlossaryError(f"{path}:{entry.line}: {entry.source} has two targets, {earlier.target!r} "
                                f"(line {earlier.line}) and {entry.target!r}; keep one")
    return entries
