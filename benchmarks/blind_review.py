"""A blind side-by-side review sample: paragraphs of posts the translation code was not tuned on, each with its
translation by several systems under shuffled labels, for a reviewer who does not know which is which.

    python benchmarks/blind_review.py --posts ../shared/corpus/posts-more --out /tmp/review \\
        [--before-code ../wt-before] [--count 40] [--seed 7] [--exclude-review OLD/review.md ...]

Systems: "after" (this checkout, `bilingual translate` with its defaults), "before" (the code in --before-code,
run the same way), "model" (the model alone: each sentence of the paragraph translated plainly and joined).
Writes review.md (for the reviewer: source and X/Y/Z per paragraph), key.json (which label is which system) and,
given the reviewer's verdicts (--score verdicts.json: {"1": {"X": "ok"|"garbled", …, "best": "X"}, …}), prints the
garbled count per system and the head-to-head wins. --exclude-review: paragraphs of earlier reviews (their
review.md) are left out, so a new sample is fresh to a reviewer and to whoever fixed what the last one found.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bilingual import segment  # noqa: E402

SHARED_MODEL = Path(__file__).resolve().parents[2] / "shared" / "models" / "translate-zh_en-1_9.argosmodel"

HAN = re.compile(r"[\u4e00-\u9fff]")
EXCLUDE = Path(__file__).with_name("data")  # posts annotated for the names dev sets are left out


def edition(code: Path, posts: Path, out: Path, model: Path) -> dict[str, str]:
    """original paragraph -> its translation, from the HTML edition that `code` makes of posts."""
    env = {**os.environ, "PYTHONPATH": str(code), "BILINGUAL_HOME": str((out / "home").resolve()),
           "BILINGUAL_MODEL": str(model.resolve())}
    # run from the code's folder: `python -m` puts the working folder first on the path
    run = subprocess.run([sys.executable, "-m", "bilingual.cli", "translate", str(posts.resolve()), "--out",
                          str((out / "ed").resolve()), "--format", "html", "--quiet"], env=env, capture_output=True,
                         text=True, cwd=code)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{code}: translate failed: {run.stderr.strip()}")
    pairs: dict[str, str] = {}
    for page in (out / "ed" / "html").rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for pair in soup.select("div.pair"):
            original, translation = pair.select_one(".original"), pair.select_one(".translation")
            if original is not None and translation is not None:
                pairs[original.get_text(" ", strip=True)] = translation.get_text(" ", strip=True)
    return pairs


def model_alone(paragraphs: list[str], model: Path) -> list[str]:
    from bilingual import models, script
    from bilingual.translate.engine import Engine

    engine = Engine(models.find_model(model))
    sentences = [segment.sentences_for_model(p) for p in paragraphs]
    flat = [script.to_model_input(s) for group in sentences for s in group]
    out = dict(zip(flat, engine.translate(flat), strict=True))
    return [segment.join_translations([out[script.to_model_input(s)] for s in group]) for group in sentences]


def excluded_posts() -> set[str]:
    names = set()
    for tsv in EXCLUDE.glob("names-*.tsv"):
        names.update(line.split("\t")[0] for line in tsv.read_text(encoding="utf-8").splitlines()
                     if line and not line.startswith("#"))
    return names


def build(args: argparse.Namespace) -> None:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    posts = out / "posts"
    if not posts.exists():
        posts.mkdir()
        skip = excluded_posts()
        for path in sorted(args.posts.rglob("*.md")):
            if path.name not in skip:
                (posts / path.name).write_bytes(path.read_bytes())
    here = Path(__file__).resolve().parents[1]
    systems = {"after": edition(here, posts, out / "after", args.model)}
    if args.before_code:
        systems["before"] = edition(args.before_code.resolve(), posts, out / "before", args.model)
    # paragraphs every system shows, with enough Chinese to judge
    reviewed = {line[len("Source: "):] for old in args.exclude_review
                for line in old.read_text(encoding="utf-8").splitlines() if line.startswith("Source: ")}
    common = [p for p in systems["after"] if all(p in s for s in systems.values()) and len(HAN.findall(p)) >= 20
              and p not in reviewed]
    rng = random.Random(args.seed)
    sample = sorted(rng.sample(sorted(common), min(args.count, len(common))))
    alone = model_alone(sample, args.model)
    key: dict[str, dict[str, str]] = {}
    lines = ["# Blind review", "", "For each paragraph: is each translation garbled (a reader would be misled: "
             "meaning inverted, a clause or the speaker dropped, an invented phrase, a wrong entity)? "
             "And which is best?", ""]
    for number, paragraph in enumerate(sample, 1):
        texts = {name: s[paragraph] for name, s in systems.items()} | {"model": alone[number - 1]}
        names = list(texts)
        rng.shuffle(names)
        labels = dict(zip("XYZ", names, strict=False))
        key[str(number)] = labels
        lines += [f"## {number}", "", f"Source: {paragraph}", ""]
        lines += [f"{label}: {texts[name]}" for label, name in labels.items()] + [""]
    (out / "review.md").write_text("\n".join(lines), encoding="utf-8")
    (out / "key.json").write_text(json.dumps(key, indent=1), encoding="utf-8")
    print(f"wrote {out / 'review.md'} ({len(sample)} paragraphs of {len(common)}) and {out / 'key.json'}")


def score(args: argparse.Namespace) -> None:
    key = json.loads((args.out / "key.json").read_text(encoding="utf-8"))
    verdicts = json.loads(args.score.read_text(encoding="utf-8"))
    garbled: dict[str, int] = {}
    best: dict[str, int] = {}
    for number, labels in key.items():
        verdict = verdicts[number]
        for label, name in labels.items():
            garbled[name] = garbled.get(name, 0) + (verdict[label] == "garbled")
        if verdict.get("best") in labels:
            best[labels[verdict["best"]]] = best.get(labels[verdict["best"]], 0) + 1
    print(f"{len(key)} paragraphs")
    for name in sorted(garbled):
        print(f"{name:<8} garbled {garbled[name]:>3}   judged best {best.get(name, 0):>3}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus"
                        / "posts-more")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--before-code", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--score", type=Path, default=None, help="the reviewer's verdicts (JSON): print the tally")
    parser.add_argument("--exclude-review", type=Path, action="append", default=[],
                        help="an earlier review.md whose paragraphs are left out (repeatable)")
    args = parser.parse_args()
    args.model = args.model or Path(os.environ.get("BILINGUAL_MODEL") or SHARED_MODEL)
    if args.score:
        score(args)
    else:
        build(args)


if __name__ == "__main__":
    main()
