"""Shared fixtures. Tests that need the real model find it in ../shared/models (or $BILINGUAL_MODEL).

Where the model is truly absent they skip, saying so; CI sets BILINGUAL_REQUIRE_MODEL=1 so that a missing
model fails the run instead of skipping silently.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
MODEL_FILE = SHARED / "models" / "translate-zh_en-1_9.argosmodel"
CORPUS_POSTS = SHARED / "corpus" / "posts"
PARALLEL = SHARED / "corpus" / "parallel" / "wmt21-zh-en.dev.tsv"
FIXTURES = Path(__file__).with_name("fixtures")


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
    from bilingual import engine

    source = require(_model_source(), "the Argos zh→en model")
    return engine.find_model(source)


@pytest.fixture(scope="session")
def eng(model_info):
    from bilingual.engine import Engine

    return Engine(model_info)


@pytest.fixture(scope="session")
def corpus_posts() -> Path:
    return require(CORPUS_POSTS if CORPUS_POSTS.is_dir() else None, "the real posts in ../shared/corpus/posts")
