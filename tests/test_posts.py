import datetime as dt

import pytest

from bilingual.posts import PostError, iter_post_paths, read_post

JEKYLL = """---
title: "外交部：示例标题"
date: 2021-11-15T10:40:35.328Z
author: 联合早报
from: https://example.org/a
tags: [ 联合早报, 外交 ]
---
<!--1636993920000-->
[外交部：示例标题](https://example.org/a)
------

<div><p>第一段。</p><p>第二段。</p></div>
"""


def write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_front_matter_facts_and_debris_header_removed(tmp_path):
    post = read_post(write(tmp_path, "a.md", JEKYLL))
    assert post.title == "外交部：示例标题"
    assert post.date == dt.datetime(2021, 11, 15, 10, 40, 35, 328000)
    assert post.author == "联合早报"
    assert post.source_url == "https://example.org/a"
    assert post.tags == ["联合早报", "外交"]
    # the epoch stamp and the repeated [title](url) line are not content
    assert [b.text for b in post.blocks] == ["第一段。", "第二段。"]


def test_post_without_front_matter_uses_title_link_and_date_line(tmp_path):
    text = "[标题在这里](https://example.org/x)\n------\n日期：Thu, 18 Jun 2020 04:30:16 +0000\n\n<p>正文。</p>\n"
    post = read_post(write(tmp_path, "b.md", text))
    assert post.title == "标题在这里"
    assert post.source_url == "https://example.org/x"
    assert post.date == dt.datetime(2020, 6, 18, 4, 30, 16)
    assert [b.text for b in post.blocks] == ["正文。"]


def test_traditional_post_detected(tmp_path):
    body = "中國外交部發言人說，這項問題關係國家發展。"
    trad = read_post(write(tmp_path, "d.md", f"---\ntitle: 國際學者致信\n---\n{body}\n"))
    assert trad.script == "traditional"
    assert read_post(write(tmp_path, "e.md", JEKYLL)).script == "simplified"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("---\ntitle: [unclosed\n---\n正文\n", "not valid YAML"),
        ("---\n- a\n- b\n---\n正文\n", "not a mapping"),
        ("---\ntitle: 标题\ndate: yesterday-ish\n---\n正文。\n", "not a date"),
        ("---\nauthor: 某人\n---\n正文。\n", "no title"),
        ("", "empty"),
        ("---\ntitle: 只有前言\n---\n", "no readable text"),
    ],
)
def test_bad_posts_raise_one_line_errors(tmp_path, text, problem):
    path = tmp_path / "bad.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PostError) as info:
        read_post(path)
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_binary_file_is_reported(tmp_path):
    path = tmp_path / "image.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(PostError, match="not a text file"):
        read_post(path)


@pytest.mark.parametrize("encoding", ["gb18030", "big5"])
def test_legacy_chinese_encodings_are_decoded(tmp_path, encoding):
    body = "中华人民共和国外交部发言人今天在例行记者会上表示，双方应当加强对话与合作。" * 3
    if encoding == "big5":
        body = "中華民國外交部發言人今天在例行記者會上表示，雙方應當加強對話與合作。" * 3
    title = "標題" if encoding == "big5" else "标题"
    path = write(tmp_path, "legacy.md", f"---\ntitle: {title}\n---\n{body}\n", encoding)
    post = read_post(path)
    assert post.blocks[0].text == body


def test_iter_post_paths_is_sorted_and_skips_other_files(tmp_path):
    for name in ["b.md", "a.markdown", "c.html", "notes.txt", ".hidden/x.md", "SOURCES.md"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert [p.name for p in iter_post_paths(tmp_path)] == ["a.markdown", "b.md", "c.html"]


def test_every_real_post_reads_with_title_and_blocks(corpus_posts):
    paths = list(iter_post_paths(corpus_posts))
    assert len(paths) == 33
    for path in paths:
        post = read_post(path)
        assert post.title.strip(), path
        assert post.date is not None, path
        assert post.blocks, path
        text = " ".join(b.text for b in post.blocks)
        for debris in ("dfp-ad", "<script", "获取更多RSS", "Permalink", "月費訂戶", "subscribe.sph"):
            assert debris not in text, (path.name, debris)


def test_a_post_without_title_takes_it_from_a_jekyll_file_name(tmp_path):
    path = tmp_path / "2021-01-22-some-title_here.md"
    path.write_text("---\nauthor: 新华社\n---\n<p>正文。</p>\n", encoding="utf-8")
    post = read_post(path)
    assert post.title == "some title here"
    assert post.date is not None and post.date.isoformat().startswith("2021-01-22")
    assert post.notes and "file name" in post.notes[0]
    plain = tmp_path / "no-title.md"
    plain.write_text("---\nauthor: 新华社\n---\n<p>正文。</p>\n", encoding="utf-8")
    with pytest.raises(PostError, match="no title"):
        read_post(plain)  # not a Jekyll post name: still a failure
