"""The run: posts -> blocks -> sentences -> translation -> TranslatedPost -> editions + report.

    read_posts      files -> Post (clean.py cuts bodies into Blocks)      failures: Failure
    translate_posts Posts -> TranslatedPosts (Translator: memory, engine, glossary enforcement)
    write_editions  TranslatedPosts -> HTML site, EPUB books
    Report          built here from what each stage returned; TermLog -> glossary-report.csv

Each stage returns its data; nothing is read back from the objects it used.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bilingual import script as scripts
from bilingual import segment
from bilingual.edition import EditionPost, Pair, SpooledPost, TranslatedPost, group_posts, group_title
from bilingual.errors import UnreadableInput, one_line
from bilingual.files import FolderLock, SlugRegistry, atomic_write
from bilingual.options import Format, Grouping, RunOptions, ScriptChoice
from bilingual.posts import Post, PostError, iter_post_paths, read_post
from bilingual.report import Failure, Flagged, Note, Report, TermLog, timed
from bilingual.translator import SentenceResult, TranslationCounts, Translator

# Shown instead of a sentence whose machine translation failed the quality checks (see quality.py).
UNRELIABLE = "[sentence not translated: the model's output failed quality checks]"
# Posts are read, translated and exported this many at a time: memory stays flat in folder size while
# batches stay large enough to keep the model busy.
CHUNK_POSTS = 64


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
    translator: Translator,
    options: RunOptions | None = None,
    progress: Progress | None = None,
) -> Report:
    """Translate every post below posts_dir and write the editions into out_dir. Returns the run report."""
    posts_dir, out_dir = Path(posts_dir), Path(out_dir)
    options = options or RunOptions()
    progress = progress or Progress()
    if not posts_dir.exists():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    started = time.perf_counter()
    report = Report(model=translator.engine.model_id)
    counts = TranslationCounts()
    paths = list(iter_post_paths(posts_dir))
    if progress.on_posts_total:
        progress.on_posts_total(len(paths))
    slugs = SlugRegistry()
    # Translated posts wait on disk for the exports (which need them in date order), so memory does not grow
    # with the folder.
    edition: list[SpooledPost] = []
    with FolderLock(out_dir), TermLog() as term_log, tempfile.TemporaryDirectory(prefix="bilingual-") as spool:
        for chunk in _chunks(paths, CHUNK_POSTS):
            with timed(report.seconds, "read"):
                posts, failures = read_posts(chunk, posts_dir, options.fail_fast)
            report.posts_read += len(posts) + len(failures)
            report.notes += [Note(_relative_name(post.path, posts_dir), note) for post in posts for note in post.notes]
            for failure in failures:
                report.posts_failed += 1
                report.failures.append(failure)
                if progress.on_failure:
                    progress.on_failure(failure)
            with timed(report.seconds, "translate"):
                done = translate_posts(posts, translator, options.script, slugs, progress)
            counts += done.counts
            report.paragraphs += done.paragraphs
            report.flagged += done.flagged
            for post, paragraph, results in done.term_checks:
                term_log.add(post, paragraph, results)
            for item in done.posts:
                edition.append(SpooledPost.park(item, Path(spool) / f"{len(edition)}.pickle"))
                report.posts_exported += 1
                if progress.on_post_done:
                    progress.on_post_done(item.source_name)
            if options.fail_fast and failures:
                break

        edition.sort(key=lambda p: p.sort_key)
        report.outputs += write_editions(edition, out_dir, options, options.title or default_title(posts_dir),
                                         report.seconds)
        report.add_counts(counts)
        report.sentences_flagged = len(report.flagged)
        if translator.glossary is not None or translator.names is not None:
            report.glossary = {
                **term_log.summary(len(translator.glossary) if translator.glossary is not None else 0),
                "names": translator.names is not None,
                # how sentences translated in this run got their terms (model alone, or which enforcement step)
                "enforcement_steps": dict(sorted(counts.steps.items())),
            }
            term_log.write_csv(out_dir / "glossary-report.csv")
            report.outputs.append(str(out_dir / "glossary-report.csv"))
        report.seconds["total"] = round(time.perf_counter() - started, 3)
        atomic_write(out_dir / "report.json", report.to_json())
    return report


def read_posts(paths: Sequence[Path], root: Path, fail_fast: bool = False) -> tuple[list[Post], list[Failure]]:
    """The posts that could be read, and a Failure (file, one-line problem) for each that could not."""
    posts: list[Post] = []
    failures: list[Failure] = []
    for path in paths:
        try:
            posts.append(read_post(path))
            continue
        except PostError as exc:
            error = str(exc)
        except Exception as exc:  # a bug or an unforeseen input: report it, keep going with the other posts
            error = f"could not be read ({type(exc).__name__}: {exc})"
        failures.append(Failure(_relative_name(path, root), one_line(error)))
        if fail_fast:
            break
    return posts, failures


def _relative_name(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root)) if root.is_dir() else path.name
    except ValueError:
        return str(path)


@dataclass
class TranslatedChunk:
    """What translate_posts returns for a chunk of posts."""

    posts: list[TranslatedPost]
    counts: TranslationCounts
    paragraphs: int = 0
    flagged: list[Flagged] = field(default_factory=list)
    term_checks: list[tuple[str, str, list[SentenceResult]]] = field(default_factory=list)


def translate_posts(
    posts: list[Post],
    translator: Translator,
    script_choice: ScriptChoice,
    slugs: SlugRegistry,
    progress: Progress | None = None,
) -> TranslatedChunk:
    """Translate a chunk of posts in one go, so the engine sees sentences from many posts at once."""
    progress = progress or Progress()
    # Everything the model needs from this chunk: titles, tags and the sentences of every block.
    requests: list[str] = []
    plans = []
    for post in posts:
        title_sents = segment.sentences_for_model(post.title)
        block_sents = [segment.sentences_for_model(b.text) for b in post.blocks]
        plans.append((title_sents, block_sents))
        requests.extend(title_sents)
        requests.extend(post.tags)
        for sents in block_sents:
            requests.extend(sents)
    if progress.on_sentences_total:
        progress.on_sentences_total(len(set(requests)))
    translations = translator.translate(requests, progress=progress.on_sentences_done)
    results = iter(translations.results)
    chunk = TranslatedChunk([], translations.counts)

    def take(n: int) -> list[SentenceResult]:
        return [next(results) for _ in range(n)]

    def shown(result: SentenceResult) -> str:
        return result.translation if result.ok else UNRELIABLE

    for post, (title_sents, block_sents) in zip(posts, plans, strict=True):
        name = post.path.name
        title_results = take(len(title_sents))
        tag_results = take(len(post.tags))
        chunk.term_checks += [(name, "title", title_results), (name, "tags", tag_results)]
        chunk.flagged += [Flagged(name, where, r.problem, r.source)
                          for where, group in (("title", title_results), ("tags", tag_results))
                          for r in group if not r.ok]
        pairs = []
        for number, (block, sents) in enumerate(zip(post.blocks, block_sents, strict=True), start=1):
            block_results = take(len(sents))
            chunk.term_checks.append((name, str(number), block_results))
            chunk.flagged += [Flagged(name, number, r.problem, r.source) for r in block_results if not r.ok]
            pairs.append(
                Pair(
                    kind=block.kind,
                    original=scripts.for_display(block.text, script_choice, post.script),
                    translation=segment.join_translations([shown(r) for r in block_results]),
                    level=block.level,
                    flagged=any(not r.ok for r in block_results),
                )
            )
        chunk.paragraphs += len(pairs)
        shown_script = scripts.display_script(script_choice, post.script)
        chunk.posts.append(
            TranslatedPost(
                slug=slugs.claim(post.path.stem),
                source_name=name,
                title=scripts.for_display(post.title, script_choice, post.script),
                translated_title=segment.join_translations([shown(r) for r in title_results]),
                title_flagged=any(not r.ok for r in title_results),
                date=post.date,
                author=scripts.for_display(post.author, script_choice, post.script),
                source_url=post.source_url,
                tags=[scripts.for_display(t, script_choice, post.script) for t in post.tags],
                translated_tags=[shown(r) for r in tag_results],
                lang=scripts.lang_tag(shown_script, script_choice),
                pairs=pairs,
            )
        )
    return chunk


def write_editions(
    edition: Sequence[EditionPost], out_dir: Path, options: RunOptions, title: str, seconds: dict[str, float]
) -> list[str]:
    """The HTML site and the EPUB book(s) of the posts (in reading order); returns the files written."""
    from bilingual.export import epub as epub_export
    from bilingual.export import html as html_export

    outputs: list[str] = []
    if not edition:
        return outputs
    if Format.HTML in options.formats:
        html_dir = out_dir / "html"
        with timed(seconds, "export_html"):
            html_export.write_site(html_dir, edition, title, options.layout_for(Format.HTML))
        outputs += [str(html_dir / "index.html"), str(html_dir / "sources.html")]
    if Format.EPUB in options.formats:
        with timed(seconds, "export_epub"):
            stems = SlugRegistry(reserved=())  # long titles cut to the same stem must not overwrite a book
            for book_posts, book_title, key in _books(edition, title, options.split_by):
                # months as 2021-01 in file names, so the books sort by date in a file list
                stem = epub_export.file_stem(title) + (f"-{key}" if key else "")
                epub_path = out_dir / f"{stems.claim(stem)}.epub"
                epub_export.write_epub(epub_path, book_posts, book_title, options.layout_for(Format.EPUB),
                                       options.group_by)
                outputs.append(str(epub_path))
    return outputs


def _books(
    edition: Sequence[EditionPost], title: str, split_by: Grouping
) -> list[tuple[Sequence[EditionPost], str, str]]:
    """(posts, title, group key) of each book: one book, or one per month or source."""
    if split_by == Grouping.NONE:
        return [(edition, title, "")]
    return [(members, f"{title} — {group_title(key, split_by)}", key)
            for key, members in group_posts(edition, split_by)]


def default_title(posts_dir: Path) -> str:
    name = Path(posts_dir).resolve().name.strip("_ ") or "posts"
    return f"{name} — bilingual edition"


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
