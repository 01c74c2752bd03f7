"""The stock phrases the model makes up: every clause of some posts and reference pairs through the model alone,
then the English sentences it gave for three or more different clauses.

    python benchmarks/boilerplate.py [--posts DIR] [--pairs PAIRS.tsv] [--model PATH] [--min 3]

A phrase the model gives for unrelated clauses ("I'm not sure what I'm talking about." for 古今中外，and for
跌幅3%，) translates none of them: checks.without_boilerplate removes those it knows. Prints each repeated phrase with
how many clauses gave it and some of them, then how many clause outputs still carry a phrase checks knows, and
how many it leaves empty (the translator then asks for another translation).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import sentences_of  # noqa: E402

from bilingual import script, segment  # noqa: E402
from bilingual.evaluate import read_pairs  # noqa: E402


def clauses_of(posts: list[Path], pairs: list[Path]) -> list[str]:
    sentences = [s for folder in posts for s in sentences_of(folder)]
    for path in pairs:
        sources, _ = read_pairs(path)
        sentences += [s for source in sources for s in segment.sentences_for_model(script.to_model_input(source))]
    return list(dict.fromkeys(c.strip() for s in sentences for c in segment.clauses(s) if script.has_han(c)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, action="append")
    parser.add_argument("--pairs", type=Path, action="append")
    parser.add_argument("--model", default=os.environ.get("BILINGUAL_MODEL")
                        or str(SHARED / "models/translate-zh_en-1_9.argosmodel"))
    parser.add_argument("--min", type=int, default=3, help="clauses a phrase must come out for")
    args = parser.parse_args()
    posts = args.posts or [SHARED / "corpus/posts"]
    pairs = args.pairs or [SHARED / "corpus/parallel/wmt21-zh-en.dev.tsv"]

    from bilingual.models import find_model
    from bilingual.translate import checks
    from bilingual.translate.engine import Engine, Tokenizing

    clauses = clauses_of(posts, pairs)
    engine = Engine(find_model(args.model))
    # the model's own output: without the removal the engine applies
    results = engine._translator.translate_batch(
        [engine.tokenize(c) for c in clauses], beam_size=engine.decoding.beam_size,
        length_penalty=engine.decoding.length_penalty, replace_unknowns=True, max_batch_size=32)
    outputs = [Tokenizing.detokenize(engine, r.hypotheses[0]) for r in results]

    by_phrase: dict[str, list[str]] = defaultdict(list)
    for clause, output in zip(clauses, outputs, strict=True):
        for sentence in re.split(r"(?<=[.!?])\s+", output):
            key = re.sub(r"\W+", " ", sentence.lower()).strip()
            if len(key.split()) >= 3:
                by_phrase[key].append(clause)
    print(f"{len(clauses)} clauses of {', '.join(map(str, posts + pairs))}")
    for phrase, sources in sorted(by_phrase.items(), key=lambda kv: -len(set(kv[1]))):
        if len(set(sources)) >= args.min:
            print(f"{len(set(sources)):>4}  {phrase}  ({' / '.join(sources[:3])})")
    carrying = [(c, o) for c, o in zip(clauses, outputs, strict=True) if checks.boilerplate(c, o)]
    emptied = sum(1 for c, o in carrying if not checks.without_boilerplate(c, o))
    print(f"clause outputs with a phrase checks.without_boilerplate removes: {len(carrying)} of {len(clauses)}; "
          f"left empty (translated again): {emptied}")


if __name__ == "__main__":
    main()
