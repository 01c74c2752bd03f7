"""The engine options from the command line and bilingual.toml, and `bilingual eval` comparing engines on the same
pairs: with the small random-weight models and the test chat server (no real model needed)."""

from __future__ import annotations

import socket

import pytest
from chat_server import MODEL, ChatServer
from tiny_model import make_model

from tests.conftest import run_cli


def echo(sentences):
    return [f"translated {len(s)} characters" for s in sentences]


@pytest.fixture
def server():
    with ChatServer(echo) as running:
        yield running


def test_eval_compares_engines_on_the_same_pairs(tmp_path, server):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("我们明天去北京。\tWe are going to Beijing tomorrow.\n"
                     "双方要加强沟通协调。\tBoth sides should strengthen communication.\n"
                     "会议认为，今年夏粮生产形势总体较好。\tThe meeting held that the summer grain harvest is good.\n",
                     encoding="utf-8")
    a, b = make_model(tmp_path / "a"), make_model(tmp_path / "b", separate_target=True)
    run = run_cli(["eval", pairs, "--no-names", "--model", a, "--model", b, "--engine", "openai",
                   "--api-base", server.url, "--api-model", MODEL], tmp_path / "home", a, timeout=300)
    assert run.returncode == 0, run.stderr
    comparison = run.stdout[run.stdout.rindex("engine "):].splitlines()
    engines = {line.split()[0] for line in comparison[1:]}
    assert engines == {"a", "b", f"openai:{MODEL}:p1"}, run.stdout
    assert len(comparison) == 1 + 3 * 2  # each engine: model alone, with glossary
    assert server.requests  # the chat server really translated the pairs


def test_the_engine_settings_come_from_bilingual_toml(tmp_path, server):
    posts = tmp_path / "posts"
    posts.mkdir()
    body = "<p>我们明天去北京。他说，双方要加强合作。</p>"
    (posts / "a.md").write_text(f"---\ntitle: 标题\ndate: 2021-01-01\n---\n{body}\n", encoding="utf-8")
    (posts / "bilingual.toml").write_text(
        f'engine = "openai"\napi_base = "{server.url}"\napi_model = "{MODEL}"\nconcurrency = 2\n', encoding="utf-8")
    run = run_cli(["translate", posts, "--out", tmp_path / "out", "--quiet", "--no-names"], tmp_path / "home",
                  tmp_path / "no-model-needed")
    assert run.returncode in (0, 1), run.stderr
    assert any("我们明天去北京。" in b["messages"][-1]["content"] for b in server.requests)
    assert "warning" not in run.stderr  # the server is on this machine


def test_a_server_that_is_down_stops_the_run_in_one_line(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/v1"
    run = run_cli(["translate", "--sample", "--out", tmp_path / "out", "--engine", "openai", "--api-base", url,
                   "--api-model", MODEL], tmp_path / "home", tmp_path / "no-model-needed")
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert run.returncode == 2 and len(lines) == 1 and url in lines[0] and "cannot reach" in lines[0], run.stderr


def test_a_remote_server_is_warned_of_before_any_text_leaves(tmp_path):
    import bilingual

    with pytest.warns(UserWarning, match="not on this machine: the posts' text is sent to it"):
        translator = bilingual.open_translator(home=tmp_path, engine="openai", api_base="http://192.0.2.7:9/v1",
                                               api_model="m", glossary=None, names=False)
    translator.close()


@pytest.mark.parametrize(("setting", "problem"), [
    ('engine = "llm"', "expected one of ctranslate2, openai"),
    ('device = "gpu"', "expected one of auto, cpu, cuda"),
    ("concurrency = 0", "concurrency = 0"),
])
def test_bad_engine_settings_are_one_line(tmp_path, setting, problem):
    (tmp_path / "bilingual.toml").write_text(setting + "\n", encoding="utf-8")
    run = run_cli(["translate", tmp_path, "--out", tmp_path / "out"], tmp_path / "home", tmp_path / "none")
    assert run.returncode == 2 and problem in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
