"""Glossaries from and for other tools: two-column CSV (Google) and TSV (DeepL), and TBX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path

from bilingual import script
from bilingual.errors import GlossaryError
from bilingual.files import read_user_file
from bilingual.terms.entry import Entry

EXPORT_FORMATS = ("csv", "tsv", "tbx")


def import_pairs(path: Path) -> list[Entry]:
    """Two-column CSV or TSV (DeepL / Google glossary files): source, target; optional header row. Or TBX."""
    path = Path(path)
    text = read_user_file(path, GlossaryError, encoding="utf-8-sig")
    if path.suffix.lower() in (".tbx", ".xml"):
        return _import_tbx(text, path)
    if not text.strip():
        raise GlossaryError(f"{path}: empty file")
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or "\t" in text.splitlines()[0] else "excel"
    entries = []
    for number, row in enumerate(csv.reader(io.StringIO(text), dialect=dialect), start=1):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2:
            raise GlossaryError(f"{path}:{number}: expected two columns (source, target)")
        source, target = row[0].strip(), row[1].strip()
        if number == 1 and source.lower() in ("source", "zh", "term", "chinese"):
            continue
        if not source or not target:
            raise GlossaryError(f"{path}:{number}: an entry needs a source and a target")
        entries.append(Entry(source=script.to_model_input(source), target=target, file=str(path), line=number))
    return entries


def export_pairs(entries: Iterable[Entry], fmt: str) -> str:
    """csv (Google), tsv (DeepL), or tbx."""
    entries = list(entries)
    if fmt == "tbx":
        return _export_tbx(entries)
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab" if fmt == "tsv" else "excel", lineterminator="\n")
    for e in entries:
        writer.writerow([e.source, e.rendering])
    return out.getvalue()


def _export_tbx(entries: list[Entry]) -> str:
    from xml.sax.saxutils import escape

    items = []
    for n, e in enumerate(entries, start=1):
        note = f"<descrip type=\"subjectField\">{escape(e.category)}</descrip>" if e.category else ""
        items.append(
            f'<termEntry id="t{n}">{note}<langSet xml:lang="zh"><tig><term>{escape(e.source)}</term></tig></langSet>'
            f'<langSet xml:lang="en"><tig><term>{escape(e.rendering)}</term></tig></langSet></termEntry>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<martif type="TBX" xml:lang="en"><martifHeader><fileDesc>'
        "<sourceDesc><p>bilingual glossary export</p></sourceDesc></fileDesc></martifHeader><text><body>\n"
        + "\n".join(items)
        + "\n</body></text></martif>\n"
    )


def _import_tbx(text: str, path: Path) -> list[Entry]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}:{exc.position[0]}: not valid TBX/XML ({exc})") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = []
    for term_entry in root.iter("termEntry"):
        terms: dict[str, str] = {}
        for lang_set in term_entry.iter("langSet"):
            lang = (lang_set.get(xml_lang) or lang_set.get("lang") or "").lower()
            term = lang_set.find(".//term")
            if term is not None and term.text:
                terms[lang.split("-")[0]] = term.text.strip()
        if "zh" in terms and "en" in terms:
            entries.append(Entry(source=script.to_model_input(terms["zh"]), target=terms["en"], file=str(path)))
    return entries
