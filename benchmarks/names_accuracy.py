"""Names: precision and recall of the renderings forced on proper names, by category, on the annotated dev set.

    python benchmarks/names_accuracy.py                       # the names layer (with the glossary), and before it
    python benchmarks/names_accuracy.py --out exports/        # also: does the translated post carry the name?
    python benchmarks/names_accuracy.py --dump                # every name the layer forces, for annotating

The dev set (benchmarks/data/names-dev.tsv) lists, per post of ../shared/corpus/posts, names as written, their
category and the correct English (|-separated accepted forms; "-" marks something that is not a name and must
not get one). Facts only, no sentences.

- recall: dev names for which a correct rendering is forced (or, with --out, found in the post's translation);
- precision: of the renderings the names layer forces on dev names and non-names, the share that is right;
  forced names the dev set does not list are printed as unjudged.

"before" is the shipped glossary alone, matching as before this layer (no word gate); "after" is the glossary
with the word gate plus the names layer, as `bilingual translate` runs by default.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import platform
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import bilingual  # noqa: E402
from bilingual import news, script, segment  # noqa: E402
from bilingual.glossary import Glossary, SentenceTerms  # noqa: E402
from bilingual.names import ORIGIN_GLOSSED, NameFinder, open_names  # noqa: E402
from bilingual.posts import PostError, iter_post_paths, read_post  # noqa: E402
from bilingual.terms.matching import Match  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
POSTS = REPO.parent / "shared" / "corpus" / "posts"
DEV = Path(__file__).with_name("data") / "names-dev.tsv"
CATEGORIES = ("mainland-person", "place", "hktw-person", "foreign-person", "organisation")


@dataclass(frozen=True)
class DevName:
    post: str
    name: str
    category: str
    english: tuple[str, ...]  # empty: not a name

    def accepts(self, rendering: str) -> bool:
        """The rendering is an accepted form, or holds one as words (武汉肺炎 "Wuhan pneumonia" has Wuhan)."""
        return any(re.search(rf"(?<!\w){re.escape(e)}(?!\w)", rendering, re.I) for e in self.english)

    def in_text(self, text: str) -> bool:
        """An accepted form stands in a translation as written, or in capitals (a dateline's BEIJING)."""
        return any(re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text)
                   for e in self.english for form in dict.fromkeys((e, e.upper())))


def read_dev(path: Path) -> list[DevName]:
    rows = []
    with path.open(encoding="utf-8") as f:
        for row in csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"):
            english = () if row["english"].strip() == "-" else tuple(e.strip() for e in row["english"].split("|"))
            rows.append(DevName(row["post"], row["name"], row["category"], english))
    return rows


def post_sentences(folders: list[Path] | None = None) -> Iterator[tuple[str, list[str]]]:
    """(post file name, its sentences as the pipeline sends them) of every readable post; a reference-pairs file
    (Chinese<TAB>English, see --pairs) gives each line as a post of its own, named LABEL:LINE."""
    for folder in folders or [POSTS]:
        if folder.is_file():
            yield from pair_sentences(folder)
    for path in (p for folder in folders or [POSTS] if not folder.is_file() for p in iter_post_paths(folder)):
        try:
            post = read_post(path)
        except PostError:
            continue
        yield path.name, [original for text in [post.title, *post.tags, *(b.text for b in post.blocks)]
                          for original in segment.sentences_for_model(text)]


PAIRS_LABELS = {"wmt21-zh-en.heldout.tsv": "wmt21-heldout"}


def pair_sentences(pairs: Path) -> Iterator[tuple[str, list[str]]]:
    """The Chinese side of each line of a pairs file as a post of its own: (LABEL:LINE, its sentences)."""
    label = PAIRS_LABELS.get(pairs.name, pairs.stem)
    with pairs.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            yield f"{label}:{number}", segment.sentences_for_model(line.split("\t")[0])


def sentence_terms(glossary: Glossary, names: NameFinder | None, sentences: list[str],
                   per_post: bool = True) -> Iterator[tuple[str, str, SentenceTerms]]:
    """(sentence, its Simplified form, its terms) of one post's sentences, as the translator merges them: with the
    post's names (per_post, as translate_posts runs) or each sentence's own."""
    finder = names.for_post(sentences) if names is not None and per_post else names
    for original in sentences:
        source = script.to_model_input(original)
        terms: SentenceTerms = glossary.terms_in(source)
        if finder is not None:
            terms = terms.merged(finder.find(original, source))
        yield original, source, terms


def forced_by_post(glossary: Glossary, names: NameFinder | None, folders: list[Path] | None = None,
                   per_post: bool = True, news_lines: bool = False) -> dict[str, list[tuple[str, str, str]]]:
    """post file name -> (term, rendering, origin) of every term forced in it. news_lines: also each news line
    (byline, editor, credit) as the translator renders it by rule, as (the line, its English, "news:rule")."""
    found: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for name, sentences in post_sentences(folders):
        for original, source, terms in sentence_terms(glossary, names, sentences, per_post):
            if news_lines and (line := news.render(original)) is not None:
                found[name].append((source, line, "news:rule"))
                continue
            # the term as written (中科院), which may be a variant of the entry's source (中国科学院)
            found[name] += [(named(source, m), m.entry.rendering, m.entry.provenance) for m in terms.matches]
    return found


def named(source: str, match: Match) -> str:
    """The name a match forces: its text, less the gloss of a name glossed in brackets (布林肯（Antony Blinken）)."""
    text = source[match.start:match.end]
    return _GLOSS_AFTER.sub("", text) if match.entry.origin == ORIGIN_GLOSSED else text


_GLOSS_AFTER = re.compile(r"[（(][^（()）]*[）)]$")


def two_renderings(glossary: Glossary, names: NameFinder, folders: list[Path], per_post: bool) -> list[str]:
    """Posts in which one name (a person or place the names layer forces somewhere in the post) is rendered two
    ways: forced as two different renderings, or forced at one mention and left to the model at another (a mention
    that no forced term covers). News lines are the translator's by rule and not counted."""
    posts = []
    for name, sentences in post_sentences(folders):
        renderings: dict[str, set[str]] = defaultdict(set)
        mentions = []
        for original, source, terms in sentence_terms(glossary, names, sentences, per_post):
            if news.render(original) is not None:
                continue
            mentions.append((source, terms))
            for m in terms.matches:
                if m.entry.origin.startswith("names") and m.entry.category in ("person", "place"):
                    renderings[source[m.start:m.end]].add(m.entry.rendering)
        for source, terms in mentions:
            for m in terms.matches:  # glossary terms over a name count as its rendering there
                if source[m.start:m.end] in renderings:
                    renderings[source[m.start:m.end]].add(m.entry.rendering)
        # a mention is the name standing as words of the sentence (大庆|市民 holds no mention of 大庆市)
        bounds = {source: {b for w in names.segmenter.segment(source) for b in (w.start, w.end)}
                  for source, _ in mentions}
        uncovered = any(not any(m.start <= at and at + len(form) <= m.end for m in terms.matches)
                        for form in renderings for source, terms in mentions
                        for at in _occurrences(source, form)
                        if at in bounds[source] and at + len(form) in bounds[source])
        if uncovered or any(len(r) > 1 for r in renderings.values()):
            posts.append(name)
    return posts


def _occurrences(text: str, form: str) -> list[int]:
    found, at = [], text.find(form)
    while at >= 0:
        found.append(at)
        at = text.find(form, at + len(form))
    return found


def same_name(term: str, name: str) -> bool:
    """石家庄市 is 石家庄, 临沭县 临沭, 全国人大常委会法工委 法工委: one holds the other, a few characters apart."""
    return term == name or ((name in term or term in name) and abs(len(term) - len(name)) <= 7)


def score(dev: list[DevName], forced: dict[str, list[tuple[str, str, str]]], names_only: bool):
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    wrong, unjudged, missed = [], [], []
    by_post = defaultdict(list)
    for d in dev:
        by_post[d.post].append(d)
    for d in dev:
        if not d.english:
            continue
        hits = [r for t, r, origin in forced.get(d.post, []) if same_name(t, d.name)
                or (origin == "news:rule" and d.name in t)]
        recall[d.category][1] += 1
        recall[d.category][0] += any(d.accepts(r) for r in hits)
        if not any(d.accepts(r) for r in hits):
            missed.append((d.post, d.name, d.category, "|".join(hits) or "(nothing forced)"))
    for post, items in forced.items():
        for term, rendering, origin in dict.fromkeys(items):
            if names_only and not origin.startswith("names"):
                continue
            # judged by the dev name it renders: the term holds the name (石家庄市 for 石家庄), or is a place's short
            # form (河北 for 河北省); not 美国 for 美国民主基金会
            judged = [d for d in by_post.get(post, []) if same_name(term, d.name)
                      and (d.name in term or d.category == "place")]
            if not judged:
                if origin.startswith("names"):
                    unjudged.append((post, term, rendering, origin))
                continue
            d = judged[0]
            category = d.category if d.english else (d.category if d.category in CATEGORIES else "not-a-name")
            ok = d.accepts(rendering)
            precision[category][0] += ok
            precision[category][1] += 1
            if not ok:
                wrong.append((post, term, rendering, origin, "|".join(d.english) or "-"))
    return recall, precision, wrong, unjudged, missed


def translated_text(out: Path, folders: list[Path]) -> dict[str, str]:
    """post file name -> the text of its HTML page (the translation is in it)."""
    pages = {}
    posts = [post for folder in folders for post in iter_post_paths(folder)]
    for page in (out / "html").rglob("*.html"):  # month folders (html/2021/01/…) and undated/
        html = page.read_text(encoding="utf-8")
        text = re.sub(r"<[^>]+>", " ", html)
        for post in posts:
            if post.name in text:
                pages[post.name] = text
    return pages


def translated_pairs(pairs: Path, model_alone: bool) -> dict[str, str]:
    """LABEL:LINE -> the English of a pairs file's line, as `bilingual translate` renders it by default (or the
    model alone), each line with its own names; translations are cached in the translation memory."""
    posts = list(pair_sentences(pairs))
    sentences = [s for _, sents in posts for s in sents]
    extra = {"glossary": None, "names": False, "amounts": False} if model_alone else {}
    with bilingual.open_translator(**extra) as translator:  # type: ignore[arg-type]
        finder = translator.names
        post_names = [finder.for_post(sents) if finder is not None else None
                      for _, sents in posts for _ in sents]
        results = iter(translator.translate(sentences, post_names=post_names).results)
        return {name: " ".join(next(results).translation for _ in sents) for name, sents in posts}


def output_recall(dev: list[DevName], out: Path, folders: list[Path],
                  pages: dict[str, str] | None = None) -> dict[str, list[int]]:
    pages = pages if pages is not None else translated_text(out, folders)
    recall: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for d in dev:
        if not d.english:
            continue
        text = pages.get(d.post, "")
        recall[d.category][1] += 1
        recall[d.category][0] += d.in_text(text)
    return recall


def pct(pair: list[int]) -> str:
    return f"{100 * pair[0] / pair[1]:5.1f}% ({pair[0]}/{pair[1]})" if pair[1] else "    –"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, action="append", default=[],
                        help="a `bilingual translate` output folder (repeatable: before, after)")
    parser.add_argument("--dump", action="store_true", help="list every name the layer forces")
    parser.add_argument("--before-glossary", type=Path, default=None,
                        help="the glossary file of the version compared against (default: the shipped one)")
    parser.add_argument("--dev", type=Path, default=DEV, help="the annotated names (default: the tuned dev set)")
    parser.add_argument("--posts", type=Path, action="append", default=[],
                        help="a folder of the annotated posts (repeatable; default ../shared/corpus/posts)")
    parser.add_argument("--before-names", action="store_true",
                        help="'before' is the names layer without the CC-CEDICT list (the previous round), "
                             "not the glossary alone")
    parser.add_argument("--news-lines", action="store_true",
                        help="count a name as rendered where the translator renders its news line by rule")
    parser.add_argument("--translate", action="store_true",
                        help="with --posts PAIRS.tsv: translate its lines (default, and the model alone) and count "
                             "the names found in the English")
    parser.add_argument("--show-missing", action="store_true",
                        help="with --translate: list the names missing from the default English "
                             "(never on a held-apart set)")
    parser.add_argument("--lines", default=None, metavar="FIRST-LAST",
                        help="only the dev rows of these lines of a pairs file (352-702: the held-apart half)")
    parser.add_argument("--consistency", type=Path, action="append", default=[],
                        help="a folder of posts: count those where one name is rendered two ways, sentence by "
                             "sentence and with the post's names (repeatable); nothing else is measured")
    args = parser.parse_args()
    if args.consistency:
        glossary = bilingual.load_glossary()
        finder = open_names(glossary.segmenter, glossary.index.forms())
        total = sum(1 for _ in post_sentences(args.consistency))
        for per_post in (False, True):
            posts = two_renderings(glossary, finder, args.consistency, per_post)
            label = "with the post's names" if per_post else "sentence by sentence"
            print(f"posts with a name rendered two ways, {label}: {len(posts)}/{total}")
            for post in posts:
                print("  " + post)
        return

    dev = read_dev(args.dev)
    def in_lines(post: str) -> bool:
        """A post of the --lines range (LABEL:LINE of a pairs file); every post without --lines."""
        if not args.lines:
            return True
        first, last = map(int, args.lines.split("-"))
        number = post.rpartition(":")[2]
        return number.isdigit() and first <= int(number) <= last

    if args.lines and not all(":" in d.post for d in dev):
        raise SystemExit(f"--lines: {args.dev} names posts by file, not by LABEL:LINE of a pairs file")
    dev = [d for d in dev if in_lines(d.post)]
    folders = args.posts or [POSTS]
    after_glossary = bilingual.load_glossary()  # as translate loads it
    before_glossary = Glossary.load([args.before_glossary]) if args.before_glossary else after_glossary
    names = open_names(after_glossary.segmenter, after_glossary.index.forms())
    if args.before_names:
        previous = NameFinder(names.segmenter, names.gazetteer, [], names.known)
        previous.listed = names.listed  # the curated list, gazetteer and pinyin persons: all but the dictionary
        before = forced_by_post(after_glossary, previous, folders, news_lines=args.news_lines)
    else:
        before = forced_by_post(Glossary(before_glossary.entries, words=False), None, folders,
                                news_lines=args.news_lines)
    after = forced_by_post(after_glossary, names, folders, news_lines=args.news_lines)
    # the other lines of a pairs file are another set (the held-apart half): nothing of them is printed
    before = {post: found for post, found in before.items() if in_lines(post)}
    after = {post: found for post, found in after.items() if in_lines(post)}
    if args.dump:
        for post, items in sorted(after.items()):
            for term, rendering, origin in dict.fromkeys(items):
                if origin.startswith("names"):
                    print(post, term, rendering, origin, sep="\t")
        return

    print(f"names accuracy on {args.dev} ({len(dev)} rows) — {platform.node()} "
          f"{platform.machine()}, Python {platform.python_version()}, {datetime.date.today()}")
    r_before, p_before, _, _, _ = score(dev, before, names_only=False)
    r_after, p_after, wrong, unjudged, missed = score(dev, after, names_only=False)
    _, p_names, _, _, _ = score(dev, after, names_only=True)
    print(f"{'category':16} {'recall before':>18} {'recall after':>18} {'precision before':>18} "
          f"{'precision after':>18} {'(names layer)':>18}")
    for category in (*CATEGORIES, "not-a-name"):
        print(f"{category:16} {pct(r_before[category]):>18} {pct(r_after[category]):>18} "
              f"{pct(p_before[category]):>18} {pct(p_after[category]):>18} {pct(p_names[category]):>18}")
    total = {k: [sum(r[c][0] for c in CATEGORIES), sum(r[c][1] for c in CATEGORIES)]
             for k, r in (("before", r_before), ("after", r_after))}
    print(f"{'all':16} {pct(total['before']):>18} {pct(total['after']):>18}")
    non_names = sum(1 for d in dev if not d.english)
    print(f"(not-a-name: {non_names} words that must get no name rendering; the row counts renderings forced on "
          "them, – for none)")
    for out in args.out:
        recall = output_recall(dev, out, folders)
        print(f"in the translations of {out}: " + "; ".join(f"{c} {pct(recall[c]).strip()}" for c in CATEGORIES))
    if args.translate:
        # the model alone keeps the news rules (datelines, bylines), as `bilingual eval` does
        for label, alone in (("default", False), ("model alone (with the news rules)", True)):
            pages = {k: v for pairs in folders if pairs.is_file() for k, v in translated_pairs(pairs, alone).items()}
            recall = output_recall(dev, Path(), folders, pages)
            total = [sum(recall[c][0] for c in CATEGORIES), sum(recall[c][1] for c in CATEGORIES)]
            print(f"in the English, {label}: all {pct(total).strip()}; "
                  + "; ".join(f"{c} {pct(recall[c]).strip()}" for c in CATEGORIES))
            if not alone:
                missing = [(d.post, d.name, d.category, "|".join(d.english)) for d in dev if d.english
                           and not d.in_text(pages.get(d.post, ""))]
                if args.show_missing:
                    print("\nnot in the default English (post, name, category, accepted):")
                    for row in missing:
                        print("  " + "\t".join(row) + "\t" + pages.get(row[0], "")[:200])
    print_lists(wrong, missed, unjudged)


def print_lists(wrong: list, missed: list, unjudged: list) -> None:
    if wrong:
        print("\nwrong renderings forced (post, term, forced, origin, correct):")
        for row in wrong:
            print("  " + "\t".join(row))
    if missed:
        print("\nmissed (post, name, category, what was forced):")
        for row in missed:
            print("  " + "\t".join(row))
    if unjudged:
        print(f"\n{len(unjudged)} forced names not in the dev set (unjudged):")
        for row in unjudged:
            print("  " + "\t".join(row))


if __name__ == "__main__":
    main()
