"""bilingual against the limit and against argostranslate, on a folder of posts, in one run.

    python benchmarks/pipeline_speed.py [POSTS_DIR] [--model PATH] [--skip-argos] [--limit-runs 3]

Each stage runs in its own subprocess (so peak RSS is its own) on the same sentences:
  1 limit     the segmenter's sentences straight to ctranslate2 translate_batch, default decoding, no pipeline,
              the faster of batches of 32 and of the engine's batch size; run --limit-runs times (default 3),
              spread over the run, and the median taken
  2 argos     argostranslate.translate.translate() per paragraph (its defaults: beam 4), with a regex sentence
              splitter patched in because its Stanza splitter cannot load offline
  3 cold      bilingual translate, empty cache
  4 warm      the same again (everything from the cache)
  5 edit      after changing one paragraph of one post (incremental)
  with --dask: 3 again, cold, with --executor dask on a LocalCluster of 1 and of 2 worker processes
Prints sentences/s, wall seconds, peak RSS, the plain ratio (3 with --no-glossary --no-names --no-amounts against
1), default/plain (3 against 3 plain), 3/2, 4/3, 5/3, and the start-up time of `bilingual --help`.
The limit uses the engine's own translator (one batch per core, one thread each), so it runs at the same
decoding and thread settings as the pipeline, but with CTranslate2's free padding.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import paragraphs_of, sentences_of  # noqa: E402


def stage_limit(folder: Path, model: str | None) -> dict:
    from bilingual.models import find_model
    from bilingual.translate.engine import Engine

    engine = Engine(find_model(model))
    sentences = sentences_of(folder)
    tokens = [engine.tokenize(s) for s in sentences]
    d = engine.decoding
    timings = []
    # the faster of CTranslate2's batches of 32 and of the engine's size, so a change of the engine's batch size
    # never makes the limit easier to approach
    for batch_size in sorted({32, d.max_batch_size}):
        started = time.perf_counter()
        engine._translator.translate_batch(
            tokens, beam_size=d.beam_size, length_penalty=d.length_penalty,
            max_decoding_length=d.max_decoding_length, replace_unknowns=True, max_batch_size=batch_size,
        )
        timings.append(time.perf_counter() - started)
    return {"seconds": min(timings), "sentences": len(sentences)}


def stage_argos(folder: Path, model: str | None) -> dict:
    import os

    from bilingual import models, script, segment

    # argostranslate (pip install "bilingual[argos]") reads its package dir at import: point it at ours
    os.environ["ARGOS_PACKAGES_DIR"] = str(models.packages_dir())
    import argostranslate.translate as argos_translate

    class RegexSentencizer:
        def __init__(self, pkg):
            pass

        def split_sentences(self, text: str) -> list[str]:
            return segment.sentences_for_model(text)

    argos_translate.StanzaSentencizer = RegexSentencizer
    argos_translate.MiniSBDSentencizer = RegexSentencizer
    paragraphs = [p for p in dict.fromkeys(paragraphs_of(folder)) if script.has_han(p)]
    sentences = sum(len(segment.sentences_for_model(p)) for p in paragraphs)
    started = time.perf_counter()
    for paragraph in paragraphs:
        argos_translate.translate(paragraph, "zh", "en")
    return {"seconds": time.perf_counter() - started, "sentences": sentences}


def stage_cli(folder: Path, model: str | None, home: Path, out: Path, extra: list[str]) -> dict:
    env = {**os.environ, "BILINGUAL_HOME": str(home)}
    if model:
        env["BILINGUAL_MODEL"] = model
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "bilingual.cli", "translate", str(folder), "--out", str(out),
                          "--quiet", *extra], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    match = re.search(r"(\d+) unique sentences: (\d+) translated", run.stdout)
    if not match:
        raise SystemExit(f"bilingual translate failed: {run.stderr[-500:]}")
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {"seconds": seconds, "sentences": int(match[1]), "translated": int(match[2]), "rss_kb": rss}


def run_stage(name: str, *args: str) -> dict:
    """Run one stage in a fresh interpreter and read its JSON line (with its own peak RSS)."""
    out = subprocess.run([sys.executable, __file__, "--stage", name, *args], capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"stage {name} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", nargs="?", type=Path, default=SHARED / "corpus/posts")
    shared_model = SHARED / "models/translate-zh_en-1_9.argosmodel"
    parser.add_argument("--model", default=os.environ.get("BILINGUAL_MODEL")
                        or (str(shared_model) if shared_model.is_file() else None))
    parser.add_argument("--limit-runs", type=int, default=3, help="how often to time the limit (median taken)")
    parser.add_argument("--skip-argos", action="store_true")
    parser.add_argument("--dask", action="store_true", help="also time --executor dask with 1 and 2 workers")
    parser.add_argument("--stage", help=argparse.SUPPRESS)
    parser.add_argument("--home", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--no-glossary", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workers", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.stage:
        run_own_stage(args)
        return

    model = ["--model", args.model] if args.model else []
    limits = [run_stage("limit", str(args.posts), *model)]
    results: dict[str, dict] = {}
    if not args.skip_argos:
        results["2 argos per paragraph"] = run_stage("argos", str(args.posts), *model)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.model and Path(args.model).is_file():  # install once, outside the timed runs
            subprocess.run([sys.executable, "-m", "bilingual.cli", "models", "install", args.model],
                           env={**os.environ, "BILINGUAL_HOME": str(tmp / "models")}, capture_output=True)
            model = ["--model", str(next((tmp / "models" / "packages").iterdir()))]
        folder = tmp / "posts"
        shutil.copytree(args.posts, folder)
        common = ["--home", str(tmp / "home"), "--out", str(tmp / "out"), *model]
        results["3 bilingual cold, plain"] = run_stage(
            "cli", str(folder), "--home", str(tmp / "home-plain"), "--out", str(tmp / "out-plain"), *model,
            "--no-glossary",
        )
        results["3 bilingual cold"] = run_stage("cli", str(folder), *common)
        # the limit again between the pipeline's runs, so a machine that slows down shows in the median
        limits += [run_stage("limit", str(args.posts), *model) for _ in range(args.limit_runs - 1)]
        results["4 bilingual warm"] = run_stage("cli", str(folder), *common)
        edited = next(p for p in sorted(folder.rglob("*.md")) if "。" in p.read_text(encoding="utf-8"))
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace("。", "。今天还宣布了新的措施。", 1), encoding="utf-8")
        results["5 bilingual after one edit"] = run_stage("cli", str(folder), *common)
        if args.dask:
            for workers in ("1", "2"):
                results[f"3 dask, {workers} worker{'s' if workers != '1' else ''}"] = run_stage(
                    "cli", str(folder), "--home", str(tmp / f"home-dask{workers}"), "--out",
                    str(tmp / f"out-dask{workers}"), *model, "--workers", workers,
                )

    startup = []
    for _ in range(5):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bilingual.cli", "--help"], capture_output=True, check=True)
        startup.append(time.perf_counter() - started)

    by_seconds = sorted(limits, key=lambda r: r["seconds"])
    results = {"1 limit (median)": by_seconds[len(by_seconds) // 2], **results}
    print("limit runs: " + ", ".join(f"{r['seconds']:.1f}" for r in limits) + " s")
    print_results(args, results, startup)


def run_own_stage(args: argparse.Namespace) -> None:
    """In the child process: run one stage and print its result as JSON."""
    if args.stage == "limit":
        result = stage_limit(args.posts, args.model)
    elif args.stage == "argos":
        result = stage_argos(args.posts, args.model)
    else:
        # the plain path: no glossary and no names layer, nothing runs besides the model
        extra = ["--no-glossary", "--no-names", "--no-amounts"] if args.no_glossary else []
        if args.workers:
            extra += ["--executor", "dask", "--workers", args.workers]
        result = stage_cli(args.posts, args.model, Path(args.home), Path(args.out), extra)
    result.setdefault("rss_kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps(result))


def print_results(args: argparse.Namespace, results: dict[str, dict], startup: list[float]) -> None:
    print(f"{args.posts}: {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    print(f"{'stage':<28} {'sentences':>9} {'translated':>10} {'wall s':>8} {'sent/s':>8} {'peak RSS':>9}")
    for name, r in results.items():
        translated = r.get("translated", r["sentences"])
        rate = r["sentences"] / r["seconds"] if r["seconds"] else float("inf")
        print(f"{name:<28} {r['sentences']:>9} {translated:>10} {r['seconds']:>8.1f} {rate:>8.1f} "
              f"{r['rss_kb'] / 1024:>7.0f}MB")
    limit, cold = results["1 limit (median)"], results["3 bilingual cold"]
    plain = results["3 bilingual cold, plain"]

    def rate(r: dict) -> float:  # the stages count slightly different sentence sets: compare rates
        return r["sentences"] / r["seconds"]

    print(f"plain ratio (--no-glossary --no-names --no-amounts vs limit): {rate(plain) / rate(limit):.2f}x the limit's "
          "sentences/s (goal: 0.85x or more)")
    print(f"default/plain:                   {cold['seconds'] / plain['seconds']:.2f}x the plain run's seconds "
          f"(goal: 2x or less); default vs limit {rate(cold) / rate(limit):.2f}x")
    if "2 argos per paragraph" in results:
        argos = results["2 argos per paragraph"]
        print(f"3/2 (pipeline vs argos):         {rate(cold) / rate(argos):.1f}x the sentences/s; "
              f"plain {rate(plain) / rate(argos):.1f}x")
    print(f"4/3 (warm vs cold):              {cold['seconds'] / results['4 bilingual warm']['seconds']:.0f}x faster")
    print(f"5/3 (one edit vs cold):          {cold['seconds'] / results['5 bilingual after one edit']['seconds']:.0f}x "
          f"faster, {results['5 bilingual after one edit']['translated']} sentences re-translated")
    print(f"start-up, bilingual --help:      {statistics.median(startup):.2f} s (median of 5)")
    if args.dask:
        one, two = results["3 dask, 1 worker"], results["3 dask, 2 workers"]
        print(f"dask 2 workers vs 1:             {one['seconds'] / two['seconds']:.2f}x faster; 2 workers vs local "
              f"{cold['seconds'] / two['seconds']:.2f}x")


if __name__ == "__main__":
    main()
