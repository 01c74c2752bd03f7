"""The report of a run (report.json) and the glossary report (glossary-report.csv). A run builds its own
report from what its stages return; nothing is read back from long-lived objects."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, cast

from bilingual.errors import EXIT_OK, EXIT_PARTIAL, EXIT_USAGE
from bilingual.files import atomic_writer
from bilingual.posts import Failure
from bilingual.translate.translator import SentenceResult, TranslationCounts


@dataclass(frozen=True)
class Note:
    """Something a reader of the report should know about a post that was exported (not a failure)."""

    file: str
    note: str


@dataclass(frozen=True)
class Flagged:
    """A sentence whose translation failed the quality checks: where it is and why."""

    post: str
    paragraph: int | str  # paragraph number, or "title" / "tags"
    problem: str | None
    source: str


# report.json's key for each TranslationCounts number
COUNT_KEYS = {"sentences": "sentences", "unique": "sentences_unique", "translated": "sentences_translated",
              "from_cache": "sentences_from_cache", "retried": "sentences_retried", "human": "sentences_human",
              "by_rule": "sentences_by_rule"}


@dataclass(frozen=True)
class Signature:
    """Every setting that can change a run's output, as report.json records it: two runs with equal signatures
    over the same posts and memory give the same editions."""

    bilingual: str
    model: str  # the model's identity (as in the cache key)
    engine: str  # the engine's class: Engine (in this process), DaskEngine…
    decoding: dict[str, Any]
    glossary: list[dict[str, str]] | None  # each file with its sha256; None: no glossary
    names: bool
    script: str
    formats: list[str]
    layouts: dict[str, str]  # per format
    group_by: str
    split_by: str


@dataclass
class Report:
    posts_read: int = 0
    posts_exported: int = 0
    posts_failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    paragraphs: int = 0
    sentences: int = 0
    sentences_unique: int = 0
    sentences_translated: int = 0
    sentences_from_cache: int = 0
    sentences_retried: int = 0
    sentences_flagged: int = 0
    sentences_human: int = 0
    sentences_by_rule: int = 0  # news lines rendered by rule, never sent to the model
    # how each sentence occurrence's translation was produced: human, model, an enforcement step, flagged…
    sentences_by_origin: dict[str, int] = field(default_factory=dict)
    # sentence occurrences in which damage.py's detectors found damage, by kind
    sentences_damaged: dict[str, int] = field(default_factory=dict)
    # sentence occurrences whose machine translation is doubtful (coverage.confidence below coverage.DOUBTFUL)
    sentences_doubtful: int = 0
    # what the coverage check found in the sentences translated now (dropped-clause, invented) and recovered
    coverage: dict[str, int] = field(default_factory=dict)
    flagged: list[Flagged] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)  # one line each, for the reader (an EPUB split)
    model: str = ""
    glossary: dict = field(default_factory=dict)
    signature: Signature | None = None

    @property
    def glossary_violations(self) -> int:
        return int(self.glossary.get("violations", 0))

    def exit_code(self, strict: bool = False) -> int:
        """0 all exported; 1 some failed (or, with strict, a glossary term not rendered); 2 nothing exported."""
        if self.posts_exported == 0:
            return EXIT_USAGE
        if self.posts_failed or (strict and self.glossary_violations):
            return EXIT_PARTIAL
        return EXIT_OK

    def add_counts(self, counts: TranslationCounts) -> None:
        for name, key in COUNT_KEYS.items():
            setattr(self, key, getattr(self, key) + getattr(counts, name))

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@contextmanager
def timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the time spent in the block to seconds[stage] (stages repeat once per chunk of posts)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = round(seconds.get(stage, 0.0) + time.perf_counter() - start, 3)


class TermLog:
    """The glossary terms matched in a run: per-term counts, every violation, and (full=True) every occurrence.

    Counts stay in memory (one row per glossary term, however big the folder); violations and, when asked for,
    the per-occurrence log go to temporary files as they come (a 20,000-post folder matches over a million
    terms) and write() copies them out. A context manager: the temporary files are closed at the end.
    """

    COLUMNS = ("post", "paragraph", "term", "expected", "status", "origin", "translation")
    SUMMARY_COLUMNS = ("term", "expected", "origin", "matched", "enforced", "violations")
    SUMMARY_FILE, VIOLATIONS_FILE, LOG_FILE = "glossary-report.csv", "glossary-violations.csv", "glossary-log.csv"
    SKIPPED_EXAMPLES = 50  # report.json lists this many skipped terms with their sentences

    def __init__(self, full: bool = False) -> None:
        self.full = full
        self._violations = _SpooledCsv(self.COLUMNS)
        self._log = _SpooledCsv(self.COLUMNS) if full else None
        self._terms: dict[tuple[str, str, str], list[int]] = {}  # (term, expected, origin) -> [matched, violations]
        self.matched = 0
        self.violations = 0
        self.by_origin: Counter[str] = Counter()  # glossary / names:gazetteer / names:pinyin / names:list
        self.skipped = 0  # glossary matches not forced because they are not words of the sentence
        self.skipped_examples: list[dict[str, str]] = []

    def __enter__(self) -> TermLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self._violations.close()
        if self._log:
            self._log.close()

    def add(self, post: str, paragraph: str, results: Iterable[SentenceResult]) -> None:
        for result in results:
            origins = result.term_origins or ("",) * len(result.terms)
            for (term, rendering), origin in zip(result.terms, origins, strict=True):
                violated = term in result.violations
                row = (post, paragraph, term, rendering, "violation" if violated else "enforced", origin,
                       result.translation)
                counts = self._terms.setdefault((term, rendering, origin), [0, 0])
                counts[0] += 1
                counts[1] += violated
                self.matched += 1
                self.violations += violated
                self.by_origin[_origin_kind(origin)] += 1
                if violated:
                    self._violations.add(row)
                if self._log:
                    self._log.add(row)
            for term in result.skipped:
                self.skipped += 1
                if len(self.skipped_examples) < self.SKIPPED_EXAMPLES:
                    self.skipped_examples.append({"post": post, "term": term, "sentence": result.source})

    def summary(self, entries: int) -> dict[str, object]:
        return {
            "entries": entries,
            "terms_matched": self.matched,
            "terms_enforced": self.matched - self.violations,
            "violations": self.violations,
            "matched_by_origin": dict(sorted(self.by_origin.items())),
            "skipped_not_words": self.skipped,
            "skipped_examples": self.skipped_examples,
        }

    def term_rows(self) -> list[tuple[str, str, str, int, int, int]]:
        """(term, expected, origin, matched, enforced, violations) per term: most violations first, then most
        matched."""
        rows = [(term, expected, origin, matched, matched - bad, bad)
                for (term, expected, origin), (matched, bad) in self._terms.items()]
        return sorted(rows, key=lambda r: (-r[5], -r[3], r[0], r[1], r[2]))

    def write(self, out_dir: Path) -> list[Path]:
        """glossary-report.csv (per term), glossary-violations.csv and, when full, glossary-log.csv."""
        summary = out_dir / self.SUMMARY_FILE
        with atomic_writer(summary) as out:
            text = io.TextIOWrapper(out, encoding="utf-8", newline="")
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(self.SUMMARY_COLUMNS)
            writer.writerows(self.term_rows())
            text.flush()
            text.detach()
        written = [summary, self._violations.copy_to(out_dir / self.VIOLATIONS_FILE)]
        if self._log:
            written.append(self._log.copy_to(out_dir / self.LOG_FILE))
        return written


class _SpooledCsv:
    """CSV rows written to a temporary file as they come; copy_to() writes them out atomically."""

    def __init__(self, columns: tuple[str, ...]) -> None:
        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file, lineterminator="\n")
        self._writer.writerow(columns)

    def add(self, row: tuple[str, ...]) -> None:
        self._writer.writerow(row)

    def copy_to(self, path: Path) -> Path:
        self._file.flush()
        self._file.seek(0)
        with atomic_writer(path) as out:
            shutil.copyfileobj(cast(BinaryIO, self._file.buffer), out)
        self._file.seek(0, 2)
        return path

    def close(self) -> None:
        self._file.close()


def _origin_kind(origin: str) -> str:
    """glossary:diplomatic.tsv:12 -> glossary; names:list:persons.tsv:7 -> names:list."""
    parts = origin.split(":")
    return ":".join(parts[:2]) if parts[0] == "names" else parts[0] or "glossary"
