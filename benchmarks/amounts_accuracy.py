"""Amounts (amounts.py) on sentences the rules were not written from: how many the English states at their value,
with the amounts rule off and on, everything else as translate runs by default.

    python benchmarks/amounts_accuracy.py [--pairs TSV] [--posts DIR ...] [--model PATH] [--show]

--pairs: source<TAB>reference lines (default: the WMT21 dev pairs in ../shared/corpus/parallel); chrF and BLEU of
the sentences holding an amount are printed for both. --posts: the sentences of these post folders instead.
An amount counts as stated when the English holds one of amounts.english()'s forms of its value (91.914 million
or 91,914,000; $95,002 or 95,002 US dollars). --show prints every sentence whose English changed.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import sentences_of  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=Path, default=SHARED / "corpus/parallel/wmt21-zh-en.dev.tsv")
    parser.add_argument("--posts", type=Path, nargs="*", default=[])
    parser.add_argument("--model", default=str(SHARED / "models/translate-zh_en-1_9.argosmodel"))
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args()

    import sacrebleu

    import bilingual
    from bilingual import amounts, script
    from bilingual.terms.matching import SentenceTerms, check

    references: list[str] = []
    if args.posts:
        sources = [s for folder in args.posts for s in sentences_of(folder)]
    else:
        lines = [line.rstrip("\n").split("\t") for line in args.pairs.read_text(encoding="utf-8").splitlines()]
        sources, references = [c[0] for c in lines if len(c) >= 2], [c[1] for c in lines if len(c) >= 2]

    def amounts_of(original: str) -> SentenceTerms:
        source = script.to_model_input(original)
        return SentenceTerms.of(source, amounts.find(source, simplified_script=original == source))

    def stated_in(english: str, terms: SentenceTerms) -> int:
        missing = {v.term for v in check(english, terms)}
        return sum(c for e, c in zip(terms.entries, terms.counts, strict=True) if e.source not in missing)

    chosen = [n for n, s in enumerate(sources) if amounts_of(s)]
    texts = [sources[n] for n in chosen]
    total = sum(sum(amounts_of(s).counts) for s in texts)
    outputs = {}
    with tempfile.TemporaryDirectory() as home:
        for label, on in (("amounts off", False), ("amounts on (default)", True)):
            with bilingual.open_translator(args.model, home=Path(home), amounts=on) as translator:
                outputs[label] = [r.translation for r in translator.translate(texts).results]
    print(f"{len(texts)} sentences hold {total} amounts ({'posts' if args.posts else args.pairs.name})")
    for label, english in outputs.items():
        stated = sum(stated_in(t, amounts_of(s)) for s, t in zip(texts, english, strict=True))
        line = f"{label:22} stated at their value {stated}/{total} ({stated / total:.0%})"
        if references:
            refs = [[references[n] for n in chosen]]
            line += (f"   chrF {sacrebleu.corpus_chrf(english, refs).score:.2f}"
                     f"  BLEU {sacrebleu.corpus_bleu(english, refs).score:.2f}")
        print(line)
    off, on = outputs.values()
    changed = [n for n in range(len(texts)) if off[n] != on[n]]
    print(f"{len(changed)} of {len(texts)} sentences changed")
    if args.show:
        for n in changed:
            print(f"\n{texts[n]}\n  off: {off[n]}\n  on:  {on[n]}")
            if references:
                print(f"  ref: {references[chosen[n]]}")


if __name__ == "__main__":
    main()
