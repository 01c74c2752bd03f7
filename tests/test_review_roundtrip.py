"""Review files re-saved by translators' tools import exactly what a person changed (model-free: the memory is
filled directly). Each file is rewritten by the other side's own library: polib (at its default wrap width and
a narrow one), translate-toolkit, the csv module, and a re-wrap of the XML text as an editor's pretty-printer
does it. An unedited file imports nothing, k edits import exactly k, and a correction imported after the
export is kept."""

from __future__ import annotations

import csv
import html
import io
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bilingual.review import import_review
from bilingual.review.changes import normalise
from bilingual.review.formats import write_units
from bilingual.review.units import ReviewUnit
from bilingual.translate.memory import Human, TranslationMemory, make_key

SENTENCES = [
    "外交部发言人在例行记者会上回答了提问。",
    "双方同意加强在气候变化领域的合作。",
    "中方对此表示强烈不满和坚决反对。",
    "联合国秘书长呼吁各方保持克制。",
    "会谈在友好坦诚的气氛中进行。",
    "两国领导人互致贺电。",
    "该国政府宣布延长紧急状态。",
    "记者从有关部门获悉此事。",
]
LATE = len(SENTENCES) - 1  # corrected by someone else after the export; never edited in the file
LATE_CORRECTION = "A correction imported from a CSV after this file was exported."

# words with what editors rewrite on their own: entities, quotes, markup, long runs that get wrapped
WORD = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJ", min_size=1, max_size=14),
    st.sampled_from(["AT&T", "&", "<b>", "it's", '"quoted"', "co-operation", "U.S.", "50%", "1,000", "(sic)",
                     "Xi's", "&amp;", "supercalifragilisticexpialidocious-and-more"]),
)
TEXT = st.lists(WORD, min_size=1, max_size=40).map(" ".join)


@pytest.fixture(scope="module")
def posts(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("posts")
    body = "\n\n".join(SENTENCES)
    (folder / "2021-11-15-post.md").write_text(f"---\ntitle: 测试文章\ndate: 2021-11-15\n---\n\n{body}\n",
                                                encoding="utf-8")
    return folder


# ------------------------------------------------------------------ writers: (path, {source: new target})

Edits = dict[str, str]


def polib_resave(width: int) -> Callable[[Path, Edits], None]:
    def write(path: Path, edits: Edits) -> None:
        import polib

        po = polib.pofile(str(path), wrapwidth=width)
        for entry in po:
            if entry.msgid in edits:
                entry.msgstr = edits[entry.msgid]
        po.save()
    return write


def toolkit_resave(kind: str) -> Callable[[Path, Edits], None]:
    def write(path: Path, edits: Edits) -> None:
        from translate.storage import pypo, tmx, xliff

        store_class = {"po": pypo.pofile, "xlf": xliff.xlifffile, "tmx": tmx.tmxfile}[kind]
        store = store_class.parsefile(str(path))
        for unit in store.units:
            if unit.source in edits:
                unit.target = edits[unit.source]
        store.save()
    return write


def xml_rewrap(path: Path, edits: Edits) -> None:
    """An XML editor's pretty-printer: every text re-wrapped at 30 columns onto indented lines."""
    from lxml import etree

    root = etree.parse(str(path)).getroot()
    xliff = root.tag.endswith("xliff")
    for unit in root.iter("{*}trans-unit" if xliff else "tu"):
        source = "".join(unit.find("{*}source" if xliff else "tuv/seg").itertext())
        target = unit.find("{*}target") if xliff else unit.findall("tuv/seg")[1]
        if source in edits:
            target.text = edits[source]
    for element in root.iter():
        if element.text and element.text.strip() and len(element) == 0 and element.tag != "{*}source":
            lines = textwrap.wrap(element.text, 30, break_long_words=False, break_on_hyphens=False)
            element.text = "\n        ".join(lines) or element.text
    path.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def csv_resave(excel: bool) -> Callable[[Path, Edits], None]:
    """The csv module: as a spreadsheet saves (BOM, CRLF, every cell quoted, typographic quotes and escaped
    entities from a web editor) or plainly."""
    def write(path: Path, edits: Edits) -> None:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        for row in rows:
            if row["source"] in edits:
                row["target"] = edits[row["source"]]
            if excel:
                for column in ("target", "machine", "human"):
                    row[column] = html.escape(row[column]).replace("'", "\u2019")
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL if excel else csv.QUOTE_MINIMAL,
                                lineterminator="\r\n" if excel else "\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8-sig" if excel else "utf-8")
    return write


WRITERS = {
    "po-polib": ("po", polib_resave(78)),
    "po-polib-narrow": ("po", polib_resave(24)),
    "po-toolkit": ("po", toolkit_resave("po")),
    "xlf-toolkit": ("xlf", toolkit_resave("xlf")),
    "xlf-rewrap": ("xlf", xml_rewrap),
    "tmx-toolkit": ("tmx", toolkit_resave("tmx")),
    "tmx-rewrap": ("tmx", xml_rewrap),
    "csv-module": ("csv", csv_resave(excel=False)),
    "csv-spreadsheet": ("csv", csv_resave(excel=True)),
}


@pytest.mark.parametrize("writer", sorted(WRITERS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(machine=st.lists(TEXT, min_size=len(SENTENCES), max_size=len(SENTENCES)),
       edits=st.dictionaries(st.integers(0, LATE - 1), TEXT, max_size=4),
       human_first=st.booleans())
def test_a_resaved_file_imports_exactly_the_edits(posts, writer, machine, edits, human_first):
    fmt, resave = WRITERS[writer]
    # an edit must really differ from what the unit was exported with, as a reader would see it
    earlier = "A correction from an earlier review." if human_first else None
    for n, text in edits.items():
        assume(normalise(text) not in (normalise(machine[n]), normalise(earlier or "")))
    with tempfile.TemporaryDirectory() as tmp:
        memory = TranslationMemory(Path(tmp) / "cache.sqlite3")
        memory.put_many([(make_key("m", "beam=2", s), s, t, "ok", "model")
                         for s, t in zip(SENTENCES, machine, strict=True)])
        if earlier:
            memory.put_human_many([Human(SENTENCES[0], earlier)])
        units = [ReviewUnit(s, m, "model", target=m) for s, m in zip(SENTENCES, machine, strict=True)]
        if earlier:
            units[0] = ReviewUnit(SENTENCES[0], machine[0], "human", target=earlier, human=earlier)
        path = Path(tmp) / f"review.{fmt}"
        write_units(path, units, posts)
        # after the export, a correction comes in from elsewhere; the file still holds the machine text
        memory.put_human_many([Human(SENTENCES[LATE], LATE_CORRECTION)])

        resave(path, {})  # opened and saved, nothing edited
        unedited = import_review(path, memory, posts)
        assert (unedited.imported, unedited.conflicts) == (0, [])

        write_units(path, units, posts)
        resave(path, {SENTENCES[n]: text for n, text in edits.items()})
        result = import_review(path, memory, posts)
        assert (result.imported, result.conflicts) == (len(edits), [])
        humans = memory.human_many(SENTENCES)
        for n, text in edits.items():
            assert normalise(humans[SENTENCES[n]].translation) == normalise(text)
        assert humans[SENTENCES[LATE]].translation == LATE_CORRECTION
        if earlier and 0 not in edits:
            assert humans[SENTENCES[0]].translation == earlier
        assert set(humans) == {SENTENCES[n] for n in edits} | {SENTENCES[LATE]} | ({SENTENCES[0]} if earlier else set())
        memory.close()


def test_an_edit_of_a_machine_text_the_memory_no_longer_holds_is_a_conflict(posts, tmp_path):
    memory = TranslationMemory(tmp_path / "cache.sqlite3")
    memory.put_many([(make_key("m", "beam=2", s), s, "Old machine text.", "ok", "model") for s in SENTENCES])
    path = tmp_path / "review.csv"
    write_units(path, [ReviewUnit(s, "Old machine text.", "model", target="Old machine text.") for s in SENTENCES],
                posts)
    # translated again since (a new glossary revision replaced the row)
    memory.put_many([(make_key("m", "beam=2", SENTENCES[0]), SENTENCES[0], "New machine text.", "ok", "model")])
    csv_resave(excel=False)(path, {SENTENCES[0]: "A person's text.", SENTENCES[1]: "Another person's text."})
    result = import_review(path, memory, posts)
    assert result.imported == 1 and len(result.conflicts) == 1
    assert "no longer in the memory" in result.conflicts[0] and "review.csv" in result.conflicts[0]
    assert set(memory.human_many(SENTENCES)) == {SENTENCES[1]}
    memory.close()


def test_memory_export_keeps_machine_and_human_texts_in_their_own_fields(tmp_path):
    from translate.storage import tmx

    from bilingual.review import export_memory, import_memory

    memory = TranslationMemory(tmp_path / "cache.sqlite3")
    memory.put_many([(make_key("m", "d", s), s, f"Machine {n}.", "ok", "model") for n, s in enumerate(SENTENCES)])
    memory.put_human_many([Human(SENTENCES[0], "Human zero.", "ann")])
    path = tmp_path / "memory.tmx"
    assert export_memory(memory, path) == (1, len(SENTENCES) - 1)
    store = tmx.tmxfile.parsefile(str(path))  # as another tool reads it
    unit = next(u for u in store.units if u.source == SENTENCES[0])
    assert unit.target == "Human zero."
    props = {p.get("type"): p.text for p in unit.xmlelement.iter("prop")}
    assert props["x-bilingual-machine"] == "Machine 0." and props["x-bilingual-human"] == "Human zero."
    store.save()  # re-saved unedited by translate-toolkit
    fresh = TranslationMemory(tmp_path / "fresh.sqlite3")
    assert import_memory(path, fresh) == (1, len(SENTENCES) - 1)
    assert {h.source: h.translation for h in fresh.human_all()} == {SENTENCES[0]: "Human zero."}
    memory.close()
    fresh.close()
