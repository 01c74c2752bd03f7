"""Glossary suggestions mined from a folder (suggest.py)."""

from __future__ import annotations

import bilingual


def test_suggest_mines_names_and_terms_the_glossary_lacks(tmp_path):
    from bilingual.posts import read_post
    from bilingual.suggest import suggest

    folder = tmp_path / "posts"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.md").write_text(
            f"---\ntitle: 绥化通报疫情{n}\ndate: 2021-01-0{n + 1}\n---\n"
            "<p>外交部发言人说，绥化市政府和哈尔滨市政府宣布了新的防疫措施。</p>"
            "<p>王浩宇表示，绥化的居民应当配合防疫措施。</p>\n", encoding="utf-8")
    posts = [read_post(p) for p in sorted(folder.glob("*.md"))]
    found = {c.term: c for c in suggest(posts, bilingual.load_glossary(), None, top=20)}
    assert "绥化" in found and found["绥化"].count >= 6 and found["绥化"].category == "place"
    assert "王浩宇" in found and found["王浩宇"].category == "person"
    assert not any("外交部" in term for term in found)  # the glossary has it
