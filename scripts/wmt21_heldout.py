"""The WMT21 newstest2021 zh→en lines ../shared leaves out, as a pairs file to measure on (never to tune on).

    python scripts/wmt21_heldout.py WMT21_NEWS_SYSTEMS_CHECKOUT OUT.tsv

../shared/corpus/parallel/wmt21-zh-en.dev.tsv holds 1,246 of newstest2021's 1,948 pairs; the other 702 (same
documents, same month) were read by nobody here. This writes them, Chinese<TAB>reference A, in their order, from a
checkout of github.com/wmt-conference/wmt21-news-systems (txt/sources/newstest2021.zh-en.src.zh and
txt/references/newstest2021.zh-en.ref.A.en). Research use only: keep the output outside the repo.
benchmarks/data/names-wmt21-heldout.tsv annotates its names by line number.
"""

from __future__ import annotations

import sys
from pathlib import Path

SHARED_PAIRS = Path(__file__).resolve().parents[1].parent / "shared/corpus/parallel/wmt21-zh-en.dev.tsv"


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    checkout, out = Path(sys.argv[1]), Path(sys.argv[2])
    sources = (checkout / "txt/sources/newstest2021.zh-en.src.zh").read_text(encoding="utf-8").splitlines()
    references = (checkout / "txt/references/newstest2021.zh-en.ref.A.en").read_text(encoding="utf-8").splitlines()
    if len(sources) != len(references):
        raise SystemExit(f"{checkout}: {len(sources)} sources but {len(references)} references")
    seen = set(SHARED_PAIRS.read_text(encoding="utf-8").splitlines())
    left = [f"{zh}\t{en}" for zh, en in zip(sources, references, strict=True) if f"{zh}\t{en}" not in seen]
    out.write_text("".join(line + "\n" for line in left), encoding="utf-8")
    print(f"{out}: {len(left)} pairs of {len(sources)} not in {SHARED_PAIRS.name}")


if __name__ == "__main__":
    main()
