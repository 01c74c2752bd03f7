"""Glossary: file I/O, lint, matching (longest first, both scripts), protect/restore through the model, verify.

File format (UTF-8 TSV, one entry a line, `#` starts a comment line; the header line is required):

    source  target  category  variants  flags  notes

- source: the term as written in Simplified (Traditional input is normalised with OpenCC before matching);
- target: the English rendering that must appear in the translation;
- variants: extra source forms separated by `|` (Traditional forms are generated with OpenCC when not given);
- flags: comma-separated: `keep` (do not translate: the source term is kept as is), `exact-case` (never
  capitalise the rendering at the start of a sentence), `shield` (this entry deliberately overrides a shorter
  entry inside it, e.g. 马里兰 Maryland over 马里 Mali; lint's shadowed rule accepts it).

Protection scheme (chosen by experiment on the real model, see benchmarks/glossary_schemes.py): each matched
term is replaced by a placeholder `ZX1`, `ZX2`, … that the model copies through; the placeholders are then
replaced by the renderings. Where the model drops a placeholder, fallbacks try other shapes of the same idea,
and last the sentence is translated in two halves around the term and spliced. Every sentence is verified.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bilingual import script

COLUMNS = ("source", "target", "category", "variants", "flags", "notes")
KNOWN_FLAGS = {"keep", "exact-case", "shield"}
SCHEME_REVISION = "ph2"  # part of the cache key: bump when protect/restore changes behaviour
# A country name followed by 人 is a demonym (美国人 = Americans): not the country term.
_DEMONYM_AFTER = "人"


class GlossaryError(Exception):
    """A glossary file that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Entry:
    source: str
    target: str
    category: str = ""
    variants: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    notes: str = ""
    file: str = ""
    line: int = 0

    @property
    def rendering(self) -> str:
        """The rendering put in when the term is protected: the first of the |-separated targets."""
        return self.source if "keep" in self.flags else self.target.split("|")[0].strip()

    @property
    def accepted(self) -> tuple[str, ...]:
        """Renderings that count as the term being there (e.g. China|Chinese); the first is the canonical one."""
        if "keep" in self.flags:
            return (self.source,)
        return tuple(t.strip() for t in self.target.split("|") if t.strip())

    def match_forms(self) -> set[str]:
        """Every form that matches, normalised to Simplified: the source, given and generated variants."""
        forms = {self.source, *self.variants, *generated_variants(self.source)}
        return {script.to_model_input(f) for f in forms if f}

    def signature(self) -> str:
        return f"{self.source}\x1e{self.target}\x1e{','.join(sorted(self.flags))}"


def generated_variants(term: str) -> set[str]:
    """Traditional forms of a Simplified term (OpenCC s2t, Taiwan, Hong Kong)."""
    return {script.convert(term, cfg) for cfg in ("s2t", "s2tw", "s2hk")} - {term}


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    entry: Entry


# ---------------------------------------------------------------- file I/O


def read_entries(path: Path) -> list[Entry]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{path}: cannot read ({exc})") from None
    entries: list[Entry] = []
    header_seen = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        cells = raw.split("\t")
        if not header_seen:
            if cells[0].strip().lower() != "source":
                raise GlossaryError(f"{path}:{number}: expected the header line 'source<TAB>target<TAB>…'")
            header_seen = True
            continue
        if len(cells) > len(COLUMNS):
            raise GlossaryError(f"{path}:{number}: {len(cells)} columns, at most {len(COLUMNS)}")
        cells += [""] * (len(COLUMNS) - len(cells))
        source, target, category, variants, flags, notes = (c.strip() for c in cells)
        flag_set = frozenset(f.strip() for f in flags.split(",") if f.strip())
        unknown = flag_set - KNOWN_FLAGS
        if unknown:
            raise GlossaryError(f"{path}:{number}: unknown flag {', '.join(sorted(unknown))}")
        entries.append(
            Entry(
                source=source,
                target=target,
                category=category,
                variants=tuple(v.strip() for v in variants.split("|") if v.strip()),
                flags=flag_set,
                notes=notes,
                file=str(path),
                line=number,
            )
        )
    if not header_seen:
        raise GlossaryError(f"{path}: empty glossary (no header line)")
    return entries


def format_entries(entries: Iterable[Entry], preamble: str = "") -> str:
    out = io.StringIO()
    if preamble:
        out.write(preamble if preamble.endswith("\n") else preamble + "\n")
    out.write("\t".join(COLUMNS) + "\n")
    for e in entries:
        cells = (e.source, e.target, e.category, "|".join(e.variants), ",".join(sorted(e.flags)), e.notes)
        out.write("\t".join(cells).rstrip("\t") + "\n")
    return out.getvalue()


def read_preamble(path: Path) -> str:
    """The leading comment block of a glossary file (attribution lines), kept when the file is rewritten."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            lines.append(line)
        else:
            break
    return "\n".join(lines).strip("\n")


# ---------------------------------------------------------------- matching


class Glossary:
    """Entries from one or more files (later files win for the same source term) and a matcher over them."""

    def __init__(self, entries: Sequence[Entry]):
        from collections import Counter

        self.stats: Counter[str] = Counter()  # how enforce() served each sentence with terms
        by_source: dict[str, Entry] = {}
        for entry in entries:
            if entry.source and entry.rendering:
                by_source[script.to_model_input(entry.source)] = entry
        self.entries = list(by_source.values())
        self._by_form: dict[str, Entry] = {}
        for entry in self.entries:
            for form in entry.match_forms():
                self._by_form.setdefault(form, entry)
        self._lengths = sorted({len(f) for f in self._by_form}, reverse=True)  # longest first: ties keep the longer

    @classmethod
    def load(cls, paths: Sequence[Path]) -> Glossary:
        entries: list[Entry] = []
        for path in paths:
            entries.extend(read_entries(path))
        return cls(entries)

    def __len__(self) -> int:
        return len(self.entries)

    def match(self, text: str) -> list[Match]:
        """Non-overlapping matches in Simplified-normalised text that cover the most characters.

        Plain leftmost-longest would read 中国外交部长 as 中国外交部 + a stray 长; choosing the set of matches
        with the greatest coverage reads it as 中国 + 外交部长. A term is never split: at each position only
        the longest form there is a candidate.
        """
        if not self._by_form:
            return []
        candidates: dict[int, list[Match]] = {}
        for start in range(len(text)):
            for length in self._lengths:
                form = text[start:start + length]
                entry = self._by_form.get(form) if len(form) == length else None
                if entry is None:
                    continue
                if entry.category == "country" and text[start + length:start + length + 1] == _DEMONYM_AFTER:
                    continue
                candidates.setdefault(start, []).append(Match(start, start + length, entry))
        if not candidates:
            return []
        # best[i] = (characters covered, -number of matches) from position i on; ties prefer fewer, longer terms
        best: list[tuple[int, int]] = [(0, 0)] * (len(text) + 1)
        take: list[Match | None] = [None] * (len(text) + 1)
        for i in range(len(text) - 1, -1, -1):
            best[i] = best[i + 1]
            for match in candidates.get(i, ()):  # longest first: on a tie the longer term stays
                covered, count = best[match.end]
                option = (covered + match.end - match.start, count - 1)
                if option > best[i]:
                    best[i], take[i] = option, match
        matches, i = [], 0
        while i < len(text):
            if take[i] is not None:
                matches.append(take[i])
                i = take[i].end
            else:
                i += 1
        return matches

    # ------------------------------------------------------------ protect / restore

    def protect(self, source: str, only: frozenset[str] | None = None, style: str = "placeholder") -> Protected:
        """The model input with matched terms protected (all, or only the source terms in `only`).

        style "placeholder": ZX1, ZX2, … that the model copies through and fill() replaces;
        style "spaced": the same with spaces around; style "inline": the English rendering itself.
        """
        matches = self.match(source)
        if not matches:
            return Protected(source, source, "", (), ())
        entries = tuple({m.entry.source: m.entry for m in matches}.values())
        counts = tuple(sum(1 for m in matches if m.entry.source == e.source) for e in entries)
        key = SCHEME_REVISION + "\x1d" + "\x1d".join(sorted(e.signature() for e in entries))
        prefix = _placeholder_prefix(source)
        slot_of = {e.source: n for n, e in enumerate(entries, start=1)}
        pieces, last = [], 0
        for m in matches:
            if only is not None and m.entry.source not in only:
                continue
            pieces.append(source[last:m.start])
            if style == "inline":
                pieces.append(f" {m.entry.rendering} ")
            else:
                token = f"{prefix}{slot_of[m.entry.source]}"
                # a digit or Latin letter right after would run into the placeholder ("ZX1" + "17日")
                after = source[m.end:m.end + 1]
                gap = " " if after.isascii() and after.isalnum() else ""
                pieces.append(f" {token} " if style == "spaced" else token + gap)
            last = m.end
        pieces.append(source[last:])
        model_input = re.sub(r" {2,}", " ", "".join(pieces)).strip()
        return Protected(
            source=source,
            model_input=model_input,
            key=hashlib.sha256(key.encode()).hexdigest(),
            terms=tuple((e.source, e.rendering) for e in entries),
            entries=entries,
            prefix=prefix,
            counts=counts,
        )

    def enforce(self, items: Sequence[tuple[Protected, str]], engine, _depth: int = 0) -> list[str]:
        """Translations with every matched term rendered as the glossary says, one per (protected, plain) item.

        Each item's plain output is kept when it already has every term. Otherwise these steps are tried in
        turn, each batched over the items still missing a term: the failing terms as placeholders ZX1…;
        spaced placeholders; the failing terms' renderings inline; the same three protecting every term;
        last, translating around the terms and splicing the renderings in. Which step served each item is
        counted in self.stats (for the run report).
        """
        results = [plain for _, plain in items]
        failing = {}
        for i, (protected, plain) in enumerate(items):
            missing = frozenset(v.term for v in check(plain, protected))
            if missing:
                failing[i] = missing
        self.stats["model_correct"] += len(items) - len(failing)
        for steps in ENFORCEMENT_ROUNDS:
            if not failing:
                break
            # A round sends every item's attempts for all its steps in one engine call (fuller batches);
            # the first step that works wins, exactly as if the steps had run one after another.
            attempts = [
                (i, step, self.protect(items[i][0].source, only=failing[i] if step[0] else None, style=step[1]))
                for i in failing for step in steps
            ]
            outputs = engine.translate([attempt.model_input for _, _, attempt in attempts])
            for (i, (only_failing, style), attempt), output in zip(attempts, outputs, strict=True):
                if i not in failing:
                    continue
                filled = _fill(output, attempt)
                if filled is not None and not check(filled, items[i][0]):
                    results[i] = filled
                    del failing[i]
                    self.stats[f"{'failing' if only_failing else 'all'}-{style}"] += 1
        if failing and _depth == 0:
            # Translate the failing sentences clause by clause (short inputs carry placeholders far better),
            # enforcing terms per clause, and join the clauses.
            plans = {i: _clauses(items[i][0].source) for i in failing}
            clauses = [c for i in failing for c in plans[i]]
            protected = [self.protect(c) for c in clauses]
            plain = engine.translate(clauses)
            enforced = self.enforce(list(zip(protected, plain, strict=True)), engine, _depth + 1)
            cursor = 0
            for i in list(failing):
                parts = enforced[cursor:cursor + len(plans[i])]
                cursor += len(plans[i])
                joined = _join_clauses(parts)
                if not check(joined, items[i][0]):
                    results[i] = joined
                    del failing[i]
                    self.stats["by-clause"] += 1
        if failing:
            spliced = _splice_batch([self.protect(items[i][0].source) for i in failing], engine)
            for i, text in zip(failing, spliced, strict=True):
                results[i] = text
                self.stats["spliced"] += 1
        return results


ENFORCEMENT_STEPS = (
    (True, "placeholder"), (True, "spaced"), (True, "inline"),
    (False, "placeholder"), (False, "spaced"), (False, "inline"),
)
# The first step serves most items (179 of 224 on the corpus); the few left would otherwise go through five
# calls of tiny batches, so the other steps are tried together (measured: 34 s -> see README).
ENFORCEMENT_ROUNDS = (ENFORCEMENT_STEPS[:1], ENFORCEMENT_STEPS[1:])


@dataclass(frozen=True)
class Protected:
    source: str
    model_input: str
    key: str
    terms: tuple[tuple[str, str], ...]  # (source term, rendering)
    entries: tuple[Entry, ...] = ()
    prefix: str = "ZX"
    counts: tuple[int, ...] = ()  # occurrences of each entry in the source


def _placeholder_prefix(source: str) -> str:
    for prefix in ("ZX", "QZ", "XQ", "ZQX"):
        if prefix.lower() not in source.lower():
            return prefix
    return "ZQXJ"


def _fill(output: str, protected: Protected) -> str | None:
    """Replace the placeholders in output; None when one is missing, invented, or left over."""
    pattern = re.compile(rf"\b{protected.prefix}\s?(\d+)\b", re.I)
    expected = {n for n in range(1, len(protected.entries) + 1)
                if f"{protected.prefix}{n}" in protected.model_input}
    if {int(m.group(1)) for m in pattern.finditer(output)} != expected:
        return None

    def render(m: re.Match) -> str:
        entry = protected.entries[int(m.group(1)) - 1]
        text = entry.rendering
        at_start = not output[: m.start()].strip(" \"'“‘(")
        if at_start and "exact-case" not in entry.flags and text[:1].islower():
            text = text[0].upper() + text[1:]
        return text

    filled = pattern.sub(render, output) if expected else output
    if protected.prefix.lower() in filled.lower() and protected.prefix.lower() not in protected.source.lower():
        return None
    return filled


_CLAUSE_END = re.compile(r"(?<=[，；：,;:])")


def _clauses(sentence: str) -> list[str]:
    parts = [p for p in _CLAUSE_END.split(sentence) if p.strip()]
    return parts or [sentence]


def _join_clauses(parts: list[str]) -> str:
    cleaned = [p.strip() for p in parts if p.strip()]
    body = [p.rstrip(".;,") for p in cleaned[:-1]] + cleaned[-1:]
    text = ", ".join(body)
    return text[:1].upper() + text[1:]


def _splice_batch(protected_items: list[Protected], engine) -> list[str]:
    """Last resort: translate the text around the terms separately and join it with the renderings.

    Less fluent than a whole-sentence translation, but every term is in it and nothing is invented.
    """
    plans, texts = [], []
    for protected in protected_items:
        token = rf"{protected.prefix}(\d+)(?!\d)"
        pieces = [p.strip() for p in re.split(rf"({protected.prefix}\d+)(?!\d)", protected.model_input) if p.strip()]
        plan = []
        for piece in pieces:
            match = re.fullmatch(token, piece)
            if match:
                plan.append(protected.entries[int(match.group(1)) - 1].rendering)
            elif re.search(r"[\w\u3400-\u9fff]", piece):
                plan.append(len(texts))
                texts.append(piece)
        plans.append(plan)
    translated = engine.translate(texts) if texts else []
    out = []
    for plan in plans:
        words = [translated[p].rstrip(".") if isinstance(p, int) else p for p in plan]
        sentence = " ".join(w for w in words if w).strip()
        end = "" if sentence.endswith((".", "?", "!", "”", '"')) else "."
        out.append(sentence[:1].upper() + sentence[1:] + end)
    return out


# ---------------------------------------------------------------- verify


@dataclass(frozen=True)
class Violation:
    term: str
    expected: str
    produced: str


def check(translation: str, protected: Protected) -> list[Violation]:
    """Each matched term must be rendered as often as it occurs (any accepted rendering counts)."""
    problems = []
    for entry, count in zip(protected.entries, protected.counts or (1,) * len(protected.entries), strict=True):
        if _count_renderings(translation, entry) < count:
            problems.append(Violation(entry.source, entry.rendering, translation))
    return problems


def _count_renderings(text: str, entry: Entry) -> int:
    return len(_rendering_pattern(entry.accepted, "exact-case" in entry.flags).findall(text))


def _rendering_pattern(renderings: tuple[str, ...], exact_case: bool) -> re.Pattern:
    alternatives = []
    for r in sorted(renderings, key=len, reverse=True):
        first, rest = r[:1], re.escape(r[1:])
        head = re.escape(first) if exact_case or not first.isalpha() else f"[{first.lower()}{first.upper()}]"
        alternatives.append(head + rest)
    # word boundaries where the rendering starts/ends with a word character: "Xi" must not match "Xinjiang"
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


# ---------------------------------------------------------------- lint


@dataclass(frozen=True)
class LintIssue:
    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}"


def lint(paths: Sequence[Path]) -> list[LintIssue]:
    """Duplicates, conflicting targets, empty fields, entries shadowed by longer ones, colliding variants."""
    issues: list[LintIssue] = []
    entries: list[Entry] = []
    for path in paths:
        try:
            entries.extend(read_entries(path))
        except GlossaryError as exc:
            file, _, rest = str(exc).partition(":")
            line, _, message = rest.partition(":")
            issues.append(LintIssue(file, int(line) if line.isdigit() else 0, "unreadable", message.strip() or rest))
    seen: dict[str, Entry] = {}
    form_owner: dict[str, Entry] = {}
    for e in entries:
        if not e.source or not e.target:
            issues.append(LintIssue(e.file, e.line, "empty-field", "source and target are required"))
            continue
        if e.source != e.source.strip() or "  " in e.target:
            issues.append(LintIssue(e.file, e.line, "whitespace", "stray white space in source or target"))
        key = script.to_model_input(e.source)
        if key in seen:
            first = seen[key]
            if first.target == e.target:
                issues.append(LintIssue(e.file, e.line, "duplicate", f"{e.source} repeats line {first.line}"))
            else:
                issues.append(
                    LintIssue(
                        e.file, e.line, "conflict",
                        f"{e.source} → {e.target!r} conflicts with line {first.line} → {first.target!r}",
                    )
                )
            continue
        seen[key] = e
        for form in e.match_forms():
            owner = form_owner.get(form)
            if owner is not None and script.to_model_input(owner.source) != key:
                issues.append(
                    LintIssue(e.file, e.line, "variant-collision",
                              f"variant {form} of {e.source} is also a form of {owner.source} (line {owner.line})")
                )
            form_owner.setdefault(form, e)
    # Shadowed: a shorter entry inside a longer one never applies where the longer one occurs (longest match
    # wins), so the longer rendering must carry the shorter one's meaning: flag it where none of the shorter
    # entry's accepted renderings appears in any of the longer one's.
    for short_key, short in seen.items():
        for long_key, long in seen.items():
            if len(long_key) <= len(short_key) or short_key not in long_key or "shield" in long.flags:
                continue
            long_text = " ".join(long.accepted).casefold()
            if not any(r.casefold() in long_text for r in short.accepted):
                issues.append(
                    LintIssue(long.file, long.line, "shadowed",
                              f"{short.source} ({short.rendering}, line {short.line}) inside {long.source}, "
                              f"whose rendering {long.rendering!r} does not contain it")
                )
    return sorted(issues, key=lambda i: (i.file, i.line, i.rule))


# ---------------------------------------------------------------- check a folder


@dataclass
class TermUse:
    entry: Entry
    count: int = 0
    posts: list[str] = field(default_factory=list)


def check_folder(glossary: Glossary, posts: Iterable) -> list[TermUse]:
    """Which terms occur in a folder, how often, and in which posts (most frequent first)."""
    uses: dict[str, TermUse] = {}
    for post in posts:
        text = script.to_model_input(post.title + "\n" + "\n".join(b.text for b in post.blocks))
        for m in glossary.match(text):
            use = uses.setdefault(m.entry.source, TermUse(m.entry))
            use.count += 1
            if post.path.name not in use.posts:
                use.posts.append(post.path.name)
    return sorted(uses.values(), key=lambda u: (-u.count, u.entry.source))


# ---------------------------------------------------------------- import / export


def import_pairs(path: Path) -> list[Entry]:
    """Two-column CSV or TSV (DeepL / Google glossary files): source, target; optional header row."""
    path = Path(path)
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() in (".tbx", ".xml"):
        return _import_tbx(text, path)
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
