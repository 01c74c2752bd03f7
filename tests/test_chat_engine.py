"""--engine openai: an OpenAI-compatible chat server, started here on 127.0.0.1 (real HTTP), that misbehaves on
demand. Without the model it answers with a marked copy of each sentence; with it (the model tests), with the real
Argos model, so the English and the glossary's enforcement are real."""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time

import pytest
from chat_server import MODEL, ChatServer

from bilingual.errors import describe
from bilingual.translate.chat import ChatEngine, ChatServerError, ChatSettings, is_local, remote_warning
from bilingual.translate.engine import Decoding

SENTENCES = [f"第{n}句话。" for n in range(1, 21)]


def fake(sentences):
    return [f"sentence {s[1:-3]}" for s in sentences]


def expected(sentences):
    return fake(sentences)


def engine_for(server: ChatServer, **settings) -> ChatEngine:
    values = {"concurrency": 3, "timeout": 5.0, "retries": 3, "backoff": 0.01, **settings}
    return ChatEngine(ChatSettings(server.url, MODEL, **values))


@pytest.fixture
def server():
    with ChatServer(fake, timeout_sleep=1.5) as running:
        yield running


def test_the_contract_sentences_in_json_translations_back_in_order(server):
    engine = engine_for(server)
    seen = []
    assert engine.translate(SENTENCES, progress=seen.append) == expected(SENTENCES)
    assert sum(seen) == len(SENTENCES)
    assert len(server.requests) == 3  # groups of 8
    for body in server.requests:
        last = body["messages"][-1]
        assert last["role"] == "user"
        tail = json.loads(last["content"][last["content"].rindex("{"):])
        assert set(tail) == {"sentences"} and all(s in SENTENCES for s in tail["sentences"])
        assert body["response_format"]["type"] == "json_schema"
        assert body["temperature"] == 0.0
    # the translator's retries with other decoding settings get another answer, not the same one again
    engine.translate(SENTENCES[:1], decoding=Decoding(beam_size=4))
    assert server.requests[-1]["temperature"] > 0


@pytest.mark.parametrize("fault", ["500", "429", "timeout", "fewer", "garbage", "fenced", "no-schema"])
def test_a_misbehaving_answer_is_asked_again_and_nothing_is_lost(server, fault):
    engine = engine_for(server, timeout=1.0)  # the "timeout" fault sleeps 1.5 s; 0.5 s failed on a busy machine
    server.faults += [fault, fault]
    assert engine.translate(SENTENCES) == expected(SENTENCES)
    assert len(server.requests) >= 3 + 2 - (fault == "fenced") * 2  # a fenced JSON answer is read as it is
    if fault == "no-schema":  # a server without structured output is asked without it from then on
        engine.translate(SENTENCES[:1])
        assert "response_format" not in server.requests[-1]


def test_a_sentence_the_server_never_answers_properly_is_left_empty_for_the_translator_to_flag(server):
    engine = engine_for(server)
    server.faults += ["garbage"] * 100
    assert engine.translate(SENTENCES[:2]) == ["", ""]


def test_the_paragraph_goes_into_the_prompt_as_context(server):
    engine = engine_for(server)
    engine.add_context(SENTENCES[:3])
    engine.translate([SENTENCES[1]])
    assert "".join(SENTENCES[:3]) in server.requests[-1]["messages"][-1]["content"]


def _one_line(exc: BaseException) -> str:
    message, code = describe(exc)
    assert "\n" not in message and code == 2
    return message


def test_a_server_that_is_down_is_one_line_naming_the_url():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/v1"
    engine = ChatEngine(ChatSettings(url, MODEL, retries=3, backoff=0.5))
    started = time.perf_counter()
    with pytest.raises(ChatServerError) as caught:
        engine.translate(SENTENCES[:1])
    assert time.perf_counter() - started < 3  # no retries on the first contact: it is down, say so now
    assert url in _one_line(caught.value) and "cannot reach the server" in str(caught.value)


def test_a_model_the_server_does_not_have_is_one_line(server):
    engine = ChatEngine(ChatSettings(server.url, "qwen-nonexistent"))
    with pytest.raises(ChatServerError) as caught:
        engine.translate(SENTENCES[:1])
    message = _one_line(caught.value)
    assert server.url in message and "no model 'qwen-nonexistent'" in message and MODEL in message


def test_a_server_failing_after_every_retry_is_one_line_and_says_the_run_resumes(server):
    engine = engine_for(server, retries=2)
    server.faults += ["500"] * 100
    with pytest.raises(ChatServerError) as caught:
        engine.translate(SENTENCES[:3])
    message = _one_line(caught.value)
    assert f"{server.url}/chat/completions: HTTP 500" in message and "3 attempts" in message
    assert "run the same command again to resume" in message


def test_bad_settings_are_one_line():
    from bilingual.errors import OptionError

    for settings, problem in [(ChatSettings("localhost:8080", MODEL), "expected an http(s) URL"),
                              (ChatSettings("http://127.0.0.1:1/v1", ""), "needs --api-model"),
                              (ChatSettings("http://127.0.0.1:1/v1", MODEL, concurrency=0), "--concurrency 0")]:
        with pytest.raises(OptionError, match=re.escape(problem)):
            ChatEngine(settings)


def test_text_leaving_this_machine_is_warned_of():
    assert is_local("http://127.0.0.1:8080/v1") and is_local("http://localhost:11434/v1")
    assert is_local(f"http://{socket.gethostname()}:8080/v1")
    assert remote_warning("http://127.0.0.1:8080/v1") is None
    warning = remote_warning("http://192.0.2.7:8000/v1")  # TEST-NET-1: never this machine
    assert warning is not None and "not on this machine" in warning


def test_the_cache_key_holds_engine_model_and_prompt_revision(server):
    from bilingual.translate import chat

    engine = engine_for(server)
    assert engine.model_id == f"openai:{MODEL}:p{chat.PROMPT_REVISION}"
    assert ChatEngine(ChatSettings(server.url, "other")).model_id != engine.model_id


# -- with the real model behind the server --------------------------------------------------------------------

@pytest.fixture(scope="module")
def argos_server(eng):
    lock = threading.Lock()

    def translate(sentences):
        with lock:  # one model call at a time: the test machine has two cores
            return eng.translate(sentences)

    with ChatServer(translate, timeout_sleep=1.5) as running:
        yield running


TERM_SENTENCES = [
    "外交部发言人赵立坚在例行记者会上说，中方坚决反对美方的错误做法。",
    "国务委员兼外长王毅同东盟秘书长林玉辉举行会谈。",
    "习近平主席和拜登总统将举行视频会晤。",
    "一带一路倡议为沿线国家带来了发展机遇。",
    "香港特别行政区政府发言人表示欢迎。",
]


def test_terms_the_server_drops_are_enforced_zero_violations(argos_server, tmp_path):
    import bilingual
    from bilingual.translate.memory import TranslationMemory
    from bilingual.translate.translator import Translator

    argos_server.drop_terms = True
    argos_server.faults += ["fewer", "500", "garbage"]
    try:
        base = bilingual.open_translator(home=tmp_path, engine="openai", api_base=argos_server.url,
                                         api_model=MODEL, concurrency=2)
        engine = base.engine
        assert isinstance(engine, ChatEngine)
        engine.settings.backoff = 0.01
        with Translator(engine, TranslationMemory(tmp_path / "m.sqlite3"), base.glossary, names=base.names) as tr:
            results = tr.translate(TERM_SENTENCES).results
        base.memory.close()
    finally:
        argos_server.drop_terms = False
    assert sum(len(r.terms) for r in results) >= 5
    assert [r.violations for r in results] == [()] * len(results), [(r.translation, r.violations) for r in results]
    assert all(r.ok and r.translation for r in results)
    prompts = [b["messages"][-1]["content"] for b in argos_server.requests]
    assert any("Required English renderings" in p and "Zhao Lijian" in p for p in prompts)
    assert any("lacked a required rendering" in p for p in prompts)  # the retry with the rendering insisted on


@pytest.mark.slow
def test_the_server_dies_mid_run_finished_sentences_are_kept_and_the_resumed_run_finishes(argos_server, tmp_path,
                                                                                          model_info):
    import bilingual
    from tests.conftest import run_cli

    home, out = tmp_path / "home", tmp_path / "out"
    with ChatServer(argos_server.translate) as dying:
        dying.die_after = 32  # of the 39 requests the sample folder takes: probes and the first slices are done
        args = ["translate", bilingual.sample_dir(), "--out", out, "--quiet", "--engine", "openai",
                "--api-base", dying.url, "--api-model", MODEL, "--concurrency", "1"]
        os.environ["BILINGUAL_COMMIT_EVERY"] = "4"
        try:
            first = run_cli(args, home, model_info.path, timeout=600)
        finally:
            del os.environ["BILINGUAL_COMMIT_EVERY"]
    lines = [line for line in first.stderr.splitlines() if line.strip()]
    assert first.returncode == 2 and len(lines) == 1 and "Traceback" not in first.stderr, first.stderr
    assert dying.url in lines[0] and "resume" in lines[0]
    from test_hostile import cached_rows

    kept = cached_rows(home)
    assert kept > 0
    args[args.index(dying.url)] = argos_server.url
    rerun = run_cli([*args, "--json"], home, model_info.path, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["sentences_from_cache"] >= kept and report["sentences_translated"] > 0  # kept, and the rest done
    assert report["glossary"]["violations"] == 0


def test_human_translations_win_across_engines(argos_server, tmp_path):
    import bilingual
    from bilingual.translate.memory import Human

    with bilingual.open_translator(home=tmp_path, engine="openai", api_base=argos_server.url, api_model=MODEL,
                                   glossary=None, names=False) as translator:
        translator.memory.put_human_many([Human("我们明天去北京。", "Tomorrow we go to Beijing.")])
        results = translator.translate(["我们明天去北京。"]).results
    assert results[0].translation == "Tomorrow we go to Beijing." and results[0].origin == "human"
