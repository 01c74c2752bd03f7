"""Peak memory of `bilingual translate` at 1x, 10x and 100x a folder of posts, in one run.

    python benchmarks/memory_scale.py [POSTS_DIR] [--model PATH] [--scales 1,10,100]

The bigger folders are the real posts copied under new names (copy-0007-<name>). All runs share one cache: the
first run (1x, cold) fills it, then every scale runs against it, so the copies come from the cache and this
measures what grows with the folder (reading, the edition, the reports, the exports), not the model's work.
Each run is a fresh process; peak RSS is its own.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def make_folder(source: Path, target: Path, copies: int) -> int:
    files = [p for p in sorted(source.rglob("*")) if p.is_file() and p.suffix in (".md", ".markdown", ".html")]
    target.mkdir(parents=True)
    for n in range(copies):
        for path in files:
            shutil.copy(path, target / f"copy-{n:04d}-{path.name}")
    return len(files) * copies


def measure(args: list[str], env: dict) -> dict:
    """Run the CLI in a child of a fresh interpreter, so RUSAGE_CHILDREN is that one run's peak."""
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "run = subprocess.run([sys.executable, '-m', 'bilingual.cli', *sys.argv[1:]], capture_output=True, text=True)\n"
        "print(run.returncode, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(run.stdout)\n"
        "print(run.stderr[-2000:], file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env)
    code_, seconds, rss_kb = out.stdout.split("\n", 1)[0].split()
    if code_ not in ("0", "1"):
        raise SystemExit(f"bilingual translate failed ({code_}): {out.stderr}")
    match = re.search(r"(\d+) of (\d+) posts exported.*?(\d+) translated", out.stdout)
    return {"seconds": float(seconds), "rss_mb": int(rss_kb) / 1024, "posts": int(match[1]),
            "translated": int(match[3])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("posts", nargs="?", type=Path, default=SHARED / "corpus/posts")
    parser.add_argument("--model", default=os.environ.get("BILINGUAL_MODEL"))
    parser.add_argument("--scales", default="1,10,100")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = {**os.environ, "BILINGUAL_HOME": str(tmp / "home")}
        if args.model:
            env["BILINGUAL_MODEL"] = args.model
        # the first run fills the cache (cold); then every scale runs against it, 1x included
        for scale in [scales[0], *scales]:
            folder = tmp / f"posts-{scale}x"
            files = make_folder(args.posts, folder, scale)
            label = "cold" if not rows else "cached"
            result = measure(["translate", str(folder), "--out", str(tmp / f"out-{scale}x"), "--quiet"], env)
            outputs = sum(p.stat().st_size for p in (tmp / f"out-{scale}x").rglob("*") if p.is_file())
            rows.append((scale, label, files, result, outputs))
            shutil.rmtree(folder)
            shutil.rmtree(tmp / f"out-{scale}x")

    print(f"{args.posts}: {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores")
    print(f"{'scale':>6} {'cache':<7} {'files':>6} {'exported':>8} {'translated':>10} {'wall s':>7} "
          f"{'peak RSS':>9} {'output':>9}")
    for scale, label, files, r, outputs in rows:
        print(f"{scale:>5}x {label:<7} {files:>6} {r['posts']:>8} {r['translated']:>10} {r['seconds']:>7.1f} "
              f"{r['rss_mb']:>7.0f}MB {outputs / 2**20:>7.1f}MB")
    base = rows[1][3]["rss_mb"]
    for scale, _, _, r, _ in rows[2:]:
        print(f"peak RSS at {scale}x: {r['rss_mb'] / base:.2f}x the cached 1x run's")


if __name__ == "__main__":
    main()
