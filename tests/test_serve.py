"""bilingual serve without the model: an index built from posts written here and a memory filled directly, and
every page and API endpoint through Starlette's test client (errors included)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bilingual import script
from bilingual.translate.memory import Human, TranslationMemory

TOKEN = "test-token-123"

POSTS = {
    "2021-11-15-meeting.md": (
        "---\ntitle: 外交部：中美元首将举行视频会晤\ndate: 2021-11-15\nauthor: 新华社\n"
        "source: https://example.org/a\ntags: [外交]\n---\n"
        "<p>外交部发言人赵立坚宣布，国家主席习近平将同美国总统拜登举行视频会晤。双方将就中美关系交换意见。</p>\n"
        "<p>王毅表示，中方愿同东盟国家加强战略伙伴关系。</p>\n"
    ),
    "2021-10-02-asean.md": (
        "---\ntitle: 王毅會見東盟秘書長\ndate: 2021-10-02\nauthor: 中央社\n---\n"
        "<p>王毅表示，中方願同東盟國家加強戰略夥伴關係。</p>\n<p>臺獨是死路一條。</p>\n"
    ),
    "2020-07-01-hostile.md": (
        "---\ntitle: \"<script>alert('title')</script>香港新闻\"\ndate: 2020-07-01\n"
        "author: \"<img src=x onerror=alert(1)>\"\n---\n"
        "<p>香港特区政府今天发表声明。&lt;script&gt;alert('body')&lt;/script&gt;</p>\n"
        "<p>这是一个被标记的句子。</p>\n"
    ),
    "broken.md": "---\ntitle: [unclosed\n---\n正文\n",
}

# source (as written; normalised when stored) -> machine translation
MACHINE = {
    "外交部：中美元首将举行视频会晤": "Foreign Ministry: Chinese and US heads of state to hold video meeting",
    "外交部发言人赵立坚宣布，国家主席习近平将同美国总统拜登举行视频会晤。":
        "Foreign Ministry spokesman Zhao Lijian announced that President Xi Jinping will hold a video meeting "
        "with US President Biden.",
    "双方将就中美关系交换意见。": "The two sides will exchange views on China-US relations.",
    "王毅表示，中方愿同东盟国家加强战略伙伴关系。":
        "Wang Yi said China is willing to strengthen its strategic partnerships with ASEAN countries.",
    "王毅会见东盟秘书长": "Wang Yi meets ASEAN Secretary-General",
    "台独是死路一条。": "Taiwan independence is a dead end.",
    "<script>alert('title')</script>香港新闻": "<script>alert('title')</script> Hong Kong news",
    "香港特区政府今天发表声明。<script>alert('body')</script>":
        "The Hong Kong SAR government issued a statement today. <script>alert('body')</script>",
}
FLAGGED = {"这是一个被标记的句子。": "This is a this is a this is a"}


def fill_memory(path: Path) -> None:
    with TranslationMemory(path) as memory:
        rows = [(f"k{n}", script.to_model_input(s), t, "ok", "model") for n, (s, t) in enumerate(MACHINE.items())]
        rows += [(f"f{n}", script.to_model_input(s), t, "flagged:repetition", "flagged")
                 for n, (s, t) in enumerate(FLAGGED.items())]
        memory.put_many(rows)


def write_archive(tmp_path: Path) -> tuple[Path, Path]:
    """The test posts in tmp_path/posts and a memory holding their translations: (posts, memory)."""
    posts = tmp_path / "posts"
    posts.mkdir()
    for name, text in POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    memory = tmp_path / "cache.sqlite3"
    fill_memory(memory)
    return posts, memory


@pytest.fixture()
def site(tmp_path):
    from starlette.testclient import TestClient

    from bilingual.serve import create_app, open_archive

    posts, memory = write_archive(tmp_path)
    mine = tmp_path / "my-terms.tsv"
    (posts / "bilingual.toml").write_text(f'glossaries = ["{mine}"]\n', encoding="utf-8")
    archive, result = open_archive(posts, memory_path=memory, index_path=tmp_path / "index.sqlite3")
    client = TestClient(create_app(archive, TOKEN, sync_every=0), base_url="http://127.0.0.1:8787")
    return {"client": client, "archive": archive, "result": result, "posts": posts, "memory": memory,
            "glossary": mine, "tmp": tmp_path}


def write(client, url: str, body: object, token: str | None = TOKEN, **headers: str):
    if token is not None:
        headers["X-Bilingual-Token"] = token
    return client.post(url, json=body, headers=headers)


def post_id(site, name: str) -> int:
    db = sqlite3.connect(site["archive"].index.path)
    return db.execute("SELECT id FROM posts WHERE path = ?", (name,)).fetchone()[0]


def test_index_build_reports_posts_and_failures(site):
    result = site["result"]
    assert (result.added, result.changed, len(result.failed)) == (3, 0, 1)
    assert result.failed[0][0] == "broken.md" and "YAML" in result.failed[0][1]
    page = site["client"].get("/").text
    assert "broken.md" in page and "November 2021" in page and "October 2021" in page


def test_archive_pages(site):
    client = site["client"]
    month = client.get("/month/2021-11")
    assert month.status_code == 200 and "外交部：中美元首将举行视频会晤" in month.text
    assert "Foreign Ministry: Chinese and US heads of state" in month.text  # the translated title
    assert "中央社" in client.get("/sources").text
    outlet = client.get("/outlet", params={"name": "中央社"})
    assert "王毅會見東盟秘書長" in outlet.text and "外交部" not in outlet.text.split("<main>")[1]
    assert client.get("/month/1999-01").status_code == 404


def test_post_page_side_by_side(site):
    page = site["client"].get(f"/post/{post_id(site, '2021-11-15-meeting.md')}")
    assert page.status_code == 200
    assert "赵立坚宣布" in page.text and "Zhao Lijian announced" in page.text
    assert 'class="pair paragraph"' in page.text
    assert site["client"].get("/post/9999").status_code == 404


def test_hostile_post_shows_as_text_under_a_csp(site):
    page = site["client"].get(f"/post/{post_id(site, '2020-07-01-hostile.md')}")
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.text
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp
    hits = site["client"].get("/search", params={"q": "alert"}).text
    assert "<script>alert" not in hits and "&lt;script&gt;<mark>alert</mark>" in hits


def test_search_chinese_both_scripts(site):
    client = site["client"]
    # Simplified query finds the Traditional post and the Simplified one; Traditional finds both too
    for query in ("战略伙伴关系", "戰略夥伴關係"):
        hits = client.get("/api/search", params={"q": query}).json()
        assert hits["total"] == 2, query
        assert {h["post"] for h in hits["hits"]} == {"2021-11-15-meeting.md", "2021-10-02-asean.md"}
    hits = client.get("/api/search", params={"q": "台独"}).json()
    assert hits["total"] == 1 and hits["hits"][0]["source"] == "臺獨是死路一條。"
    # two characters: under the trigram tokenizer's reach, still found
    assert client.get("/api/search", params={"q": "中美"}).json()["total"] == 2
    assert client.get("/api/search", params={"q": "王毅 东盟"}).json()["total"] == 3


def test_search_english_stems_phrases_filters_and_pages(site):
    client = site["client"]
    hit = client.get("/api/search", params={"q": "partnership"}).json()  # stemmed: partnerships
    assert hit["total"] == 2
    first = hit["hits"][0]
    assert set(first) >= {"post", "date", "outlet", "source", "translation", "url"}
    assert first["date"] == "2021-11-15" and first["url"].startswith("/post/")  # newest first
    assert client.get("/api/search", params={"q": '"video meeting"'}).json()["total"] == 2
    assert client.get("/api/search", params={"q": '"meeting video"'}).json()["total"] == 0
    assert client.get("/api/search", params={"q": "partnership", "outlet": "中央社"}).json()["total"] == 1
    assert client.get("/api/search", params={"q": "partnership", "from": "2021-11-01"}).json()["total"] == 1
    assert client.get("/api/search", params={"q": "partnership", "to": "2021-10-31"}).json()["total"] == 1
    page2 = client.get("/api/search", params={"q": "partnership", "page": 2}).json()
    assert page2["total"] == 2 and page2["hits"] == []
    bad = client.get("/api/search", params={"q": "x", "from": "yesterday"})
    assert bad.status_code == 400 and "YYYY-MM-DD" in bad.json()["error"]
    html = client.get("/search", params={"q": "partnerships 东盟"}).text
    assert "<mark>partnerships</mark>" in html and "<mark>东盟</mark>" in html


def test_search_paging(site):
    from bilingual.serve.search import parse

    index = site["archive"].index
    total, first = index.search(parse("王毅"), page_size=2)
    _, second = index.search(parse("王毅"), page=2, page_size=2)
    assert total == 3 and len(first) == 2 and len(second) == 1
    assert {h.sentence.id for h in first}.isdisjoint(h.sentence.id for h in second)


def test_correction_stored_as_human_translation_and_shown_at_once(site):
    client = site["client"]
    source = "双方将就中美关系交换意见。"
    answer = write(client, "/api/corrections", {"source": source, "translation": "Both sides will talk about "
                   "China-US ties.", "author": "Ann", "note": "smoother", "base": MACHINE[source]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["previous"] == MACHINE[source]
    with TranslationMemory(site["memory"]) as memory:
        human = memory.human_many([source])[source]
    assert (human.translation, human.author, human.note) == ("Both sides will talk about China-US ties.", "Ann",
                                                             "smoother")
    assert human.created  # a time, as review import stores it
    hits = client.get("/api/search", params={"q": "ties"}).json()
    assert hits["total"] == 1 and hits["hits"][0]["translation"].startswith("Both sides")
    assert client.get("/api/search", params={"q": '"exchange views"'}).json()["total"] == 0
    page = client.get(f"/post/{post_id(site, '2021-11-15-meeting.md')}").text
    assert "Both sides will talk about China-US ties." in page and "t human" in page


def test_conflict_history_and_undo(site):
    client = site["client"]
    source = "台独是死路一条。"
    first = write(client, "/api/corrections", {"source": "臺獨是死路一條。", "translation": "Independence for Taiwan "
                  "leads nowhere.", "base": MACHINE[source], "author": "A"})
    assert first.status_code == 200
    # B started from the machine translation too: a conflict, not a silent overwrite
    second = write(client, "/api/corrections", {"source": source, "translation": "B's version",
                   "base": MACHINE[source], "author": "B"})
    assert second.status_code == 409
    assert second.json()["current"] == "Independence for Taiwan leads nowhere."
    third = write(client, "/api/corrections", {"source": source, "translation": "Taiwan independence leads "
                  "nowhere.", "base": "Independence for Taiwan leads nowhere.", "author": "B"})
    assert third.status_code == 200
    history = client.get("/api/history", params={"source": source}).json()["edits"]
    assert [e["author"] for e in history] == ["B", "A"]
    assert write(client, "/api/corrections/undo", {"source": source}).json()["translation"] == \
        "Independence for Taiwan leads nowhere."
    assert write(client, "/api/corrections/undo", {"source": source}).json()["translation"] == MACHINE[source]
    with TranslationMemory(site["memory"]) as memory:
        assert memory.human_many([source]) == {}  # back to the machine translation
    assert write(client, "/api/corrections/undo", {"source": source}).status_code == 404
    sid = client.get("/api/search", params={"q": "台独"}).json()["hits"][0]["url"].split("#s")[1]
    page = client.get(f"/sentence/{sid}").text
    assert "Independence for Taiwan leads nowhere." in page and "undone" in page


@pytest.mark.parametrize(("token", "body", "headers", "status", "words"), [
    (None, {"source": "台独是死路一条。", "translation": "x"}, {}, 401, "no token"),
    ("wrong-token-1", {"source": "台独是死路一条。", "translation": "x"}, {}, 403, "wrong token"),
    (TOKEN, {"source": "台独是死路一条。"}, {}, 400, '"translation" is required'),
    (TOKEN, ["not", "an", "object"], {}, 400, "JSON object"),
    (TOKEN, {"source": "台独是死路一条。", "translation": "   "}, {}, 400, "empty"),
    (TOKEN, {"source": "这句话不在任何帖子里。", "translation": "x"}, {}, 404, "not a sentence of this archive"),
    (TOKEN, {"source": "台独是死路一条。", "translation": "x"}, {"Origin": "http://evil.example"}, 403,
     "cross-origin"),
    (TOKEN, {"source": "台独是死路一条。", "translation": "x"}, {"Sec-Fetch-Site": "cross-site"}, 403, "cross-site"),
    (TOKEN, {"source": "台独是死路一条。", "translation": "x",
             "author": 5}, {}, 400, '"author" must be a string'),
])
def test_correction_errors_are_one_line_json(site, token, body, headers, status, words):
    answer = write(site["client"], "/api/corrections", body, token, **headers)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert words in error and "\n" not in error


def test_bad_json_and_oversize_bodies(site):
    client = site["client"]
    bad = client.post("/api/corrections", content=b"{not json", headers={
        "X-Bilingual-Token": TOKEN, "Content-Type": "application/json"})
    assert bad.status_code == 400 and "not valid JSON" in bad.json()["error"]
    huge = client.post("/api/corrections", content=b'{"source": "' + b"x" * 100_000 + b'"}', headers={
        "X-Bilingual-Token": TOKEN, "Content-Type": "application/json"})
    assert huge.status_code == 413 and "larger than" in huge.json()["error"]
    form = client.post("/api/corrections", data={"source": "x"}, headers={"X-Bilingual-Token": TOKEN})
    assert form.status_code == 415


def test_unknown_post_and_route(site):
    answer = site["client"].get("/api/posts/424242")
    assert answer.status_code == 404 and answer.json() == {"error": "no post 424242"}
    assert site["client"].get("/api/nothing").json()["error"]
    post = site["client"].get(f"/api/posts/{post_id(site, '2021-10-02-asean.md')}").json()
    assert post["title"] == "王毅會見東盟秘書長" and post["blocks"][0]["sentences"][0]["translation"]


def test_read_only_refuses_writes(site):
    from starlette.testclient import TestClient

    from bilingual.serve import create_app

    client = TestClient(create_app(site["archive"], TOKEN, read_only=True, sync_every=0))
    answer = write(client, "/api/corrections", {"source": "台独是死路一条。", "translation": "x"})
    assert answer.status_code == 403 and "read-only" in answer.json()["error"]
    assert "Read-only" in client.get("/").text


def test_foreign_host_header_refused(site):
    from starlette.testclient import TestClient

    from bilingual.serve import create_app

    client = TestClient(create_app(site["archive"], TOKEN, hosts=["127.0.0.1", "localhost"], sync_every=0),
                        base_url="http://attacker.example")
    assert client.get("/").status_code == 400


def test_start_url_token_becomes_a_cookie_and_forms_work_without_script(site):
    client = site["client"]
    assert 'name="bilingual-token"' not in client.get("/").text  # no token yet: no editing
    assert client.get("/?token=nope", follow_redirects=False).status_code == 403
    start = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert start.status_code == 303 and start.headers["location"] == "/"
    cookie = start.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert 'name="bilingual-token"' in client.get("/").text
    sid = int(client.get("/api/search", params={"q": "王毅会见"}).json()["hits"][0]["url"].split("#s")[1])
    form = client.get(f"/sentence/{sid}").text
    assert 'action="/sentence/' in form
    saved = client.post(f"/sentence/{sid}", data={"token": TOKEN, "translation": "Wang Yi meets the ASEAN "
                        "Secretary-General", "base": MACHINE["王毅会见东盟秘书长"], "author": "form"},
                        follow_redirects=False)
    assert saved.status_code == 303, saved.text
    assert "Wang Yi meets the ASEAN Secretary-General" in client.get(saved.headers["location"]).text
    no_token = client.post(f"/sentence/{sid}", data={"translation": "x"})  # the cookie alone does not write
    assert no_token.status_code == 401


def test_queue_and_concordance(site):
    client = site["client"]
    queue = client.get("/queue").text
    assert "这是一个被标记的句子。" in queue and "flagged" in queue
    (site["glossary"]).write_text("source\ttarget\tcategory\n东盟\tASEAN\tbody\n中美\tChina-US|Sino-US\tset-phrase\n",
                                  encoding="utf-8")
    site["archive"].glossary._glossary = None
    page = client.get("/concordance", params={"term": "中美"}).text
    assert "China-US" in page and "violation" in page
    # the violation (the headline says "Chinese and US") is listed before the sentences that are right
    assert page.index("Chinese and US heads of state") < page.index("exchange views on China-US relations")


def test_add_to_glossary_writes_the_users_file_and_lints_it(site):
    client = site["client"]
    answer = write(client, "/api/glossary", {"source": "视频会晤", "target": "video summit", "category": "set-phrase"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"] == "added" and answer.json()["lint"] == []
    assert "视频会晤\tvideo summit" in site["glossary"].read_text(encoding="utf-8")
    again = write(client, "/api/glossary", {"source": "视频会晤", "target": "video meeting"})
    assert again.json()["result"] == "replaced"
    assert write(client, "/api/glossary", {"source": "", "target": "x"}).status_code == 400


def test_incremental_update_reindexes_only_what_changed(site):
    archive = site["archive"]
    index = archive.index
    post = site["posts"] / "2021-10-02-asean.md"
    post.write_text(post.read_text(encoding="utf-8").replace("臺獨是死路一條。", "臺獨沒有出路。"), encoding="utf-8")
    result = index.refresh()
    assert (result.added, result.changed, result.unchanged, result.removed) == (0, 1, 3, 0)  # broken.md too
    assert site["client"].get("/api/search", params={"q": "没有出路"}).json()["total"] == 1
    # a new translation in the memory (a translate run, a review import) re-indexes only its sentences
    with TranslationMemory(site["memory"]) as memory:
        memory.put_many([("new", "台独没有出路。", "Taiwan independence has no way out.", "ok", "model")])
        memory.put_human_many([Human("双方将就中美关系交换意见。", "From review import.", "rev", "", "from x.po")])
    assert index.sync_memory() == 2
    assert index.sync_memory() == 0
    assert site["client"].get("/api/search", params={"q": '"no way out"'}).json()["total"] == 1
    assert site["client"].get("/api/search", params={"q": "review import"}).json()["total"] == 1
    (site["posts"] / "2020-07-01-hostile.md").unlink()
    assert index.refresh().removed == 1
    assert site["client"].get("/api/search", params={"q": "香港"}).json()["total"] == 0


def test_cli_errors_are_one_line(tmp_path):
    import socket

    from typer.testing import CliRunner

    from bilingual.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["serve", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "no such folder" in missing.output
    short = runner.invoke(app, ["serve", str(tmp_path), "--token", "abc"])
    assert short.exit_code == 2 and "at least 8 characters" in short.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        taken = runner.invoke(app, ["serve", str(tmp_path), "--port", str(port)])
    assert taken.exit_code == 2 and "cannot listen there" in taken.output
    assert "Traceback" not in missing.output + short.output + taken.output


def test_a_bad_index_or_settings_file_is_one_line_naming_it(tmp_path, monkeypatch):
    import socket

    from typer.testing import CliRunner

    from bilingual.cli import app
    from bilingual.serve import default_index_path

    monkeypatch.setenv("BILINGUAL_HOME", str(tmp_path / "home"))
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(POSTS["2021-10-02-asean.md"], encoding="utf-8")
    index = default_index_path(posts)
    index.parent.mkdir(parents=True)
    index.write_bytes(b"this is not a database" * 100)
    with socket.socket() as probe:  # a free port: the port is checked before the index is opened
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    broken = CliRunner().invoke(app, ["serve", str(posts), "--port", str(port)])
    assert broken.exit_code == 2 and str(index) in broken.output and "delete it" in broken.output
    index.unlink()
    (posts / "bilingual.toml").write_text("layout = [\n", encoding="utf-8")
    bad = CliRunner().invoke(app, ["serve", str(posts)])
    assert bad.exit_code == 2 and "bilingual.toml: not valid TOML" in bad.output
    assert "Traceback" not in broken.output + bad.output


def test_cli_serve_prints_the_start_url_and_serves(tmp_path):
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.request

    posts = tmp_path / "posts"
    posts.mkdir()
    for name, text in POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "BILINGUAL_HOME": str(tmp_path / "home")}
    server = subprocess.Popen([sys.executable, "-m", "bilingual.cli", "serve", str(posts), "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert line.startswith(f"serving {posts} at http://127.0.0.1:{port}/?token=")
        token = line.split("token=")[1].split()[0]
        assert len(token) >= 30  # a fresh random token
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as page:
                    assert "November 2021" in page.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError("the server did not answer")
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "3 posts added" in err and "1 unreadable" in err and "broken.md" in err
    assert "Traceback" not in err


def test_pages_are_valid_html(site, tmp_path):
    """Every kind of page, with editing on, through the Nu HTML Checker (as the static site's pages are)."""
    from test_accessibility import vnu_messages

    client = site["client"]
    client.get(f"/?token={TOKEN}")
    sid = client.get("/api/search", params={"q": "台独"}).json()["hits"][0]["url"].split("#s")[1]
    write(client, "/api/corrections", {"source": "台独是死路一条。", "translation": "A dead end."})
    pages = {"index": "/", "sources": "/sources", "month": "/month/2021-11", "outlet": "/outlet?name=中央社",
             "post": f"/post/{post_id(site, '2021-11-15-meeting.md')}",
             "hostile": f"/post/{post_id(site, '2020-07-01-hostile.md')}",
             "sentence": f"/sentence/{sid}", "search": "/search?q=王毅+partnership", "empty": "/search",
             "concordance": "/concordance?term=中美", "queue": "/queue", "missing": "/post/999999"}
    files = []
    for name, url in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(client.get(url).text, encoding="utf-8")
        files.append(path)
    css = tmp_path / "serve.css"
    css.write_text(client.get("/static/serve.css").text, encoding="utf-8")
    assert vnu_messages([*files, css]) == []


def test_first_build_reports_progress_and_the_server_keeps_current(site, tmp_path):
    import time

    from starlette.testclient import TestClient

    from bilingual.serve import create_app, open_archive

    calls: list[tuple[int, int]] = []
    open_archive(site["posts"], memory_path=site["memory"], index_path=tmp_path / "fresh.sqlite3",
                 progress=lambda done, total: calls.append((done, total)))
    assert calls and calls[-1] == (4, 4)
    # while it runs, the server takes in what translate stores in the memory, without a restart
    with TestClient(create_app(site["archive"], TOKEN, sync_every=0.05)) as client:
        with TranslationMemory(site["memory"]) as memory:
            memory.put_many([("later", "王毅会见东盟秘书长", "Wang Yi receives the ASEAN chief", "ok", "model")])
        for _ in range(100):
            if client.get("/api/search", params={"q": "receives"}).json()["total"]:
                break
            time.sleep(0.05)
        assert client.get("/api/search", params={"q": "receives"}).json()["total"] == 1


def test_two_servers_on_one_memory_get_a_conflict(site, tmp_path):
    """Another server (another posts folder view, another index) over the same memory: its stale page still
    gets a conflict, because the memory is read again under a lock before every correction."""
    from bilingual.serve import edits
    from bilingual.serve.index import Index
    from bilingual.serve.store import MemoryStore

    other = Index(tmp_path / "other.sqlite3", site["posts"], MemoryStore(site["memory"]))
    other.refresh()
    source = "台独是死路一条。"
    edits.correct(site["archive"].index, source, "First server's version.", base=MACHINE[source])
    with pytest.raises(edits.EditError) as refused:
        edits.correct(other, source, "Second server's version.", base=MACHINE[source])
    assert refused.value.status == 409 and refused.value.current == "First server's version."


def test_concordance_of_a_name_uses_the_names_layer(site):
    (site["posts"] / "2021-09-01-names.md").write_text(
        "---\ntitle: 河北新闻\ndate: 2021-09-01\n---\n<p>石家庄市今天发布通知。</p>\n<p>石家庄的天气很好。</p>\n",
        encoding="utf-8")
    with TranslationMemory(site["memory"]) as memory:
        memory.put_many([("n1", "石家庄市今天发布通知。", "Shijiazhuang City issued a notice today.", "ok", "model"),
                         ("n2", "石家庄的天气很好。", "The weather in Shi Jiazhuang is good.", "ok", "model")])
    site["archive"].index.refresh()
    page = site["client"].get("/concordance", params={"term": "石家庄"}).text
    assert "names layer" in page and "Shijiazhuang" in page
    assert page.index("Shi Jiazhuang is good") < page.index("Shijiazhuang City issued")  # the violation first
    assert "1 violations" in page


def test_sentences_of_a_latin_paragraph_keep_their_spaces(site):
    (site["posts"] / "2021-09-02-latin.md").write_text(
        "---\ntitle: 英文段落\ndate: 2021-09-02\n---\n<p>中文句子。</p>\n<p>First sentence. Second one.</p>\n",
        encoding="utf-8")
    site["archive"].index.refresh()
    page = site["client"].get(f"/post/{post_id(site, '2021-09-02-latin.md')}")
    assert "Cache-Control" not in page.headers or "no-store" not in page.headers["Cache-Control"]
    from bs4 import BeautifulSoup

    originals = [p.get_text() for p in BeautifulSoup(page.text, "html.parser").select("p.original")]
    assert originals == ["中文句子。", "First sentence. Second one."]


def test_a_chunked_body_over_the_limit_is_refused(site):
    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    answer = site["client"].post("/api/corrections", content=chunks(), headers={
        "X-Bilingual-Token": TOKEN, "Content-Type": "application/json"})
    assert answer.status_code == 413 and "larger than" in answer.json()["error"]
