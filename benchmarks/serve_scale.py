"""bilingual serve at archive scale: index build, search and page latency, peak RSS and a bounded load run.

    python benchmarks/serve_scale.py [--posts 20000] [--distinct 1000] [--memory CACHE.sqlite3] [--keep DIR]

The archive is made as archive_scale.py makes it: --distinct posts of distinct sentences (the real posts' and
WMT21's sentences, then each again behind a different dateline), repeated under new names and dates until there
are --posts. The translation memory is filled directly (no model): WMT21 sentences get their reference
translation, the real posts' sentences the translation in --memory (a translate run's cache.sqlite3; without it
they are left out of the base), a dateline variant "According to <outlet> on <date>, " before it.

Measured, each against `bilingual serve` running as its own process on 127.0.0.1:
  index build (first start) time, index size, its peak RSS; a restart with one post changed
  search p50/p95 over 100 queries (50 Chinese: 2-4 characters or a glossary term; 50 English: a word or a
  "two-word phrase"), through GET /api/search and GET /search (the HTML page)
  post page p50/p95 over 100 random posts
  load: 20 clients for 30 s (search, post and month pages mixed): requests/s, errors; the server's peak RSS
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from archive_scale import OUTLETS, distinct_sentences, machine, make_cold, make_warm  # noqa: E402
from corpus import sentences_of  # noqa: E402

from bilingual import script  # noqa: E402
from bilingual.translate.memory import TranslationMemory  # noqa: E402

SHARED = HERE.parent.parent / "shared"
OUTLETS_EN = dict(zip(OUTLETS, ["Lianhe Zaobao", "Reuters", "Radio Free Asia", "CNA", "Xinhua", "Deutsche Welle",
                                "RFI", "HKCNews"], strict=True))
DATELINE = re.compile(r"^据(?P<outlet>.+?)(?P<m>\d+)月(?P<d>\d+)日电，(?P<rest>.*)$")
TOKEN = "benchmark-token"


def base_pairs(posts: Path, pairs: Path, memory: Path | None) -> dict[str, str]:
    """Chinese sentence -> English, for the sentences the archive is made of."""
    found: dict[str, str] = {}
    for line in pairs.read_text(encoding="utf-8").splitlines():
        zh, _, en = line.partition("\t")
        if zh.strip() and en.strip() and len(zh) < 200:
            found[zh.strip()] = en.strip()
    if memory is not None:
        db = sqlite3.connect(memory)
        known = dict(db.execute("SELECT source, translation FROM translations WHERE status = 'ok'"))
        for sentence in sentences_of(posts):
            if sentence in known and len(sentence) < 200:
                found[sentence] = known[sentence]
    return found


def english_for(sentence: str, pairs: dict[str, str]) -> str:
    if sentence in pairs:
        return pairs[sentence]
    match = DATELINE.match(sentence)
    assert match, sentence
    month = dt.date(2021, int(match["m"]), 1).strftime("%B")
    return f"According to {OUTLETS_EN[match['outlet']]} on {month} {match['d']}, {pairs[match['rest']]}"


def fill_memory(path: Path, sentences: list[str], pairs: dict[str, str]) -> None:
    rows = []
    for sentence in sentences:
        source = script.to_model_input(sentence)
        rows.append((hashlib.sha256(source.encode()).hexdigest(), source, english_for(sentence, pairs), "ok", "model"))
    with TranslationMemory(path) as memory:
        memory.put_many(rows)


def build(posts: Path, env: dict) -> dict:
    """open_archive in a fresh interpreter: seconds and that process's peak RSS."""
    code = (
        "import resource, sys, time\n"
        "from pathlib import Path\n"
        "from bilingual.serve import open_archive\n"
        "t = time.perf_counter()\n"
        "archive, result = open_archive(Path(sys.argv[1]))\n"
        "seconds = time.perf_counter() - t\n"
        "print(seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, result.added, result.changed,"
        " archive.index.size_bytes(), archive.index.stats()['sentences'],"
        " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(posts)], capture_output=True, text=True, env=env,
                         check=True)
    seconds, rss, added, changed, size, sentences, readers = out.stdout.split()
    return {"seconds": float(seconds), "rss_mb": int(rss) / 1024, "added": int(added), "changed": int(changed),
            "size_mb": int(size) / 2**20, "sentences": int(sentences), "readers_mb": int(readers) / 1024}


class Server:
    def __init__(self, posts: Path, env: dict, port: int):
        self.port = port
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bilingual.cli", "serve", str(posts), "--port", str(port), "--token", TOKEN],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                self.get("/")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise SystemExit(f"bilingual serve exited: {self.process.stderr.read()}") from None
                time.sleep(0.2)
        raise SystemExit("bilingual serve did not answer within 600 s")

    def get(self, path: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
        conn = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        if connection is None:
            conn.close()
        return response.status, body

    def peak_rss_mb(self) -> float:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmHWM:\s+(\d+)", status)[1]) / 1024

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def queries(sentences: list[str], pairs: dict[str, str], rng: random.Random) -> tuple[list[str], list[str]]:
    """50 Chinese queries (2-4 Han characters out of the sentences, or a glossary term) and 50 English ones."""
    import bilingual
    from bilingual.terms.tsv import read_entries

    terms = [e.source for e in read_entries(bilingual.default_glossary_path()) if 2 <= len(e.source) <= 6]
    han = re.compile(r"[\u4e00-\u9fff]{2,}")
    chinese: list[str] = []
    while len(chinese) < 50:
        if len(chinese) % 3 == 2:
            chinese.append(rng.choice(terms))
            continue
        runs = han.findall(rng.choice(sentences))
        if runs:
            run = rng.choice(runs)
            size = rng.randint(2, min(4, len(run)))
            start = rng.randint(0, len(run) - size)
            chinese.append(run[start:start + size])
    words = [w for t in pairs.values() for w in re.findall(r"[A-Za-z]{4,}", t)]
    english = []
    while len(english) < 50:
        if len(english) % 2:
            text = rng.choice(list(pairs.values())).split()
            if len(text) > 3:
                at = rng.randint(0, len(text) - 2)
                english.append('"' + " ".join(re.sub(r"[^\w'-]", "", w) for w in text[at:at + 2]) + '"')
        else:
            english.append(rng.choice(words).lower())
    return chinese, english


def timed(server: Server, paths: list[str]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    times = []
    for path in paths:
        start = time.perf_counter()
        status, _ = server.get(path, conn)
        times.append((time.perf_counter() - start) * 1000)
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
    conn.close()
    return times


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def load(server: Server, paths: list[str], clients: int, seconds: float) -> dict:
    counts = {"requests": 0, "errors": 0}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        done = errors = 0
        while time.monotonic() < stop:
            try:
                status, _ = server.get(rng.choice(paths), conn)
                errors += status != 200
            except (OSError, http.client.HTTPException):
                errors += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            done += 1
        conn.close()
        with lock:
            counts["requests"] += done
            counts["errors"] += errors

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts["seconds"] = time.monotonic() - started
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=20000)
    parser.add_argument("--distinct", type=int, default=1000, help="posts of distinct sentences (then repeated)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus/posts")
    parser.add_argument("--pairs", type=Path, default=SHARED / "corpus/parallel/wmt21-zh-en.dev.tsv")
    parser.add_argument("--memory", type=Path, help="a translate run's cache.sqlite3, for the real posts' sentences")
    parser.add_argument("--port", type=int, default=8797)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--keep", type=Path, help="keep the archive and index here (default: a temp dir)")
    args = parser.parse_args()
    rng = random.Random(20261128)

    pairs = base_pairs(args.corpus, args.pairs, args.memory)
    base = list(pairs)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        env = {**os.environ, "BILINGUAL_HOME": str(tmp / "home")}
        written = make_cold(tmp / "distinct", args.distinct, base)
        stream = distinct_sentences(base)
        sentences = [next(stream) for _ in range(written)]
        make_warm(tmp / "distinct", tmp / "archive", args.posts)
        shutil.rmtree(tmp / "distinct")
        (tmp / "home").mkdir(parents=True, exist_ok=True)
        fill_memory(tmp / "home" / "cache.sqlite3", sentences, pairs)

        first = build(tmp / "archive", env)
        changed = sorted((tmp / "archive").glob("*.md"))[rng.randrange(args.posts)]
        changed.write_text(changed.read_text(encoding="utf-8") + "<p>这是新加的一段。</p>\n", encoding="utf-8")
        again = build(tmp / "archive", env)

        server = Server(tmp / "archive", env, args.port)
        try:
            chinese, english = queries(sentences, pairs, rng)
            api = [f"/api/search?{urlencode({'q': q})}" for q in chinese + english]
            html = [f"/search?{urlencode({'q': q})}" for q in chinese + english]
            timed(server, api[:10])  # warm the page cache
            api_ms = timed(server, api)
            html_ms = timed(server, html)
            zh_ms, en_ms = api_ms[:50], api_ms[50:]
            totals = [json.loads(server.get(p)[1])["total"] for p in api]
            post_paths = [f"/post/{rng.randint(1, args.posts)}" for _ in range(100)]
            post_ms = timed(server, post_paths)
            months = [f"/month/{m}" for m in ("2019-03", "2020-06", "2021-11")]
            mixed = api + html + post_paths + months
            loaded = load(server, mixed, args.clients, args.seconds)
            rss = server.peak_rss_mb()
        finally:
            server.stop()

    print(f"serve_scale: {machine()}, load {os.getloadavg()[0]:.1f}; {args.posts} posts "
          f"({args.distinct} distinct, repeated), {first['sentences']} sentences, {len(base)} base sentences")
    print(f"index build (first start) {first['seconds']:7.1f} s  {first['size_mb']:.0f} MB on disk  "
          f"peak RSS {first['rss_mb']:.0f} MB (+ reader processes, {first['readers_mb']:.0f} MB each at most)")
    print(f"restart, 1 post changed   {again['seconds']:7.2f} s  ({again['changed']} re-indexed)")
    print(f"search /api/search        p50 {pct(api_ms, 50):6.1f} ms  p95 {pct(api_ms, 95):6.1f} ms  "
          f"max {max(api_ms):6.1f} ms  (100 queries; hits per query: median {pct(totals, 50):.0f}, "
          f"max {max(totals)})")
    print(f"  Chinese (50)            p50 {pct(zh_ms, 50):6.1f} ms  p95 {pct(zh_ms, 95):6.1f} ms")
    print(f"  English (50)            p50 {pct(en_ms, 50):6.1f} ms  p95 {pct(en_ms, 95):6.1f} ms")
    print(f"search page /search       p50 {pct(html_ms, 50):6.1f} ms  p95 {pct(html_ms, 95):6.1f} ms")
    print(f"post page /post/ID        p50 {pct(post_ms, 50):6.1f} ms  p95 {pct(post_ms, 95):6.1f} ms")
    print(f"load: {args.clients} clients x {loaded['seconds']:.0f} s: {loaded['requests']} requests, "
          f"{loaded['requests'] / loaded['seconds']:.0f} requests/s, {loaded['errors']} errors")
    print(f"server peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
