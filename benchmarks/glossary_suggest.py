"""How well `bilingual glossary suggest` finds what a glossary lacks: hide every fifth shipped entry that occurs in
the posts (20%), run suggest with the rest, and count the hidden entries among the top N suggestions.

    python benchmarks/glossary_suggest.py [POSTS_DIR] [--top 50 100 200] [--model PATH] [--show 50]

Prints the share found at each N, and the top suggestions (for reading them: which would an editor keep?).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared"

import bilingual  # noqa: E402
from bilingual.glossary import Glossary  # noqa: E402
from bilingual.glossary.usage import term_uses  # noqa: E402
from bilingual.review.units import posts_of  # noqa: E402
from bilingual.suggest import suggest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", nargs="?", type=Path, default=SHARED / "corpus/posts")
    parser.add_argument("--top", type=int, nargs="+", default=[50, 100, 200])
    parser.add_argument("--model", default=str(SHARED / "models/translate-zh_en-1_9.argosmodel"))
    parser.add_argument("--show", type=int, default=50)
    args = parser.parse_args()

    posts = posts_of(args.posts)
    shipped = bilingual.load_glossary()
    used = sorted(u.entry.source for u in term_uses(shipped, posts))
    hidden = set(used[::5])
    kept = Glossary([e for e in shipped.entries if e.source not in hidden])
    print(f"{dt.date.today()} · {os.cpu_count()} cores · {len(posts)} posts · {len(used)} shipped entries occur, "
          f"{len(hidden)} hidden")
    terms = [c.term for c in suggest(posts, kept, None, max(args.top))]  # mining alone, ranked by frequency
    for n in args.top:
        hits = hidden & set(terms[:n])
        print(f"top {n:>4}: {len(hits):>3} of {len(hidden)} hidden entries found "
              f"({100 * len(hits) / len(hidden):.0f}%)")
    print(f"hidden and not found: {', '.join(sorted(hidden - set(terms)))}")
    with bilingual.open_translator(args.model, glossary=None, names=False) as translator:
        found = suggest(posts, kept, translator, args.show)
    print(f"\ntop {args.show} as `glossary suggest` writes them (term · proposed · category · count · "
          "model's sentences carrying it · hidden?):")
    for c in found[: args.show]:
        mark = "HIDDEN" if c.term in hidden else ""
        print(f"  {c.term}\t{c.proposed}\t{c.category}\t{c.count}\t{c.rendered}/{len(c.sentences)}\t{mark}")


if __name__ == "__main__":
    main()
