"""Shared fixtures. Tests that need the real model find it in ../shared/models (or $BILINGUAL_MODEL).

Where the model is truly absent they skip, saying so; CI sets BILINGUAL_REQUIRE_MODEL=1 so that a missing
model fails the run instead of skipping silently.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODEL_FILE = SHARED / "models" / "translate-zh_en-1_9.argosmodel"
CORPUS_POSTS = SHARED / "corpus" / "posts"
PARALLEL = SHARED / "corpus" / "parallel" / "wmt21-zh-en.dev.tsv"
FIXTURES = Path(__file__).with_name("fixtures")


GLOSSARY_HEADER = "source\ttarget\tcategory\tvariants\tflags\tnotes\n"
HEADER = GLOSSARY_HEADER


def write_glossary(folder: Path, body: str, name: str = "g.tsv") -> Path:
    """A glossary file: the header line, then body (tab-separated entries)."""
    path = folder / name
    path.write_text(GLOSSARY_HEADER + body, encoding="utf-8")
    return path


def _model_source() -> Path | None:
    env = os.environ.get("BILINGUAL_MODEL")
    if env and Path(env).exists():
        return Path(env)
    return MODEL_FILE if MODEL_FILE.is_file() else None


def require(path: Path | None, what: str):
    if path is not None and path.exists():
        return path
    message = f"{what} not found (looked for {path}); put ../shared beside the checkout"
    if os.environ.get("BILINGUAL_REQUIRE_MODEL") == "1":
        pytest.fail(message + " — BILINGUAL_REQUIRE_MODEL=1 makes this a failure")
    pytest.skip(message)


@pytest.fixture(scope="session")
def bilingual_home(tmp_path_factory) -> Path:
    """A private data dir for the whole session: the model is installed here once, the cache lives here."""
    home = tmp_path_factory.mktemp("home")
    os.environ["BILINGUAL_HOME"] = str(home)
    return home


@pytest.fixture(scope="session")
def model_info(bilingual_home):
    from bilingual import models

    source = require(_model_source(), "the Argos zh→en model")
    return models.find_model(source)


@pytest.fixture(scope="session")
def eng(model_info):
    from bilingual.translate.engine import Engine

    return Engine(model_info)


@pytest.fixture(scope="session")
def corpus_posts() -> Path:
    return require(CORPUS_POSTS if CORPUS_POSTS.is_dir() else None, "the real posts in ../shared/corpus/posts")


def run_cli(args, home: Path, model: Path, timeout: int = 1500) -> subprocess.CompletedProcess:
    import sys

    env = {**os.environ, "BILINGUAL_HOME": str(home), "BILINGUAL_MODEL": str(model)}
    return subprocess.run(
        [sys.executable, "-m", "bilingual.cli", *map(str, args)],
        capture_output=True, text=True, env=env, timeout=timeout,
    )


def build_archive(folder: Path, corpus: Path) -> Path:
    """The real posts plus our hostile fixtures plus what is too big or binary to commit, in one folder."""
    import shutil

    shutil.copytree(corpus, folder / "real")
    shutil.copytree(FIXTURES / "hostile", folder / "hostile")
    big = folder / "hostile" / "huge-5mb.html"
    paragraphs = "".join(f"<p>第{n}段：这是一篇很大的网页，大部分是内嵌的图片数据。</p>" for n in range(1, 4))
    blob = "A" * (5 * 1024 * 1024)
    big.write_text(
        f"---\ntitle: 五兆字节的网页\ndate: 2021-04-01\n---\n<div>{paragraphs}"
        f'<img src="data:image/png;base64,{blob}"></div>\n',
        encoding="utf-8",
    )
    unit = "这是一段没有任何标点符号的非常长的文字用来测试分句器会不会在模型的长度限制之前把它切开"
    (folder / "hostile" / "no-punctuation.md").write_text(
        f"---\ntitle: 没有标点的长段落\ndate: 2021-04-02\n---\n{(unit * 500)[:20000]}\n", encoding="utf-8"
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00" * 20
    (folder / "hostile" / "picture.md").write_bytes(png)
    return folder


# What the hostile folder must report, by file name (the problem, in words a user reads).
EXPECTED_FAILURES = {
    "bad-yaml.md": "not valid YAML",
    "yaml-list.md": "not a mapping",
    "bad-date.md": "not a date",
    "no-title.md": "no title",
    "empty.md": "empty",
    "only-front-matter.md": "no readable text",
    "latin1-garbage.md": "encoding could not be determined",
    "picture.md": "not a text file",
}


@pytest.fixture(scope="session")
def full_run(model_info, corpus_posts, tmp_path_factory):
    """One `bilingual translate` over real posts + hostile fixtures, default glossary: the main end-to-end run."""
    root = tmp_path_factory.mktemp("full")
    archive = build_archive(root / "archive", corpus_posts)
    home, out = root / "home", root / "out"
    run = run_cli(["translate", archive, "--out", out, "--quiet"], home, model_info.path)
    return {"archive": archive, "home": home, "out": out, "run": run}


def post_pages(html_dir: Path) -> list[Path]:
    """The post pages of a site (html/2021/01/<slug>.html, html/undated/<slug>.html), not its listings."""
    import re

    return sorted(p for p in Path(html_dir).glob("*/*.html") if p.parent.name == "undated"
                  and not re.fullmatch(r"index(\.\d+)?\.html", p.name)) + sorted(
        p for p in Path(html_dir).glob("*/*/*.html") if not re.fullmatch(r"index(\.\d+)?\.html", p.name))


def pytest_collection_modifyitems(items):
    """Every test that uses the real model (through the model_info fixture, which all model fixtures build on)
    is marked `model`, so `-m "not model and not slow"` runs the quick tests without it."""
    for item in items:
        if "model_info" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)
