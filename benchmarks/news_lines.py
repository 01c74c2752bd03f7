"""News lines: how many datelines, bylines, editor, credit and copyright lines come out right, on the annotated set.

    python benchmarks/news_lines.py                      # the rules (bilingual/news.py), dev and held sets
    python benchmarks/news_lines.py --model PATH         # also the model alone on the same lines (before the rules)

The annotations (benchmarks/data/news-lines.tsv) list, per post, each news line as written and its English in the
house style (README: News lines); '?' marks a news line no rule renders. Facts and the lines only, no sentences.

- dev rows are judged in their real posts (../shared/corpus/posts and posts-more): the post is segmented as the
  pipeline segments it, and a row is right when the sentence piece that is the line renders exactly as annotated.
  Pieces rendered that no row lists are printed as false positives (and count against the total).
- held rows come from posts not in the corpus (github.com/nodenews/waimei, path@commit): the line is judged alone
  (whole) or opening a paragraph of text written for the test (opening).
- with --model, the model's own output for each line (what the translator did before this layer) is judged
  leniently: right when every name, place, outlet and number of the annotated English is in it.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bilingual import news, script, segment  # noqa: E402
from bilingual.posts import PostError, iter_post_paths, read_post  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
CORPUS = [REPO.parent / "shared" / "corpus" / "posts", REPO.parent / "shared" / "corpus" / "posts-more"]
DATA = Path(__file__).with_name("data") / "news-lines.tsv"
CONTINUATION = "据报道，当地发生了一件事。"  # the text after an opening line in held rows (written for the test)
GENERIC = {"Editor", "Editors", "Reporter", "Reporters", "The", "Web", "Compiled", "Translated", "Image", "Video",
           "Photo", "Copyright", "This", "No", "All", "Author", "Contributing", "Online", "Screenshot", "End"}
MONTHS = {"Jan.": "Jan(?:uary|\\.)?", "Feb.": "Feb(?:ruary|\\.)?", "Aug.": "Aug(?:ust|\\.)?",
          "Sept.": "Sept?(?:ember|\\.)?", "Oct.": "Oct(?:ober|\\.)?", "Nov.": "Nov(?:ember|\\.)?",
          "Dec.": "Dec(?:ember|\\.)?"}


@dataclass(frozen=True)
class Row:
    set: str
    post: str
    where: str
    line: str
    english: str


def read_rows(path: Path = DATA) -> list[Row]:
    with path.open(encoding="utf-8") as f:
        return [Row(r["set"], r["post"], r["where"], r["line"], r["english"])
                for r in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")]


def rendered_in_corpus() -> dict[str, dict[str, str | None]]:
    """post file name -> {sentence piece (Simplified): its rule rendering or None} for every piece of the post."""
    found: dict[str, dict[str, str | None]] = defaultdict(dict)
    for folder in CORPUS:
        for path in iter_post_paths(folder):
            try:
                post = read_post(path)
            except PostError:
                continue
            for text in [post.title, *(b.text for b in post.blocks)]:
                for piece in segment.sentences_for_model(text):
                    found[path.name][script.to_model_input(piece)] = news.render(piece)
    return found


def judge_rules(rows: list[Row]) -> tuple[dict[str, list[int]], list[str]]:
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    problems = []
    corpus = rendered_in_corpus()
    listed: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        line = script.to_model_input(row.line.strip())
        if row.set == "dev":
            listed[row.post].add(line)
            got = corpus.get(row.post, {}).get(line)
        else:
            text = row.line + (CONTINUATION if row.where == "opening" else "")
            pieces = segment.sentences_for_model(text)
            got = news.render(pieces[0]) if pieces else None
            if row.where == "opening" and pieces[1:] != [CONTINUATION]:
                got = None  # the line was not cut off cleanly
        ok = got == row.english and row.english != "?"
        score[row.set][0] += ok
        score[row.set][1] += 1
        if not ok:
            problems.append(f"  {row.set}\t{row.post[:40]}\t{row.line}\twanted {row.english}\tgot {got}")
    for post, pieces in corpus.items():
        for piece, english in pieces.items():
            if english is not None and piece not in listed[post]:
                score["dev"][1] += 1
                problems.append(f"  dev\t{post[:40]}\t{piece}\tnot a listed news line, rendered {english}")
    return score, problems


def key_facts(english: str) -> list[str]:
    """The names, places, outlets and numbers of an English news line, as patterns."""
    facts = []
    for token in re.findall(r"[A-Z][\w'’.-]*|\d+", english):
        token = token.rstrip(".") if token not in MONTHS else token
        if token in GENERIC or token.upper() == token and len(token) > 3 and token.isalpha():
            if token.upper() == token and token not in GENERIC:
                facts.append(re.escape(token.title()))  # TAIPEI: the city, any case
            continue
        facts.append(MONTHS.get(token, re.escape(token)))
    return facts


def judge_model(rows: list[Row], model: Path) -> tuple[dict[str, list[int]], list[str]]:
    from bilingual import models
    from bilingual.translate.engine import Engine

    engine = Engine(models.find_model(model))
    try:
        judged = [r for r in rows if r.english != "?"]
        sources = sorted({script.to_model_input(r.line.strip()) for r in judged})
        outputs = dict(zip(sources, engine.translate(sources), strict=True))
    finally:
        engine.close()
    score: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    lines = []
    for row in rows:
        output = outputs.get(script.to_model_input(row.line.strip()), "")
        facts = key_facts(row.english) if row.english != "?" else ["(?!)"]
        ok = all(re.search(rf"(?<!\w){f}(?!\w)", output, re.I) for f in facts)
        score[row.set][0] += ok
        score[row.set][1] += 1
        lines.append(f"  {'right' if ok else 'wrong'}\t{row.line}\t{output}")
    return score, lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="an .argosmodel: also judge the model alone on the lines")
    parser.add_argument("--verbose", action="store_true", help="list every line the model got")
    args = parser.parse_args()
    rows = read_rows()
    score, problems = judge_rules(rows)
    for name in ("dev", "held"):
        right, total = score[name]
        print(f"rules  {name:5} {right}/{total} right")
    if problems:
        print("\nnot right (set, post, line, wanted, got):")
        print("\n".join(problems))
    if args.model:
        score, lines = judge_model(rows, args.model)
        print()
        for name in ("dev", "held"):
            right, total = score[name]
            print(f"model  {name:5} {right}/{total} right (lenient: every name, place, outlet and number present)")
        if args.verbose:
            print("\n".join(lines))


if __name__ == "__main__":
    main()
