"""Quality on reference pairs: chrF and BLEU (sacrebleu) and glossary term accuracy, with and without glossary."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bilingual import script
from bilingual.engine import TranslationEngine
from bilingual.errors import UnreadableInput
from bilingual.files import read_user_file
from bilingual.glossary import Glossary, check
from bilingual.memory import TranslationMemory


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
    pairs: Path, engine: TranslationEngine, memory: TranslationMemory, glossary: Glossary, limit: int | None = None
) -> list[Scores]:
    """Translate the sources without and with the glossary (through the cache) and score both."""
    import time

    from bilingual.translator import Translator

    sources, references = read_pairs(pairs, limit)
    results = []
    for label, active in (("model alone", None), ("with glossary", glossary)):
        translator = Translator(engine, memory, active, human=False)
        started = time.perf_counter()
        hypotheses = [r.translation for r in translator.translate(sources).results]
        results.append(score(label, hypotheses, references, sources, glossary, time.perf_counter() - started))
    return results


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
