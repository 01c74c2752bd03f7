"""Beam size and batching against quality: sentences/s and chrF on the WMT21 zh-en test set, in one run.

    python benchmarks/quality_speed.py [--pairs ../shared/corpus/parallel/wmt21-zh-en.dev.tsv] [--limit 400]

For each beam size it translates the same sentences four ways and prints a table:
  bilingual   — Engine.translate: batches of one 8-token length bin, padded to the bin's top (translation
                independent of batch-mates)
  padded      — ctranslate2 translate_batch over all sentences, 32 examples per batch, sorted by length (the
                usual way; pads to the longest member)
  tokens      — the same, batches of up to 1024 tokens instead of 32 examples
  one-by-one  — one sentence per call (what a per-sentence loop does), on the first 60 sentences only
It also reports how many sentences each other batching translated differently from bilingual's.
Then, at the default beam, Engine.translate with inter_threads x intra_threads = 1x1, 1x2, 2x1, 2x2.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bilingual.models import find_model
from bilingual.translate.engine import Decoding, Engine, detokenize  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=SHARED / "corpus/parallel/wmt21-zh-en.dev.tsv")
    parser.add_argument("--limit", type=int, default=400)
    parser.add_argument("--model", default=None)
    parser.add_argument("--beams", default="1,2,4")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats; the median is printed")
    args = parser.parse_args()

    rows = [line.split("\t") for line in args.pairs.read_text(encoding="utf-8").splitlines() if "\t" in line]
    rows = rows[: args.limit]
    sources, references = [r[0] for r in rows], [r[1].strip() for r in rows]
    engine = Engine(find_model(args.model))
    tokens = [engine.tokenize(s) for s in sources]
    print(f"{len(sources)} sentences from {args.pairs.name}; model {engine.model_id}; "
          f"{len(set(map(len, tokens)))} distinct token lengths")
    print(f"{'beam':>4} {'way':<11} {'sent/s':>7} {'chrF':>6} {'BLEU':>6} {'differs':>8}")
    for beam in (int(b) for b in args.beams.split(",")):
        decoding = replace(Decoding(), beam_size=beam)
        timings, outputs = [], None
        for _ in range(args.repeats):
            started = time.perf_counter()
            outputs = engine.translate(sources, decoding=decoding)
            timings.append(time.perf_counter() - started)
        equal = outputs
        report(beam, "bilingual", len(sources), timings, equal, references, None)

        for way, batching in (("padded", {"max_batch_size": 32}),
                              ("tokens", {"max_batch_size": 1024, "batch_type": "tokens"})):
            timings = []
            for _ in range(args.repeats):
                started = time.perf_counter()
                padded_out = engine._translator.translate_batch(
                    tokens, beam_size=beam, length_penalty=decoding.length_penalty,
                    max_decoding_length=decoding.max_decoding_length, replace_unknowns=True, **batching,
                )
                timings.append(time.perf_counter() - started)
            padded = [detokenize(o.hypotheses[0]) for o in padded_out]
            differs = sum(a != b for a, b in zip(padded, equal, strict=True))
            report(beam, way, len(sources), timings, padded, references, differs)

        few = sources[:60]
        started = time.perf_counter()
        single = [engine.translate([s], decoding=decoding)[0] for s in few]
        report(beam, "one-by-one", len(few), [time.perf_counter() - started], single, references[:60], None,
               quality=False)

    import ctranslate2

    print(f"\nthreads at beam {Decoding().beam_size} (inter x intra; the Engine default is {engine.workers}x1)")
    for inter, intra in ((1, 1), (1, 2), (2, 1), (2, 2)):
        engine._translator = ctranslate2.Translator(
            str(engine.model.path / "model"), device="cpu", inter_threads=inter, intra_threads=intra
        )
        timings = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            outputs = engine.translate(sources)
            timings.append(time.perf_counter() - started)
        report(Decoding().beam_size, f"{inter}x{intra}", len(sources), timings, outputs, references, None)
    sys.stdout.flush()


def report(beam, way, n, timings, hyps, refs, differs, quality=True):
    import sacrebleu

    seconds = statistics.median(timings)
    chrf = f"{sacrebleu.corpus_chrf(hyps, [refs]).score:6.2f}" if quality else "     -"
    bleu = f"{sacrebleu.corpus_bleu(hyps, [refs]).score:6.2f}" if quality else "     -"
    diff = "" if differs is None else f"{differs}/{n}"
    print(f"{beam:>4} {way:<11} {n / seconds:>7.2f} {chrf} {bleu} {diff:>8}", flush=True)


if __name__ == "__main__":
    main()
