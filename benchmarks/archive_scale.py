"""bilingual at archive scale: a cold run of N distinct synthetic posts, then a warm run of 20,000.

    python benchmarks/archive_scale.py [--model PATH] [--cold 1000] [--warm 20000] [--dask-workers N] [--keep DIR]

The synthetic posts are Jekyll posts (front matter with title, date, outlet, source link, tags; HTML body) made
from the sentences of the real posts (../shared/corpus/posts) and of the WMT21 dev set. Every sentence of the
cold archive is distinct: the n-th use of a base sentence gets a different dateline prefix ("据新华社3月5日电，"),
so the model translates every sentence and the cold sentences/s is real work. The warm archive repeats the cold
posts under other file names and dates until it has --warm posts, so it comes from the cache and measures what
grows with the archive: reading, the edition, the reports and the exports. --warm 0 skips the warm run.

--dask-workers N: right after the local cold run, the same cold archive again with `--executor dask --workers N`
(a LocalCluster of N single-threaded worker processes) on an empty cache of its own, then its outputs compared
with the local run's: every file but report.json (which holds timings) byte for byte, and each EPUB member by
member (the content documents, package document and navigation inside the zip).

Prints, with the machine (cores, RAM) and the date: cold sentences/s and peak RSS; with --dask-workers the dask
cold run's sentences/s, wall time and peak RSS (of its largest process), the speed ratio dask/local and
"identical" or the first difference; warm wall time and peak RSS; the largest generated page, the fullest folder,
the EPUB books and the glossary report files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import sentences_of  # noqa: E402
from memory_scale import measure  # noqa: E402

SHARED = HERE.parent.parent / "shared"
OUTLETS = ["联合早报", "路透", "自由亚洲电台", "中央社", "新华社", "德国之声", "法广", "眾新聞"]
SENTENCES_PER_POST = (1, 2, 1, 2, 1)  # title, then paragraphs of one or two sentences


def base_sentences(posts_dir: Path, pairs: Path) -> list[str]:
    wmt = [line.split("\t", 1)[0].strip() for line in pairs.read_text(encoding="utf-8").splitlines()]
    return list(dict.fromkeys(s for s in sentences_of(posts_dir) + wmt if s and len(s) < 200))


def distinct_sentences(base: list[str]) -> Iterator[str]:
    """The base sentences, then each again behind a different dateline, for as long as asked."""
    yield from base
    for day in range(1, 400):
        date = dt.date(2021, 1, 1) + dt.timedelta(days=day)
        for n, sentence in enumerate(base):
            yield f"据{OUTLETS[(day + n) % len(OUTLETS)]}{date.month}月{date.day}日电，{sentence}"


def write_post(path: Path, number: int, date: dt.date, sentences: list[str]) -> None:
    title, *body = sentences
    paragraphs, at = [], 0
    for size in SENTENCES_PER_POST[1:]:
        paragraphs.append("".join(body[at:at + size]))
        at += size
    outlet = OUTLETS[number % len(OUTLETS)]
    html = "".join(f"<p>{p}</p>\n" for p in paragraphs if p)
    path.write_text(
        f"---\ntitle: \"{title.replace(chr(34), '')}\"\ndate: {date.isoformat()}\nauthor: {outlet}\n"
        f"source: https://example.org/news/{number}/%E5%A4%96%E4%BA%A4\ntags: [外交]\n---\n{html}",
        encoding="utf-8",
    )


def make_cold(folder: Path, count: int, base: list[str]) -> int:
    """count posts of distinct sentences; returns the number of sentences written."""
    folder.mkdir(parents=True)
    stream = distinct_sentences(base)
    per_post = sum(SENTENCES_PER_POST)
    for n in range(count):
        date = dt.date(2019, 1, 1) + dt.timedelta(days=n * 1096 // max(count, 1))
        write_post(folder / f"{date.isoformat()}-post-{n:06d}.md", n, date, [next(stream) for _ in range(per_post)])
    return count * per_post


def make_warm(cold: Path, folder: Path, count: int) -> None:
    """count posts: the cold posts again and again, with new file names and dates over three years."""
    folder.mkdir(parents=True)
    sources = sorted(cold.glob("*.md"))
    for n in range(count):
        text = sources[n % len(sources)].read_text(encoding="utf-8")
        date = dt.date(2019, 1, 1) + dt.timedelta(days=n * 1096 // count)
        text = re.sub(r"^date: .*$", f"date: {date.isoformat()}", text, count=1, flags=re.M)
        (folder / f"{date.isoformat()}-copy-{n:06d}.md").write_text(text, encoding="utf-8")


def outputs(out: Path) -> dict:
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = [p for p in files if p.suffix == ".html"]
    largest = max(pages, key=lambda p: p.stat().st_size)
    folders: dict[Path, int] = {}
    for path in out.rglob("*"):
        folders[path.parent] = folders.get(path.parent, 0) + 1
    fullest = max(folders, key=lambda d: folders[d])
    books = sorted(out.glob("*.epub"))
    return {
        "pages": len(pages), "largest": largest.relative_to(out), "largest_bytes": largest.stat().st_size,
        "top": {name: (out / "html" / name).stat().st_size for name in ("index.html", "sources.html")},
        "fullest": fullest.relative_to(out), "fullest_count": folders[fullest],
        "books": len(books), "book_max": max(b.stat().st_size for b in books), "book_sum": sum(
            b.stat().st_size for b in books),
        "csv": {p.name: p.stat().st_size for p in sorted(out.glob("glossary-*.csv"))},
    }


def first_difference(one: Path, other: Path) -> str | None:
    """None where two output folders carry the same translations, else the first difference found: every file
    but report.json (its timings differ from run to run) byte for byte, EPUBs member by member."""
    def files(root: Path) -> list[Path]:
        return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file() and p.name != "report.json")

    names = files(one)
    if names != files(other):
        return f"different files: {sorted(set(names) ^ set(files(other)))[:5]}"
    for name in names:
        a, b = one / name, other / name
        if a.suffix != ".epub":
            if a.read_bytes() != b.read_bytes():
                return f"{name} differs"
            continue
        with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
            if za.namelist() != zb.namelist():
                return f"{name}: different members"
            for member in za.namelist():
                if za.read(member) != zb.read(member):
                    return f"{name}: {member} differs"
    return None


def machine() -> str:
    mem = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    ram = int(mem.split()[1]) / 2**20
    return f"{os.cpu_count()} cores, {ram:.1f} GB RAM, {time.strftime('%Y-%m-%d')}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=Path, default=SHARED / "corpus/posts")
    parser.add_argument("--pairs", type=Path, default=SHARED / "corpus/parallel/wmt21-zh-en.dev.tsv")
    parser.add_argument("--model", default=os.environ.get("BILINGUAL_MODEL"))
    parser.add_argument("--cold", type=int, default=1000, help="distinct posts in the cold run")
    parser.add_argument("--warm", type=int, default=20000,
                        help="posts in the warm run (copies of the cold ones); 0: no warm run")
    parser.add_argument("--dask-workers", type=int, default=0, metavar="N",
                        help="also run the cold archive with --executor dask on a LocalCluster of N workers")
    parser.add_argument("--keep", type=Path, help="keep the archives and outputs here (default: a temp dir)")
    args = parser.parse_args()

    base = base_sentences(args.posts, args.pairs)
    dask = warm = found = None
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)

        def env_for(home: str) -> dict:
            """An environment with its own BILINGUAL_HOME (its own empty cache), the model installed there once
            beforehand, so a cold run times translation, not unpacking the model."""
            env = {k: v for k, v in os.environ.items() if k != "BILINGUAL_MODEL"} | {"BILINGUAL_HOME": str(tmp / home)}
            if args.model:
                subprocess.run([sys.executable, "-m", "bilingual.cli", "models", "install", args.model], env=env,
                               check=True, capture_output=True)
            return env

        env = env_for("home")
        sentences = make_cold(tmp / "cold", args.cold, base)
        cold = measure(["translate", str(tmp / "cold"), "--out", str(tmp / "out-cold"), "--quiet"], env)
        if args.dask_workers:
            dask = measure(["translate", str(tmp / "cold"), "--out", str(tmp / "out-dask"), "--quiet", "--executor",
                            "dask", "--workers", str(args.dask_workers)], env_for("home-dask"))
            dask["difference"] = first_difference(tmp / "out-cold", tmp / "out-dask")
        if args.warm:
            make_warm(tmp / "cold", tmp / "warm", args.warm)
            warm = measure(["translate", str(tmp / "warm"), "--out", str(tmp / "out-warm"), "--quiet"], env)
            found = outputs(tmp / "out-warm")
            if not args.keep:
                shutil.rmtree(tmp / "warm")

    print(f"archive_scale: {machine()}; {len(base)} base sentences (real posts + WMT21)")
    print(f"cold  {cold['posts']:>6} posts  {sentences:>6} sentences written, {cold['translated']} translated  "
          f"{cold['seconds']:7.1f} s  {cold['translated'] / cold['seconds']:6.1f} sentences/s  "
          f"peak RSS {cold['rss_mb']:.0f} MB")
    if dask:
        workers = f"{args.dask_workers} worker{'s' if args.dask_workers != 1 else ''}"
        print(f"dask  {dask['posts']:>6} posts  cold on a LocalCluster of {workers}, {dask['translated']} translated  "
              f"{dask['seconds']:7.1f} s  {dask['translated'] / dask['seconds']:6.1f} sentences/s  "
              f"peak RSS {dask['rss_mb']:.0f} MB (largest process)")
        ratio = (dask["translated"] / dask["seconds"]) / (cold["translated"] / cold["seconds"])
        same = f"DIFFER: {dask['difference']}" if dask["difference"] else "identical"
        print(f"  dask/local: {ratio:.2f}x the local sentences/s (wall {dask['seconds']:.1f} s against "
              f"{cold['seconds']:.1f} s); outputs {same}")
    if warm and found:
        print(f"warm  {warm['posts']:>6} posts  {warm['translated']} translated  {warm['seconds']:7.1f} s  "
              f"peak RSS {warm['rss_mb']:.0f} MB")
        print(f"  HTML pages {found['pages']}; largest {found['largest']} {found['largest_bytes'] / 1024:.0f} KB; "
              f"index.html {found['top']['index.html'] / 1024:.1f} KB, sources.html "
              f"{found['top']['sources.html'] / 1024:.1f} KB")
        print(f"  fullest folder {found['fullest']}: {found['fullest_count']} entries")
        print(f"  EPUB {found['books']} books, largest {found['book_max'] / 2**20:.1f} MB, "
              f"together {found['book_sum'] / 2**20:.1f} MB")
        print("  " + ", ".join(f"{name} {size / 2**20:.2f} MB" for name, size in found["csv"].items()))


if __name__ == "__main__":
    main()
