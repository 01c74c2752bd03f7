"""bilingual serve in a real browser: Debian's chromium driven by Playwright (the system browser through
executable_path; nothing is downloaded). A server runs on 127.0.0.1 in a thread.

    test_browser_search_edit_reload       open, search, edit a sentence, reload, see it; a hostile post as text
    test_correction_reaches_next_translate  (model) translate, serve, correct in the browser, translate again:
                                          the correction is in the HTML and the EPUB
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bilingual.translate.memory import TranslationMemory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "browser-token-456"

pytestmark = pytest.mark.slow


def _chromium() -> str:
    import os

    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (apt-get install chromium fonts-noto-cjk; .ci/run does it)"
        if os.environ.get("BILINGUAL_REQUIRE_MODEL") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@contextmanager
def running(app) -> Iterator[str]:
    """The app on a free loopback port, in a thread; yields its base URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_chromium(), args=FLAGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def watch(page) -> dict[str, list[str]]:
    """Dialogs (a script that ran would alert) and console errors (a CSP violation shows there)."""
    seen: dict[str, list[str]] = {"dialogs": [], "errors": []}

    def on_dialog(dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    return seen


def edit_sentence(page, sentence_id: str, text: str) -> None:
    span = page.locator(f"span#s{sentence_id}")
    span.click()
    editor = page.locator("textarea.editor")
    editor.fill(text)
    page.locator(".editbar input").fill("Browser Tester")
    page.get_by_role("button", name="Save").click()
    from playwright.sync_api import expect

    expect(span).to_have_text(text)  # (no wait_for_function: the page's CSP forbids evaluating strings)


def test_browser_search_edit_reload(tmp_path):
    from test_serve import write_archive

    from bilingual.serve import create_app, open_archive

    posts, memory = write_archive(tmp_path)
    archive, _ = open_archive(posts, memory_path=memory, index_path=tmp_path / "index.sqlite3")
    app = create_app(archive, TOKEN, hosts=["127.0.0.1", "localhost"], sync_every=0)
    with running(app) as base, browser() as chromium:
        page = chromium.new_page()
        seen = watch(page)
        page.goto(f"{base}/?token={TOKEN}")
        assert page.url == f"{base}/"  # the token went into a cookie and out of the address bar
        # search, in the header box
        page.fill("form.quick input[name=q]", "戰略夥伴關係")
        page.locator("form.quick button").click()
        page.wait_for_url("**/search?q=*")
        assert page.locator("ol.hits > li").count() == 2
        assert page.locator("ol.hits mark").first.inner_text() == "战略伙伴关系"
        # open the hit's post and edit a sentence in place
        page.locator("ol.hits a").first.click()
        target = page.locator("span.t", has_text="exchange views on China-US relations")
        sentence_id = target.get_attribute("data-sid")
        assert sentence_id
        corrected = "Both sides will compare notes on China-US relations."
        edit_sentence(page, sentence_id, corrected)
        page.reload()
        span = page.locator(f"span#s{sentence_id}")
        assert span.inner_text() == corrected and "human" in (span.get_attribute("class") or "")
        # in search at once, under the new words and not the old ones
        page.goto(f"{base}/search?q=%22compare+notes%22")
        assert page.locator("ol.hits > li").count() == 1
        page.goto(f"{base}/search?q=%22exchange+views%22")
        assert page.locator("ol.hits > li").count() == 0
        with TranslationMemory(memory) as stored:
            human = stored.human_many(["双方将就中美关系交换意见。"])["双方将就中美关系交换意见。"]
        assert (human.translation, human.author) == (corrected, "Browser Tester")
        # the hostile post: its markup is text, no script runs
        page.goto(f"{base}/search?q=香港新闻")
        page.locator("ol.hits a").first.click()
        heading = page.locator("h1").inner_text()
        assert "<script>alert('title')</script>" in heading
        assert "<img src=x onerror=alert(1)>" in page.locator("dl.facts").inner_text()
        assert "<script>alert('body')</script>" in page.locator(".pair .original").first.inner_text()
        page.wait_for_timeout(300)
        assert seen["dialogs"] == []
        assert seen["errors"] == []  # nothing blocked by the CSP, no script error


def test_browser_conflict_between_two_editors(tmp_path):
    from playwright.sync_api import expect
    from test_serve import write_archive

    from bilingual.serve import create_app, open_archive

    posts, memory = write_archive(tmp_path)
    archive, _ = open_archive(posts, memory_path=memory, index_path=tmp_path / "index.sqlite3")
    with running(create_app(archive, TOKEN, sync_every=0)) as base, browser() as chromium:
        first, second = chromium.new_page(), chromium.new_page()
        for page in (first, second):
            page.goto(f"{base}/?token={TOKEN}")
            page.goto(f"{base}/search?q=台独")
            page.locator("ol.hits a").first.click()
        sid = first.locator("span.t", has_text="dead end").get_attribute("data-sid")
        edit_sentence(first, str(sid), "Taiwan independence leads nowhere.")
        second.locator(f"span#s{sid}").click()
        second.locator("textarea.editor").fill("Another version.")
        second.get_by_role("button", name="Save").click()
        message = second.locator(".editbar .msg")
        expect(message).to_contain_text("changed this sentence meanwhile")
        assert "Taiwan independence leads nowhere." in message.inner_text()


@pytest.mark.model
def test_correction_reaches_next_translate(model_info, tmp_path):
    """translate two posts, serve, correct a sentence in the browser, translate again: HTML and EPUB have it."""
    from conftest import run_cli

    import bilingual
    from bilingual.serve import create_app, open_archive

    posts = tmp_path / "posts"
    posts.mkdir()
    for sample in sorted(bilingual.sample_dir().glob("*.md"))[:2]:
        shutil.copy(sample, posts / sample.name)
    home, out = tmp_path / "home", tmp_path / "out"
    first = run_cli(["translate", posts, "--out", out, "--quiet"], home, model_info.path)
    assert first.returncode == 0, first.stderr
    archive, result = open_archive(posts, memory_path=home / "cache.sqlite3", index_path=tmp_path / "i.sqlite3")
    assert result.added == 2
    corrected = "This sentence was corrected in the browser."
    with running(create_app(archive, TOKEN, sync_every=0)) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/?token={TOKEN}")
        page.locator("ul.months a").first.click()
        page.locator("table.posts a").first.click()
        span = page.locator(".pair .translation span.t").first
        before = span.inner_text()
        edit_sentence(page, str(span.get_attribute("data-sid")), corrected)
    second = run_cli(["translate", posts, "--out", out, "--quiet"], home, model_info.path)
    assert second.returncode == 0, second.stderr
    pages = [p.read_text(encoding="utf-8") for p in (out / "html").rglob("*.html")]
    assert any(corrected in text for text in pages)
    assert not any(before in text for text in pages)
    books = list(out.glob("*.epub"))
    assert books
    with zipfile.ZipFile(books[0]) as book:
        chapters = [book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xhtml")]
    assert any(corrected in text for text in chapters)
