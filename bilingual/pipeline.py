"""Wires the stages: posts -> blocks -> sentences -> cached translation -> TranslatedPost -> files + report."""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bilingual import script, segment
from bilingual.edition import GROUPINGS, Pair, SpooledPost, TranslatedPost, group_posts, group_title
from bilingual.files import FolderLock, SlugRegistry, atomic_write, atomic_writer
from bilingual.posts import Post, PostError, iter_post_paths, read_post

FORMATS = ("html", "epub")
# Shown instead of a sentence whose machine translation failed the quality checks (see quality.py).
UNRELIABLE = "[sentence not translated: the model's output failed quality checks]"
# Posts are read, translated and exported this many at a time: memory stays flat in folder size while
# batches stay large enough to keep the model busy.
CHUNK_POSTS = 64


@dataclass
class Failure:
    file: str
    error: str

    def line(self) -> str:
        return f"{self.file}: {self.error}"


@dataclass
class Report:
    posts_read: int = 0
    posts_exported: int = 0
    posts_failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    paragraphs: int = 0
    sentences: int = 0
    sentences_unique: int = 0
    sentences_translated: int = 0
    sentences_from_cache: int = 0
    sentences_retried: int = 0
    sentences_flagged: int = 0
    flagged: list[dict] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    model: str = ""
    glossary: dict = field(default_factory=dict)
    strict: bool = False

    @property
    def glossary_violations(self) -> int:
        return self.glossary.get("violations", 0)

    @property
    def exit_code(self) -> int:
        if self.strict and self.glossary_violations and self.posts_exported > 0:
            return 1
        if self.posts_failed == 0 and self.posts_exported > 0:
            return 0
        return 1 if self.posts_exported > 0 else 2

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("strict")
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


@contextmanager
def _timed(seconds: dict[str, float], stage: str) -> Iterator[None]:
    """Add the time spent in the block to seconds[stage] (stages repeat once per chunk of posts)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        seconds[stage] = round(seconds.get(stage, 0.0) + time.perf_counter() - start, 3)


@dataclass
class Progress:
    """Callbacks the CLI fills in to draw progress bars; all optional."""

    on_posts_total: Callable[[int], None] | None = None
    on_post_done: Callable[[str], None] | None = None
    on_sentences_total: Callable[[int], None] | None = None
    on_sentences_done: Callable[[int], None] | None = None
    on_failure: Callable[[Failure], None] | None = None


def translate_folder(
    posts_dir: Path,
    out_dir: Path,
    translator,
    *,
    formats: tuple[str, ...] = FORMATS,
    script_choice: str = "keep",
    title: str | None = None,
    fail_fast: bool = False,
    strict: bool = False,
    layout: str | None = None,
    group_by: str = "none",
    split_by: str = "none",
    progress: Progress | None = None,
) -> Report:
    """Translate every post below posts_dir and write the editions into out_dir. Returns the run report.

    EPUB only: group_by month|source makes a part per group inside the book; split_by month|source writes
    one book per group instead of one book.
    """
    from bilingual.export import epub as epub_export
    from bilingual.export import html as html_export

    posts_dir, out_dir = Path(posts_dir), Path(out_dir)
    progress = progress or Progress()
    report = Report(model=getattr(translator.engine, "model_id", ""), strict=strict)
    term_log = TermLog()
    started = time.perf_counter()
    from bilingual.export import LAYOUTS

    if layout is not None and layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; choose from {', '.join(LAYOUTS)}")
    for option, value in (("group_by", group_by), ("split_by", split_by)):
        if value not in GROUPINGS:
            raise ValueError(f"unknown {option} {value!r}; choose from {', '.join(GROUPINGS)}")
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}; choose from {', '.join(FORMATS)}")

    paths = list(iter_post_paths(posts_dir))
    if progress.on_posts_total:
        progress.on_posts_total(len(paths))
    slugs = SlugRegistry()
    # Translated posts wait on disk for the exports (which need them in date order), so memory does not grow
    # with the folder.
    edition: list[SpooledPost] = []
    with FolderLock(out_dir), tempfile.TemporaryDirectory(prefix="bilingual-edition-") as spool:
        html_dir = out_dir / "html"
        for chunk in _chunks(paths, CHUNK_POSTS):
            posts: list[Post] = []
            with _timed(report.seconds, "read"):
                for path in chunk:
                    report.posts_read += 1
                    try:
                        posts.append(read_post(path))
                    except PostError as exc:
                        _fail(report, progress, path, posts_dir, str(exc))
                        if fail_fast:
                            break
                    except Exception as exc:  # a bug or an unforeseen input: report it, keep going
                        _fail(report, progress, path, posts_dir, f"could not be read ({type(exc).__name__}: {exc})")
                        if fail_fast:
                            break
            with _timed(report.seconds, "translate"):
                translated = _translate_posts(posts, translator, script_choice, slugs, progress, report, term_log)
            edition.extend(SpooledPost(item, Path(spool) / f"{len(edition) + n}.pickle")
                           for n, item in enumerate(translated))
            for item in translated:
                report.posts_exported += 1
                if progress.on_post_done:
                    progress.on_post_done(item.source_name)
            if fail_fast and report.posts_failed:
                break

        edition.sort(key=lambda p: p.sort_key)
        book_title = title or default_title(posts_dir)
        if "html" in formats and edition:
            with _timed(report.seconds, "export_html"):
                html_export.write_site(html_dir, edition, book_title, layout)
            report.outputs += [str(html_dir / "index.html"), str(html_dir / "sources.html")]
        if "epub" in formats and edition:
            with _timed(report.seconds, "export_epub"):
                stems = SlugRegistry(reserved=())  # long titles cut to the same stem must not overwrite a book
                for book_posts, book_title_of_group, key in _books(edition, book_title, split_by):
                    # months as 2021-01 in file names, so the books sort by date in a file list
                    stem = epub_export.file_stem(book_title) + (f"-{key}" if key else "")
                    epub_path = out_dir / f"{stems.claim(stem)}.epub"
                    epub_export.write_epub(epub_path, book_posts, book_title_of_group, layout, group_by)
                    report.outputs.append(str(epub_path))
        stats = translator.stats
        report.sentences = stats.sentences
        report.sentences_unique = stats.unique
        report.sentences_translated = stats.translated
        report.sentences_from_cache = stats.from_cache
        report.sentences_retried = stats.retried
        if translator.glossary is not None:
            report.glossary = term_log.summary(len(translator.glossary))
            # how sentences translated in this run got their terms (model alone, or which enforcement step)
            report.glossary["enforcement_steps"] = dict(sorted(translator.glossary.stats.items()))
            term_log.write_csv(out_dir / "glossary-report.csv")
            report.outputs.append(str(out_dir / "glossary-report.csv"))
        report.seconds["total"] = round(time.perf_counter() - started, 3)
        atomic_write(out_dir / "report.json", report.to_json())
    return report


def _books(edition: list[TranslatedPost], title: str, split_by: str) -> list[tuple[list[TranslatedPost], str, str]]:
    """(posts, title, group key) of each book: one book, or one per month or source."""
    if split_by == "none":
        return [(edition, title, "")]
    return [(members, f"{title} — {group_title(key, split_by)}", key)
            for key, members in group_posts(edition, split_by)]


def default_title(posts_dir: Path) -> str:
    name = Path(posts_dir).resolve().name.strip("_ ") or "posts"
    return f"{name} — bilingual edition"


def _fail(report: Report, progress: Progress, path: Path, root: Path, error: str) -> None:
    try:
        name = str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        name = str(path)
    failure = Failure(name, " ".join(error.split()))
    report.posts_failed += 1
    report.failures.append(failure)
    if progress.on_failure:
        progress.on_failure(failure)


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _translate_posts(
    posts: list[Post],
    translator,
    script_choice: str,
    slugs: SlugRegistry,
    progress: Progress,
    report: Report,
    term_log: TermLog,
) -> list[TranslatedPost]:
    """Translate a chunk of posts in one go, so the engine sees sentences from many posts at once."""
    # Everything the model needs from this chunk: titles, tags and the sentences of every block.
    requests: list[str] = []
    plans = []
    for post in posts:
        title_sents = segment.sentences_for_model(post.title)
        tag_sents = [t for t in post.tags]
        block_sents = [segment.sentences_for_model(b.text) for b in post.blocks]
        plans.append((title_sents, tag_sents, block_sents))
        requests.extend(title_sents)
        requests.extend(tag_sents)
        for sents in block_sents:
            requests.extend(sents)
    if progress.on_sentences_total:
        progress.on_sentences_total(len(set(requests)))
    results = translator.translate(requests, progress=progress.on_sentences_done)

    out: list[TranslatedPost] = []
    cursor = 0

    def take(n: int):
        nonlocal cursor
        taken = results[cursor:cursor + n]
        cursor += n
        return taken

    for post, (title_sents, tag_sents, block_sents) in zip(posts, plans, strict=True):
        title_results = take(len(title_sents))
        tag_results = take(len(tag_sents))
        term_log.check(post.path.name, "title", title_results)
        term_log.check(post.path.name, "tags", tag_results)
        pairs = []
        for number, (block, sents) in enumerate(zip(post.blocks, block_sents, strict=True), start=1):
            block_results = take(len(sents))
            term_log.check(post.path.name, str(number), block_results)
            flagged = any(r.status != "ok" for r in block_results)
            for r in block_results:
                if r.status != "ok":
                    report.sentences_flagged += 1
                    report.flagged.append(
                        {"post": post.path.name, "paragraph": number, "problem": r.status.split(":", 1)[-1],
                         "source": r.source}
                    )
            pairs.append(
                Pair(
                    kind=block.kind,
                    original=script.for_display(block.text, script_choice, post.script),
                    translation=segment.join_translations(
                        [r.translation if r.status == "ok" else UNRELIABLE for r in block_results]
                    ),
                    level=block.level,
                    flagged=flagged,
                )
            )
        report.paragraphs += len(pairs)
        shown_script = script.display_script(script_choice, post.script)
        out.append(
            TranslatedPost(
                slug=slugs.claim(post.path.stem),
                source_name=post.path.name,
                title=script.for_display(post.title, script_choice, post.script),
                translated_title=segment.join_translations([r.translation for r in title_results]),
                date=post.date,
                author=script.for_display(post.author, script_choice, post.script),
                source_url=post.source_url,
                tags=[script.for_display(t, script_choice, post.script) for t in post.tags],
                translated_tags=[r.translation for r in tag_results],
                lang=script.lang_tag(shown_script, script_choice),
                pairs=pairs,
            )
        )
    return out


class TermLog:
    """Every glossary term matched in the run, whether its rendering made it into the translation.

    Rows go to a temporary file as they come (a big folder has hundreds of thousands) and only the counts stay
    in memory; write_csv() copies them out.
    """

    COLUMNS = ("post", "paragraph", "term", "expected", "status", "translation")

    def __init__(self) -> None:
        import csv

        self._file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        self._writer = csv.writer(self._file, lineterminator="\n")
        self._writer.writerow(self.COLUMNS)
        self.matched = 0
        self.violations = 0

    def check(self, post: str, paragraph: str, results) -> None:
        for result in results:
            for term, rendering in result.terms:
                status = "violation" if term in result.violations else "enforced"
                self.matched += 1
                self.violations += status == "violation"
                self._writer.writerow((post, paragraph, term, rendering, status, result.translation))

    def summary(self, entries: int) -> dict:
        return {
            "entries": entries,
            "terms_matched": self.matched,
            "terms_enforced": self.matched - self.violations,
            "violations": self.violations,
        }

    def write_csv(self, path: Path) -> None:
        import shutil

        self._file.flush()
        self._file.seek(0)
        with atomic_writer(path) as out:
            shutil.copyfileobj(self._file.buffer, out)
        self._file.seek(0, 2)
