"""How often the model's output is bad (repetition, empty, untranslated, length) before and after retries.

    python benchmarks/bad_output.py [--pairs PAIRS.tsv] [--posts POSTS_DIR]   (defaults: ../shared/corpus)

Translates every WMT21 source sentence and every sentence of the real posts with the default decoding, counts
each problem checks.problem() finds, re-translates the bad ones with checks.RETRY_DECODING in turn, and
prints the counts before and after.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bilingual.models import find_model
from bilingual.translate import checks  # noqa: E402
from bilingual.translate.engine import Engine  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import sentences_of  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=SHARED / "corpus/parallel/wmt21-zh-en.dev.tsv")
    parser.add_argument("--posts", type=Path, default=SHARED / "corpus/posts")
    parser.add_argument("--model", default=None)
    args = parser.parse_args()
    engine = Engine(find_model(args.model))
    sets = {
        "WMT21 dev": [line.split("\t")[0] for line in args.pairs.read_text(encoding="utf-8").splitlines() if line],
        "real posts": sentences_of(args.posts),
    }
    print(f"model {engine.model_id}, beam {engine.decoding.beam_size}")
    print(f"{'set':<11} {'sentences':>9}  {'problem':<13} {'before':>6} {'after':>6}")
    for name, sources in sets.items():
        outputs = engine.translate(sources)
        before = {i: checks.problem(s, o) for i, (s, o) in enumerate(zip(sources, outputs, strict=True))}
        before = {i: p for i, p in before.items() if p}
        after = dict(before)
        for settings in checks.RETRY_DECODING:
            bad = [i for i, p in after.items() if p]
            if not bad:
                break
            retried = engine.translate([sources[i] for i in bad], decoding=replace(engine.decoding, **settings))
            for i, output in zip(bad, retried, strict=True):
                after[i] = checks.problem(sources[i], output)
        counts_before = Counter(before.values())
        counts_after = Counter(p for p in after.values() if p)
        kinds = sorted(set(counts_before) | {"empty", "repetition", "untranslated"})
        for kind in kinds:
            print(f"{name:<11} {len(sources):>9}  {kind:<13} {counts_before[kind]:>6} {counts_after[kind]:>6}")
        for i, problem in list(before.items())[:5]:
            print(f"    e.g. {problem}: {sources[i][:60]!r} -> {outputs[i][:80]!r}")


if __name__ == "__main__":
    main()
