"""Glossaries from and for other tools: two-column CSV (Google) and TSV (DeepL), which carry a term and its
rendering only, and TBX, which carries every field of an entry."""

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


FLAGS_TYPE = "x-bilingual-flags"  # TBX has no place for enforcement flags: a private admin type carries them
PREFERRED, ADMITTED = "preferredTerm-admn-sts", "admittedTerm-admn-sts"


def import_pairs(path: Path) -> list[Entry]:
    """Two-column CSV or TSV (DeepL / Google glossary files): source, target; optional header row. Or TBX. Or a
    bilingual glossary file (TSV with the source/target/category… header), read whole."""
    path = Path(path)
    text = read_user_file(path, GlossaryError, encoding="utf-8-sig")
    if path.suffix.lower() in (".tbx", ".xml"):
        return _import_tbx(text, path)
    if not text.strip():
        raise GlossaryError(f"{path}: empty file")
    if _is_glossary_file(text):
        from bilingual.terms.tsv import read_entries

        return read_entries(path)
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


def _is_glossary_file(text: str) -> bool:
    """bilingual's own TSV: comment lines, then the header `source<TAB>target<TAB>category…`."""
    from bilingual.terms.tsv import COLUMNS

    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            return line.rstrip().split("\t")[:3] == list(COLUMNS[:3])
    return False


def export_pairs(entries: Iterable[Entry], fmt: str) -> str:
    """csv (Google), tsv (DeepL), or tbx (every field: see _export_tbx)."""
    entries = list(entries)
    if fmt == "tbx":
        return _export_tbx(entries)
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel-tab" if fmt == "tsv" else "excel", lineterminator="\n")
    for e in entries:
        writer.writerow([e.source, e.rendering])
    return out.getvalue()


def not_carried(entries: Iterable[Entry], fmt: str) -> list[str]:
    """What of the entries a format loses, one phrase each ([] for TBX, which keeps every field)."""
    if fmt == "tbx":
        return []
    entries = list(entries)
    lost = [(sum(1 for e in entries if test(e)), what) for test, what in (
        (lambda e: "|" in e.target, "alternative renderings (only the first is written)"),
        (lambda e: bool(e.category), "categories"), (lambda e: bool(e.variants), "variants"),
        (lambda e: bool(e.flags), "flags"), (lambda e: bool(e.notes), "notes"))]
    return [f"{what} of {count} entries" for count, what in lost if count]


def _export_tbx(entries: list[Entry]) -> str:
    """TBX (ISO 30042, TBX-Basic's data categories): the category as subjectField, notes as note, the source
    and its variants as zh terms (variants marked termType variant), the renderings as en terms (the first
    preferred, the others admitted), flags in an admin element of a private type."""
    import xml.etree.ElementTree as ET

    root = ET.Element("martif", {"type": "TBX-Basic", "xml:lang": "en"})
    header = ET.SubElement(ET.SubElement(ET.SubElement(root, "martifHeader"), "fileDesc"), "sourceDesc")
    ET.SubElement(header, "p").text = "bilingual glossary export"
    body = ET.SubElement(ET.SubElement(root, "text"), "body")
    for n, e in enumerate(entries, start=1):
        entry = ET.SubElement(body, "termEntry", id=f"t{n}")
        if e.category:
            ET.SubElement(entry, "descrip", type="subjectField").text = e.category
        if e.notes:
            ET.SubElement(entry, "note").text = e.notes
        if e.flags:
            ET.SubElement(entry, "admin", type=FLAGS_TYPE).text = ",".join(sorted(e.flags))
        zh = ET.SubElement(entry, "langSet", {"xml:lang": "zh"})
        for number, form in enumerate((e.source, *e.variants)):
            tig = ET.SubElement(zh, "tig")
            ET.SubElement(tig, "term").text = form
            if number:
                ET.SubElement(tig, "termNote", type="termType").text = "variant"
        en = ET.SubElement(entry, "langSet", {"xml:lang": "en"})
        for number, rendering in enumerate(t.strip() for t in e.target.split("|")):
            tig = ET.SubElement(en, "tig")
            ET.SubElement(tig, "term").text = rendering
            ET.SubElement(tig, "termNote", type="administrativeStatus").text = ADMITTED if number else PREFERRED
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _import_tbx(text: str, path: Path) -> list[Entry]:
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise GlossaryError(f"{path}:{exc.position[0]}: not valid TBX/XML ({exc})") from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = []
    for term_entry in root.iter("termEntry"):
        forms: dict[str, list[str]] = {}
        for lang_set in term_entry.iter("langSet"):
            lang = (lang_set.get(xml_lang) or lang_set.get("lang") or "").lower().split("-")[0]
            for tig in [*lang_set.iter("tig"), *lang_set.iter("ntig")]:
                term = tig.find(".//term")
                if term is not None and term.text and term.text.strip():
                    forms.setdefault(lang, []).append(term.text.strip())
        if not forms.get("zh") or not forms.get("en"):
            continue
        category = next((d.text or "" for d in term_entry.iter("descrip") if d.get("type") == "subjectField"), "")
        notes = " ".join((n.text or "").strip() for n in term_entry.findall("note"))
        flags = next((a.text or "" for a in term_entry.iter("admin") if a.get("type") == FLAGS_TYPE), "")
        source, *variants = forms["zh"]
        entries.append(Entry(source=script.to_model_input(source), target="|".join(forms["en"]),
                             category=category.strip(), variants=tuple(variants),
                             flags=frozenset(f.strip() for f in flags.split(",") if f.strip()), notes=notes.strip(),
                             file=str(path)))
    return entries
