"""Glossary: file format, lint rules, matching, protection; and enforcement on the real model."""

import re
from pathlib import Path

import pytest
from conftest import HEADER
from conftest import write_glossary as write

import bilingual
from bilingual import glossary as g
from bilingual.glossary import exchange
from bilingual.glossary.lint import lint


def test_shipped_glossary_is_large_and_lint_clean():
    path = bilingual.default_glossary_path()
    entries = g.read_entries(path)
    assert len(entries) >= 400
    assert lint([path]) == []
    categories = {e.category for e in entries}
    assert {"person", "body", "title", "set-phrase", "place", "country"} <= categories


@pytest.mark.parametrize(
    "body, rule",
    [
        ("外交部\tMinistry of Foreign Affairs\n外交部\tMinistry of Foreign Affairs\n", "duplicate"),
        ("外交部\tMinistry of Foreign Affairs\n外交部\tForeign Office\n", "conflict"),
        ("外交部\t\n", "empty-field"),
        ("台独\tTaiwan independence\n台湾独立\tTaiwan independence\t\t台独\n", "variant-collision"),
        ("美国\tUnited States\t\t美国人\n美国人\tAmericans\n", "variant-collision"),
        ("外交部\tMinistry of Foreign Affairs\n外交部长\tForeign Minister\n", "shadowed"),
    ],
)
def test_each_lint_rule(tmp_path, body, rule):
    issues = lint([write(tmp_path, body)])
    assert rule in {i.rule for i in issues}, issues
    assert all(str(i).startswith(str(tmp_path)) for i in issues)  # file:line: rule: message


def test_shield_flag_acknowledges_a_deliberate_override(tmp_path):
    body = "马里\tMali\tcountry\n马里兰\tMaryland\tplace\t\tshield\n"
    assert lint([write(tmp_path, body)]) == []


def test_errors_name_file_and_line(tmp_path):
    path = write(tmp_path, "外交部\tMinistry\tbody\t\tbogus-flag\n")
    with pytest.raises(g.GlossaryError, match=r"g\.tsv:2: unknown flag bogus-flag"):
        g.read_entries(path)
    no_header = tmp_path / "n.tsv"
    no_header.write_text("外交部\tMinistry\n", encoding="utf-8")
    with pytest.raises(g.GlossaryError, match=r"n\.tsv:1: expected the header"):
        g.read_entries(no_header)


def test_later_glossary_files_win(tmp_path):
    first = write(tmp_path, "外交部\tMinistry of Foreign Affairs\n", "a.tsv")
    second = write(tmp_path, "外交部\tForeign Ministry\n", "b.tsv")
    glossary = g.Glossary.load([first, second])
    assert [e.rendering for e in glossary.entries] == ["Foreign Ministry"]


def test_import_export_round_trip(tmp_path):
    csv_file = tmp_path / "deepl.csv"
    csv_file.write_text(
        "source,target\n外交部,Ministry of Foreign Affairs\n臺獨,Taiwan independence\n", encoding="utf-8"
    )
    entries = exchange.import_pairs(csv_file)
    expected = [("外交部", "Ministry of Foreign Affairs"), ("台独", "Taiwan independence")]
    assert [(e.source, e.target) for e in entries] == expected
    tbx = tmp_path / "x.tbx"
    tbx.write_text(exchange.export_pairs(entries, "tbx"), encoding="utf-8")
    assert [(e.source, e.target) for e in exchange.import_pairs(tbx)] == [(e.source, e.target) for e in entries]
    assert exchange.export_pairs(entries, "tsv").splitlines()[0] == "外交部\tMinistry of Foreign Affairs"


def test_cli_add_remove_lint(tmp_path):
    from typer.testing import CliRunner

    from bilingual.cli import app

    runner = CliRunner()
    path = write(tmp_path, "外交部\tMinistry of Foreign Affairs\n")
    assert runner.invoke(app, ["glossary", "add", str(path), "王毅", "Wang Yi", "--category", "person"]).exit_code == 0
    assert "王毅\tWang Yi\tperson" in runner.invoke(app, ["glossary", "list", str(path)]).output
    assert runner.invoke(app, ["glossary", "lint", str(path)]).exit_code == 0
    assert runner.invoke(app, ["glossary", "remove", str(path), "王毅"]).exit_code == 0
    assert "王毅" not in path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["glossary", "add", str(path), "外交部", "Foreign Office"]).exit_code == 0
    assert "Foreign Office" in path.read_text(encoding="utf-8")


# ------------------------------------------------------------------ on the real model

PLACEHOLDER = re.compile(r"\b(ZX|QZ|XQ|ZQX|ZQXJ)\s?\d+\b", re.I)


@pytest.fixture(scope="module")
def glossary_run(full_run):
    import json

    out = full_run["out"]
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return out, report


def test_zero_violations_on_the_real_posts(glossary_run):
    out, report = glossary_run
    assert report["glossary"]["terms_matched"] > 500
    assert report["glossary"]["violations"] == 0, (out / "glossary-report.csv").read_text(encoding="utf-8")[:3000]
    import csv

    rows = list(csv.reader((out / "glossary-report.csv").open(encoding="utf-8")))  # one row per term
    assert rows[0] == ["term", "expected", "origin", "matched", "enforced", "violations"]
    assert sum(int(r[3]) for r in rows[1:]) == report["glossary"]["terms_matched"]
    assert {r[5] for r in rows[1:]} == {"0"} and all(r[3] == r[4] for r in rows[1:])
    violations = list(csv.reader((out / "glossary-violations.csv").open(encoding="utf-8")))
    assert violations == [["post", "paragraph", "term", "expected", "status", "origin", "translation"]]


def test_seed_post_has_the_glossary_renderings(glossary_run):
    out, _ = glossary_run
    (page,) = (out / "html").glob("2021/11/2021-11-15-*.html")
    text = page.read_text(encoding="utf-8")
    for rendering in ("Zhao Lijian", "Biden", "meet each other halfway"):
        assert rendering in text, rendering
    assert "Zhao Lijin" not in text and "Zhao Lichian" not in text


def test_no_placeholder_ever_reaches_an_output(glossary_run):
    out, _ = glossary_run
    for path in list((out / "html").rglob("*.html")) + [out / "glossary-report.csv", out / "glossary-violations.csv"]:
        assert not PLACEHOLDER.search(path.read_text(encoding="utf-8")), path.name
    from ebooklib import ITEM_DOCUMENT, epub

    (book,) = out.glob("*.epub")
    for item in epub.read_epub(str(book)).get_items_of_type(ITEM_DOCUMENT):
        assert not PLACEHOLDER.search(item.get_content().decode("utf-8")), item.file_name


def test_editing_an_entry_retranslates_only_sentences_containing_it(model_info, tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "a.md").write_text(
        "---\ntitle: 外交部例行记者会\ndate: 2021-11-15\n---\n<p>外交部发言人赵立坚在例行记者会上发言。</p>"
        "<p>今天北京天气晴朗。</p><p>他说，双方应当加强合作。</p>\n",
        encoding="utf-8",
    )
    glossary_file = tmp_path / "g.tsv"
    glossary_file.write_text(HEADER + "赵立坚\tZhao Lijian\tperson\n北京\tBeijing\tplace\n", encoding="utf-8")
    home = tmp_path / "home"

    def run():
        glossary = bilingual.load_glossary([glossary_file], shipped=False)
        with bilingual.open_translator(model_info.path, home=home, glossary=glossary) as translator:
            report = bilingual.translate_folder(posts, tmp_path / "out", translator, formats=("html",))
        return report.sentences_translated

    assert run() == 4  # title + three sentences
    assert run() == 0
    glossary_file.write_text(HEADER + "赵立坚\tZhao Lijian (MFA)\tperson\n北京\tBeijing\tplace\n", encoding="utf-8")
    assert run() == 1  # only the sentence with 赵立坚
    page = next((tmp_path / "out" / "html").rglob("a*.html")).read_text(encoding="utf-8")
    assert "Zhao Lijian (MFA)" in page


def _fields(entries):
    return [(e.source, e.target, e.category, e.variants, e.flags, e.notes) for e in entries]


def test_the_shipped_glossary_survives_tbx_and_back_with_every_field(tmp_path):
    from translate.storage import tbx
    from typer.testing import CliRunner

    from bilingual.cli import app

    shipped = g.read_entries(bilingual.default_glossary_path())
    assert any(e.variants for e in shipped) and any(e.flags for e in shipped) and any("|" in e.target for e in shipped)
    runner = CliRunner()
    out = tmp_path / "g.tbx"
    exported = runner.invoke(app, ["glossary", "export", str(bilingual.default_glossary_path()), str(out)])
    assert exported.exit_code == 0 and exported.stderr == ""  # nothing it cannot carry
    store = tbx.tbxfile.parsefile(str(out))  # translate-toolkit reads it as a termbase
    assert len(store.units) == len(shipped)
    assert {(u.source, u.target) for u in store.units} >= {(e.source, e.target.split("|")[0]) for e in shipped
                                                           if not e.variants and "|" not in e.target}
    new = tmp_path / "new.tsv"
    imported = runner.invoke(app, ["glossary", "import", str(out), str(new)])
    assert imported.exit_code == 0, imported.output
    assert f"imported {len(shipped)} entries" in imported.stdout
    assert _fields(g.read_entries(new)) == _fields(shipped)
    assert lint([new]) == []


def test_two_column_exports_say_what_they_cannot_carry(tmp_path):
    from typer.testing import CliRunner

    from bilingual.cli import app

    result = CliRunner().invoke(app, ["glossary", "export", str(bilingual.default_glossary_path()),
                                      str(tmp_path / "deepl.tsv")])
    assert result.exit_code == 0
    assert "deepl.tsv" in result.stderr and "variants of" in result.stderr and ".tbx" in result.stderr


def test_a_suggestions_file_imports_as_its_preamble_says(tmp_path):
    from bilingual.terms.tsv import format_entries

    suggestions = tmp_path / "suggested.tsv"
    suggestions.write_text(format_entries([g.Entry("拜登", "Biden", "person", notes="seen 12 times")],
                                          "# 1 suggestions from posts by `bilingual glossary suggest`: check each "
                                          "target,\n# delete what you do not want, then: bilingual glossary import "
                                          "THIS_FILE my-terms.tsv"), encoding="utf-8")
    assert _fields(exchange.import_pairs(suggestions)) == [("拜登", "Biden", "person", (), frozenset(),
                                                            "seen 12 times")]


def test_the_readme_gives_the_shipped_glossary_size_and_csv_imports_with_posts():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"used by default: ([\d,]+) entries", readme)
    assert stated and int(stated[1].replace(",", "")) == len(g.read_entries(bilingual.default_glossary_path()))
    csv_imports = re.findall(r"review import \S+\.csv[^\n]*", readme)
    assert csv_imports and all("--posts" in line for line in csv_imports)
