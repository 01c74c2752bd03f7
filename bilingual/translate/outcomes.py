"""What happened to a sentence in the translation stage, in the words report.json, review files and the memory use.

- Status: ok, or flagged (no translation passed the checks; the Problem says why). The memory stores the two as
  one readable string, "ok" or "flagged:<problem>" (stored_status / parse_status).
- Origin: where the shown translation came from: a person, the model, an enforcement step, the rules…
- Step: how enforcement got a sentence's terms in (model-correct when the model's own sentence had them).

Every value is a StrEnum, so it compares equal to and is stored as its readable string, and memories written by
earlier releases load unchanged.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OK = "ok"
    FLAGGED = "flagged"


class Problem(StrEnum):
    """Why a translation is not shown (checks.problem)."""

    EMPTY = "empty"
    REPETITION = "repetition"
    UNTRANSLATED = "untranslated"
    TOO_LONG = "too-long"
    TOO_SHORT = "too-short"


class Step(StrEnum):
    """How enforcement served a sentence with terms (translate/enforcement.py)."""

    MODEL_CORRECT = "model-correct"  # the model's sentence rendered every term
    PROTECTED_FIRST = "protected-first"  # terms the model is known to miss protected in the first pass
    FAILING_PLACEHOLDER = "failing-placeholder"
    FAILING_SPACED = "failing-spaced"
    FAILING_INLINE = "failing-inline"
    ALL_SPACED = "all-spaced"
    BY_CLAUSE = "by-clause"
    SPLICED = "spliced"
    ANNOTATED = "annotated"  # the model's sentence with the required renderings added in brackets

    @classmethod
    def protection(cls, only_failing: bool, style: str) -> Step:
        return cls(f"{'failing' if only_failing else 'all'}-{style}")


class Origin(StrEnum):
    HUMAN = "human"
    MODEL = "model"
    FLAGGED = "flagged"
    PASSTHROUGH = "passthrough"  # no Chinese in it: shown as written
    NEWS_RULE = "news-rule"  # a dateline, byline, editor or credit line rendered by rule (news.py)
    RETRIED_BY_CLAUSE = "retried-by-clause"  # failed the checks whole, passed translated clause by clause
    RECOVERED_BY_CLAUSE = "recovered-by-clause"  # dropped a clause or invented text whole (coverage.py)
    PROTECTED_FIRST = Step.PROTECTED_FIRST.value
    FAILING_PLACEHOLDER = Step.FAILING_PLACEHOLDER.value
    FAILING_SPACED = Step.FAILING_SPACED.value
    FAILING_INLINE = Step.FAILING_INLINE.value
    ALL_SPACED = Step.ALL_SPACED.value
    BY_CLAUSE = Step.BY_CLAUSE.value
    SPLICED = Step.SPLICED.value
    ANNOTATED = Step.ANNOTATED.value
    UNKNOWN = "unknown"  # a memory row whose origin this release does not know

    @classmethod
    def of_step(cls, step: Step) -> Origin:
        return cls.MODEL if step == Step.MODEL_CORRECT else cls(step.value)

    @classmethod
    def parse(cls, text: str) -> Origin:
        """A stored origin: '' for rows from before origins were kept (the model's)."""
        if not text:
            return cls.MODEL
        try:
            return cls(text)
        except ValueError:
            return cls.UNKNOWN

    @property
    def enforced(self) -> bool:
        """Whether an enforcement step made this translation."""
        return self in _STEP_ORIGINS


_STEP_ORIGINS = frozenset(Origin(s.value) for s in Step if s != Step.MODEL_CORRECT)


def stored_status(problem: Problem | None) -> str:
    """The status as the memory keeps it: "ok" or "flagged:<problem>"."""
    return Status.OK.value if problem is None else f"{Status.FLAGGED}:{problem}"


def parse_status(text: str) -> tuple[Status, Problem | None]:
    status, _, problem = text.partition(":")
    if status == Status.OK:
        return Status.OK, None
    try:
        return Status.FLAGGED, Problem(problem)
    except ValueError:
        return Status.FLAGGED, None
