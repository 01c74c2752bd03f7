"""Review files for translators' tools: XLIFF 1.2 (.xlf, OmegaT, Weblate, Okapi), PO (.po, Poedit; polib),
TMX 1.4 (.tmx, any translation memory tool) and CSV (.csv, a spreadsheet). Written and read with libraries
(lxml, polib, csv), never by string concatenation.

Each unit carries the machine translation it was exported with and the human translation the memory then held
(XLIFF alt-trans, the last lines of a PO extracted comment, TMX props, CSV columns), so an import can tell which
targets a person changed (changes.py).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bilingual.errors import BilingualError
from bilingual.review.units import ReviewUnit

FORMATS = ("xlf", "xliff", "po", "tmx", "csv")
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SOURCE_LANG, TARGET_LANG = "zh-CN", "en"
MACHINE_PROP, ORIGIN_PROP, POSTS_PROP = "x-bilingual-machine", "x-bilingual-origin", "x-bilingual-posts"
HUMAN_PROP = "x-bilingual-human"
CSV_COLUMNS = ("id", "source", "target", "machine", "human", "origin", "terms", "locations", "author", "date")


class ReviewFileError(BilingualError):
    """A review or memory file that cannot be used; the message names the file and the unit."""


@dataclass(frozen=True)
class FileUnit:
    """A unit as read back from a file."""

    id: str
    source: str
    target: str
    machine: str | None  # None: the file does not say (a memory from another tool)
    human: str | None = None  # the human translation when exported; None: the file does not say
    origin: str = ""
    author: str = ""
    date: str = ""


def file_format(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ReviewFileError(f"{path}: use a .xlf, .po, .tmx or .csv file name")
    return "xlf" if fmt == "xliff" else fmt


def write_units(path: Path, units: list[ReviewUnit], posts_dir: Path | None) -> None:
    from dataclasses import replace

    from bilingual.files import atomic_write

    # scraped text can hold control characters that XML (and most translators' tools) cannot carry
    units = [replace(u, source=_clean(u.source), machine=_clean(u.machine), target=_clean(u.target),
                     human=_clean(u.human)) for u in units]
    writer = {"xlf": _xliff, "po": _po, "tmx": _tmx, "csv": _csv}[file_format(path)]
    atomic_write(path, writer(units, str(posts_dir or "")))


def read_units(path: Path) -> tuple[list[FileUnit], str]:
    """The units of a file, and the posts folder it was exported from ("" when it does not say)."""
    fmt = file_format(path)
    if not path.is_file():
        raise ReviewFileError(f"{path}: no such file")
    reader = {"xlf": _read_xliff, "po": _read_po, "tmx": _read_tmx, "csv": _read_csv}[fmt]
    try:
        return reader(path)
    except ReviewFileError:
        raise
    except Exception as exc:  # a malformed file in any of four formats: name it, in one line
        raise ReviewFileError(f"{path}: not a readable .{fmt} file ({type(exc).__name__}: {exc})") from None


# ------------------------------------------------------------------ XLIFF 1.2


def _xliff(units: list[ReviewUnit], posts: str) -> bytes:
    from lxml import etree

    def tag(name: str) -> str:
        return f"{{{XLIFF_NS}}}{name}"

    root = etree.Element(tag("xliff"), nsmap={None: XLIFF_NS}, version="1.2")
    file = etree.SubElement(root, tag("file"), {"original": posts or "bilingual", "source-language": SOURCE_LANG,
                                                "target-language": TARGET_LANG, "datatype": "plaintext",
                                                "tool-id": "bilingual"})
    body = etree.SubElement(file, tag("body"))
    for unit in units:
        tu = etree.SubElement(body, tag("trans-unit"), id=unit.id)
        etree.SubElement(tu, tag("source")).text = unit.source
        state = "translated" if unit.origin == "human" else "needs-review-translation"
        etree.SubElement(tu, tag("target"), state=state).text = unit.target
        for origin, text in ((MACHINE_PROP, unit.machine), (HUMAN_PROP, unit.human)):
            alt = etree.SubElement(tu, tag("alt-trans"), origin=origin)
            etree.SubElement(alt, tag("target")).text = text
        etree.SubElement(tu, tag("note"), {"from": "bilingual"}).text = unit.note()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _read_xliff(path: Path) -> tuple[list[FileUnit], str]:
    root = _parse_xml(path)
    if root.tag != f"{{{XLIFF_NS}}}xliff":
        raise ReviewFileError(f"{path}: not an XLIFF 1.2 file (root element {root.tag})")
    ns = {"x": XLIFF_NS}
    units = []
    posts = ""
    for file in root.iterfind("x:file", ns):
        posts = posts or file.get("original", "")
        for tu in file.iterfind(".//x:trans-unit", ns):
            machine = tu.find(f"x:alt-trans[@origin='{MACHINE_PROP}']/x:target", ns)
            human = tu.find(f"x:alt-trans[@origin='{HUMAN_PROP}']/x:target", ns)
            units.append(FileUnit(
                id=tu.get("id", ""),
                source=_text(tu.find("x:source", ns)),
                target=_text(tu.find("x:target", ns)),
                machine=_one_line(_text(machine)) if machine is not None else None,
                human=_one_line(_text(human)) if human is not None else None,
            ))
    return units, "" if posts == "bilingual" else posts


# ------------------------------------------------------------------ PO


def _po(units: list[ReviewUnit], posts: str) -> bytes:
    import polib

    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": "bilingual review", "Language": TARGET_LANG, "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
        "X-Bilingual-Posts": posts,
    }
    for unit in units:
        po.append(polib.POEntry(
            msgctxt=unit.id, msgid=unit.source, msgstr=unit.target,
            comment=unit.note() + f"\n{PO_MACHINE} {_one_line(unit.machine)}\n{PO_HUMAN} {_one_line(unit.human)}",
            occurrences=[(post, where) for post, where in unit.locations[:5]],
        ))
    return str(po).encode("utf-8")


def _read_po(path: Path) -> tuple[list[FileUnit], str]:
    import polib

    po = polib.pofile(str(path))
    units = []
    for entry in po:
        machine, human = _po_texts(entry.comment or "")
        units.append(FileUnit(id=entry.msgctxt or "", source=entry.msgid, target=entry.msgstr, machine=machine,
                              human=human, author=po.metadata.get("Last-Translator", "")))
    return units, po.metadata.get("X-Bilingual-Posts", "")


PO_MACHINE, PO_HUMAN = "machine:", "human:"


def _po_texts(comment: str) -> tuple[str | None, str | None]:
    """The machine and human texts of an extracted comment. They are its last lines, and an editor may have
    wrapped them (polib wraps comments at 78 columns), so every line after `machine:` continues it up to
    `human:`, and every line after that continues the human text."""
    lines = comment.splitlines()
    start = next((n for n, line in enumerate(lines) if line.startswith(PO_MACHINE)), None)
    if start is None:
        return None, None
    human_at = next((n for n in range(start + 1, len(lines)) if lines[n].startswith(PO_HUMAN)), None)
    # the lines are kept apart: a wrap point may have been a space or nothing (changes.same)
    machine = "\n".join(lines[start:human_at])[len(PO_MACHINE):].strip()
    if human_at is None:
        return machine, None  # a file from before the human text was carried
    return machine, "\n".join(lines[human_at:])[len(PO_HUMAN):].strip()


# ------------------------------------------------------------------ TMX 1.4


def _tmx(units: list[ReviewUnit], posts: str) -> bytes:
    from lxml import etree

    root = etree.Element("tmx", version="1.4")
    header = etree.SubElement(root, "header", {
        "creationtool": "bilingual", "creationtoolversion": "0.1", "datatype": "plaintext", "segtype": "sentence",
        "adminlang": TARGET_LANG, "srclang": SOURCE_LANG, "o-tmf": "bilingual"})
    if posts:
        etree.SubElement(header, "prop", type=POSTS_PROP).text = posts
    body = etree.SubElement(root, "body")
    for unit in units:
        tu = etree.SubElement(body, "tu", tuid=unit.id)
        etree.SubElement(tu, "prop", type=ORIGIN_PROP).text = unit.origin
        etree.SubElement(tu, "prop", type=MACHINE_PROP).text = unit.machine
        etree.SubElement(tu, "prop", type=HUMAN_PROP).text = unit.human
        etree.SubElement(tu, "note").text = unit.note()
        for lang, text in ((SOURCE_LANG, unit.source), (TARGET_LANG, unit.target)):
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "seg").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _read_tmx(path: Path) -> tuple[list[FileUnit], str]:
    root = _parse_xml(path)
    if root.tag != "tmx":
        raise ReviewFileError(f"{path}: not a TMX file (root element {root.tag})")
    header = root.find("header")
    posts = ""
    if header is not None:
        posts = next((_text(p) for p in header.iterfind("prop") if p.get("type") == POSTS_PROP), "")
    units = []
    for number, tu in enumerate(root.iterfind("body/tu"), start=1):
        props = {p.get("type"): _text(p) for p in tu.iterfind("prop")}
        source = target = ""
        author = date = ""
        for tuv in tu.iterfind("tuv"):
            lang = (tuv.get(XML_LANG) or tuv.get("lang") or "").lower()
            seg = tuv.find("seg")
            text = "".join(seg.itertext()) if seg is not None else ""
            if lang.startswith("zh"):
                source = text
            elif lang.startswith("en"):
                target = text
                author = tuv.get("changeid") or tuv.get("creationid") or tu.get("changeid") or ""
                date = tuv.get("changedate") or tuv.get("creationdate") or tu.get("changedate") or ""
        units.append(FileUnit(id=tu.get("tuid") or f"tu{number}", source=source, target=target,
                              machine=_maybe_one_line(props.get(MACHINE_PROP)),
                              human=_maybe_one_line(props.get(HUMAN_PROP)),
                              origin=props.get(ORIGIN_PROP, ""),
                              author=author, date=date))
    return units, posts


# ------------------------------------------------------------------ CSV


def _csv(units: list[ReviewUnit], posts: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for unit in units:
        writer.writerow((unit.id, *(_csv_cell(t) for t in (unit.source, unit.target, unit.machine, unit.human)),
                         unit.origin,
                         "; ".join(f"{t} = {r}" for t, r in unit.terms),
                         "; ".join(f"{p} ¶{w}" for p, w in unit.locations), "", ""))
    return out.getvalue().encode("utf-8")


def _read_csv(path: Path) -> tuple[list[FileUnit], str]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    missing = {"source", "target"} - set(reader.fieldnames or ())
    if missing:
        raise ReviewFileError(f"{path}: not a review CSV (no {', '.join(sorted(missing))} column)")
    units = [FileUnit(id=row.get("id") or f"row{number}", source=_csv_text(row["source"]),
                      target=_csv_text(row["target"]),
                      machine=_one_line(_csv_text(row["machine"])) if "machine" in row else None,
                      human=_one_line(_csv_text(row["human"])) if "human" in row else None,
                      origin=row.get("origin") or "", author=row.get("author") or "", date=row.get("date") or "")
             for number, row in enumerate(reader, start=2)]
    return units, ""


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _one_line(text: str) -> str:
    """Whitespace as one space: in a PO comment a line break means a wrap point."""
    return " ".join(text.split())


def _maybe_one_line(text: str | None) -> str | None:
    return None if text is None else _one_line(text)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", text)


def _csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _csv_text(cell: str | None) -> str:
    cell = cell or ""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@") else cell


def _parse_xml(path: Path) -> Any:
    from lxml import etree

    # no entities, no network: a review file is untrusted input
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.parse(str(path), parser).getroot()


def _text(element: Any) -> str:
    return "".join(element.itertext()) if element is not None else ""
