"""Quality on reference pairs: chrF and BLEU (sacrebleu) and glossary term accuracy, with and without glossary;
and, per way a sentence was produced (the model's own, each enforcement step), chrF of that output against the
plain model's on the same sentences, so a step that loses shows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bilingual import script
from bilingual.errors import UnreadableInput
from bilingual.files import read_user_file
from bilingual.glossary import Glossary, check
from bilingual.translate.engine import TranslationEngine
from bilingual.translate.memory import TranslationMemory

if TYPE_CHECKING:
    from bilingual.names import NameFinder


@dataclass
class Scores:
    label: str
    chrf: float
    bleu: float
    terms_matched: int
    terms_rendered: int
    seconds: float

    @property
    def term_accuracy(self) -> float:
        return 100.0 * self.terms_rendered / self.terms_matched if self.terms_matched else 100.0


@dataclass
class StepScores:
    """chrF against the references on the sentences one origin served: of the plain model's output there, and
    of the default output."""

    origin: str
    sentences: int
    chrf_plain: float
    chrf_default: float


@dataclass
class Evaluation:
    scores: list[Scores]
    steps: list[StepScores]


def read_pairs(path: Path, limit: int | None = None) -> tuple[list[str], list[str]]:
    sources, references = [], []
    text = read_user_file(path, UnreadableInput)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 2:
            raise UnreadableInput(f"{path}:{number}: expected source<TAB>reference")
        sources.append(cells[0].strip())
        references.append(cells[1].strip())
        if limit and len(sources) >= limit:
            break
    if not sources:
        raise UnreadableInput(f"{path}: no pairs (expected source<TAB>reference lines)")
    return sources, references


def score(
    label: str, hypotheses: list[str], references: list[str], sources: list[str], glossary: Glossary, seconds: float
) -> Scores:
    import sacrebleu

    matched = rendered = 0
    for source, hypothesis in zip(sources, hypotheses, strict=True):
        found = glossary.terms_in(script.to_model_input(source))
        if not found:
            continue
        missing = {v.term for v in check(hypothesis, found)}
        for entry, count in zip(found.entries, found.counts, strict=True):
            matched += count
            rendered += 0 if entry.source in missing else count
    return Scores(
        label=label,
        chrf=sacrebleu.corpus_chrf(hypotheses, [references]).score,
        bleu=sacrebleu.corpus_bleu(hypotheses, [references]).score,
        terms_matched=matched,
        terms_rendered=rendered,
        seconds=seconds,
    )


def evaluate(
    pairs: Path,
    engine: TranslationEngine,
    memory: TranslationMemory,
    glossary: Glossary,
    limit: int | None = None,
    names: NameFinder | None = None,
) -> Evaluation:
    """Translate the sources with the model alone, with the glossary, and (with names) as `translate` does by
    default, all through the cache; score each, and each origin of the last configuration against the model."""
    import time

    import sacrebleu

    from bilingual.translate.translator import Translator

    sources, references = read_pairs(pairs, limit)
    configurations: list[tuple[str, Glossary | None, NameFinder | None]] = [
        ("model alone", None, None), ("with glossary", glossary, None)]
    if names is not None:
        configurations.append(("default", glossary, names))
    scores, outputs = [], []
    for label, active, finder in configurations:
        # amounts (amounts.py) as translate enforces them: in the default row only, so the others stay comparable
        translator = Translator(engine, memory, active, names=finder, human=False, amounts=label == "default")
        started = time.perf_counter()
        outputs.append(translator.translate(sources).results)
        hypotheses = [r.translation for r in outputs[-1]]
        scores.append(score(label, hypotheses, references, sources, glossary, time.perf_counter() - started))
    by_origin: dict[str, list[int]] = defaultdict(list)
    for n, result in enumerate(outputs[-1]):
        by_origin[result.origin].append(n)
    steps = []
    for origin, indices in sorted(by_origin.items(), key=lambda kv: -len(kv[1])):
        refs = [[references[n] for n in indices]]
        steps.append(StepScores(
            origin, len(indices),
            sacrebleu.corpus_chrf([outputs[0][n].translation for n in indices], refs).score,
            sacrebleu.corpus_chrf([outputs[-1][n].translation for n in indices], refs).score,
        ))
    return Evaluation(scores, steps)


def format_table(results: list[Scores]) -> str:
    lines = [
        f"{'':<15} {'chrF':>6} {'BLEU':>6} {'terms matched':>14} {'rendered':>9} {'term accuracy':>14}",
    ]
    for r in results:
        lines.append(
            f"{r.label:<15} {r.chrf:>6.2f} {r.bleu:>6.2f} {r.terms_matched:>14} {r.terms_rendered:>9} "
            f"{r.term_accuracy:>13.1f}%"
        )
    return "\n".join(lines)


def format_steps(evaluation: Evaluation) -> str:
    """One line per origin of the last configuration's sentences: its chrF and the plain model's on them."""
    label = evaluation.scores[-1].label
    lines = [f"{'origin (' + label + ')':<28} {'sentences':>9} {'chrF model':>11} {'chrF ' + label:>14} {'Δ':>6}"]
    for step in evaluation.steps:
        lines.append(f"{step.origin:<28} {step.sentences:>9} {step.chrf_plain:>11.2f} {step.chrf_default:>14.2f} "
                     f"{step.chrf_default - step.chrf_plain:>+6.2f}")
    return "\n".join(lines)


def format_comparison(compared: list[tuple[str, Evaluation]]) -> str:
    """One line per engine and configuration, on the same pairs: the engines side by side."""
    width = max(len("engine"), *(len(name) for name, _ in compared))
    lines = [f"{'engine':<{width}} {'configuration':<15} {'chrF':>6} {'BLEU':>6} {'term accuracy':>14} {'seconds':>8}"]
    for name, evaluation in compared:
        for r in evaluation.scores:
            lines.append(f"{name:<{width}} {r.label:<15} {r.chrf:>6.2f} {r.bleu:>6.2f} {r.term_accuracy:>13.1f}% "
                         f"{r.seconds:>8.1f}")
    return "\n".join(lines)
