"""The run: posts -> blocks -> sentences -> translation -> TranslatedPost -> editions + report.

    read_posts      files -> Post (clean.py cuts bodies into Blocks)      failures: Failure
    translate_posts Posts -> TranslatedPosts (Translator: memory, engine, glossary enforcement)
    write_editions  TranslatedPosts -> HTML site, EPUB books
    Report          built here from what each stage returned; TermLog -> glossary-report.csv (+ violations, log)

Each stage returns its data; nothing is read back from the objects it used.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bilingual import manifest, segment
from bilingual import script as scripts
from bilingual.edition import EditionPost, Pair, SpooledPost, TranslatedPost
from bilingual.errors import Interrupted, OptionError, UnreadableInput
from bilingual.files import FolderLock, SlugRegistry, atomic_write, recording, slugify
from bilingual.options import Format, GlossaryLog, RunOptions, ScriptChoice, Split
from bilingual.posts import Post, iter_post_paths, read_posts, relative_name
from bilingual.report import Failure, Flagged, Note, Report, Signature, TermLog, timed
from bilingual.translate import checks
from bilingual.translate.outcomes import Origin
from bilingual.translate.translator import SentenceResult, TranslationCounts, Translator

if TYPE_CHECKING:
    from bilingual.names import PostNames

# Shown instead of a sentence whose machine translation failed the quality checks (see quality.py).
UNRELIABLE = "[sentence not translated: the model's output failed quality checks]"
PARTLY = "[partly translated: the model's output for […] failed quality checks]"
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
    if not posts_dir.exists():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    if posts_dir.is_dir() and out_dir.resolve() == posts_dir.resolve():
        raise OptionError(f"--out {out_dir}: is the posts folder; write the edition to a folder of its own")
    started = time.perf_counter()
    paths = list(iter_post_paths(posts_dir, skip=[out_dir]))  # an edition's pages are never read as posts
    if not paths:  # nothing to do: say so, and write nothing
        raise UnreadableInput(f"{posts_dir}: no posts (.md, .markdown, .html, .htm) found")
    with (FolderLock(out_dir), _Run(posts_dir, translator, options, progress or Progress()) as run,
          recording() as written):
        try:
            run.translate(paths)
        except Interrupted as exc:  # say what the whole run kept, not only the last call
            raise Interrupted(run.counts.translated + exc.kept) from None
        except KeyboardInterrupt:
            raise Interrupted(run.counts.translated) from None
        return run.finish(out_dir, started, written)


class _Run:
    """The state of one run: what the stages returned so far. Made per run, never reused."""

    def __init__(self, posts_dir: Path, translator: Translator, options: RunOptions, progress: Progress):
        self.posts_dir, self.translator, self.options, self.progress = posts_dir, translator, options, progress
        self.report = Report(model=translator.engine.model_id, signature=signature(translator, options))
        self.counts = TranslationCounts()
        self.slugs = SlugRegistry()
        # Translated posts wait on disk for the exports (which need them in date order), so memory does not
        # grow with the folder.
        self.edition: list[SpooledPost] = []
        self.origins: Counter[str] = Counter()
        self.damage: Counter[str] = Counter()

    def __enter__(self) -> _Run:
        self._spool = tempfile.TemporaryDirectory(prefix="bilingual-")
        self.term_log = TermLog(self.options.glossary_log == GlossaryLog.FULL)
        return self

    def __exit__(self, *exc: object) -> None:
        self.term_log.__exit__()
        self._spool.cleanup()

    def translate(self, paths: list[Path]) -> None:
        report, progress = self.report, self.progress
        if progress.on_posts_total:
            progress.on_posts_total(len(paths))
        for chunk in _chunks(paths, CHUNK_POSTS):
            with timed(report.seconds, "read"):
                posts, failures = read_posts(chunk, self.posts_dir, self.options.fail_fast)
            report.posts_read += len(posts) + len(failures)
            report.notes += [Note(relative_name(p.path, self.posts_dir), note) for p in posts for note in p.notes]
            for failure in failures:
                report.posts_failed += 1
                report.failures.append(failure)
                if progress.on_failure:
                    progress.on_failure(failure)
            with timed(report.seconds, "translate"):
                done = translate_posts(posts, self.translator, self.options.script, self.slugs, progress,
                                       self.options.mark_doubtful)
            self.counts += done.counts
            report.paragraphs += done.paragraphs
            report.flagged += done.flagged
            self.origins += done.origins
            self.damage += done.damage
            report.sentences_doubtful += done.doubtful
            for post, paragraph, results in done.term_checks:
                self.term_log.add(post, paragraph, results)
            for item in done.posts:
                self.edition.append(SpooledPost.park(item, Path(self._spool.name) / f"{len(self.edition)}.pickle"))
                report.posts_exported += 1
                if progress.on_post_done:
                    progress.on_post_done(item.source_name)
            if self.options.fail_fast and failures:
                break

    def finish(self, out_dir: Path, started: float, written_so_far: set[Path]) -> Report:
        """Write the editions, the glossary report and report.json, remove what an earlier run wrote and this
        one did not (manifest.py); return the report."""
        report, options = self.report, self.options
        self.edition.sort(key=lambda p: p.sort_key)
        written = write_editions(self.edition, out_dir, options, options.title or default_title(self.posts_dir),
                                 report.seconds)
        report.outputs += written.files
        report.messages += written.messages
        report.add_counts(self.counts)
        report.sentences_flagged = len(report.flagged)
        report.sentences_by_origin = dict(sorted(self.origins.items()))
        report.sentences_damaged = dict(sorted(self.damage.items()))
        report.coverage = dict(sorted(self.counts.coverage.items()))
        translator = self.translator
        if translator.glossary is not None or translator.names is not None:
            report.glossary = {
                **self.term_log.summary(len(translator.glossary) if translator.glossary is not None else 0),
                "names": translator.names is not None,
                # how sentences translated in this run got their terms (model alone, or which enforcement step)
                "enforcement_steps": dict(sorted(self.counts.steps.items())),
            }
            report.outputs += [str(path) for path in self.term_log.write(out_dir)]
        converged = manifest.converge(out_dir, written_so_far | {out_dir / "report.json"})
        report.messages += converged.messages(out_dir)
        report.seconds["total"] = round(time.perf_counter() - started, 3)
        atomic_write(out_dir / "report.json", report.to_json())
        return report


@dataclass
class TranslatedChunk:
    """What translate_posts returns for a chunk of posts."""

    posts: list[TranslatedPost]
    counts: TranslationCounts
    paragraphs: int = 0
    flagged: list[Flagged] = field(default_factory=list)
    term_checks: list[tuple[str, str, list[SentenceResult]]] = field(default_factory=list)
    origins: Counter[str] = field(default_factory=Counter)
    damage: Counter[str] = field(default_factory=Counter)
    doubtful: int = 0


def translate_posts(
    posts: list[Post],
    translator: Translator,
    script_choice: ScriptChoice,
    slugs: SlugRegistry,
    progress: Progress | None = None,
    mark_doubtful: bool = False,
) -> TranslatedChunk:
    """Translate a chunk of posts in one go, so the engine sees sentences from many posts at once.
    mark_doubtful: paragraphs holding a doubtful translation are marked in the edition."""
    progress = progress or Progress()
    # Everything the model needs from this chunk: titles, tags and the sentences of every block.
    requests: list[str] = []
    plans = []
    # per request, the names of its post: a name is rendered one way throughout its post (names/post.py)
    post_names: list[PostNames | None] = []
    # an engine that reads whole paragraphs for context (the chat engine) is told each sentence's paragraph
    add_context = getattr(translator.engine, "add_context", None)
    for post in posts:
        title_sents = segment.sentences_for_model(post.title)
        block_sents = [segment.sentences_for_model(b.text) for b in post.blocks]
        if add_context is not None:
            for sents in block_sents:
                add_context(sents)
        plans.append((title_sents, block_sents))
        start = len(requests)
        requests.extend(title_sents)
        requests.extend(post.tags)
        requests.extend(_author_request(post))
        for sents in block_sents:
            requests.extend(sents)
        names = translator.names.for_post(requests[start:]) if translator.names is not None else None
        post_names.extend([names] * (len(requests) - start))
    if progress.on_sentences_total:
        progress.on_sentences_total(len(set(zip(requests, map(id, post_names), strict=True))))
    translations = translator.translate(requests, progress=progress.on_sentences_done, post_names=post_names)
    results = iter(translations.results)
    chunk = TranslatedChunk([], translations.counts, origins=Counter(r.origin for r in translations.results),
                            damage=Counter(kind for r in translations.results if r.ok
                                           for kind in checks.damage(r.source, r.translation)),
                            doubtful=sum(r.doubtful for r in translations.results))

    def take(n: int) -> list[SentenceResult]:
        return [next(results) for _ in range(n)]

    def shown(result: SentenceResult) -> str:
        if result.ok:
            return result.translation
        # what could be translated of a flagged sentence, its failed parts shown as […]; else the notice
        return f"{result.translation} {PARTLY}" if result.translation else UNRELIABLE

    for post, (title_sents, block_sents) in zip(posts, plans, strict=True):
        name = post.path.name
        title_results = take(len(title_sents))
        tag_results = take(len(post.tags))
        author_results = take(len(_author_request(post)))
        chunk.term_checks += [(name, "title", title_results), (name, "tags", tag_results),
                              (name, "author", author_results)]
        chunk.flagged += [Flagged(name, where, r.problem, r.source)
                          for where, group in (("title", title_results), ("tags", tag_results),
                                               ("author", author_results))
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
                    doubtful=mark_doubtful and any(r.doubtful for r in block_results),
                    sentences=len(block_results),
                    reviewed=sum(r.origin == Origin.HUMAN for r in block_results),
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
                translated_author=" ".join(r.translation for r in author_results if r.ok).rstrip("."),  # a name
                lang=scripts.lang_tag(shown_script, script_choice),
                pairs=pairs,
            )
        )
    return chunk


@dataclass
class Written:
    """What write_editions wrote, and what a reader should be told about it (one line each)."""

    files: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _author_request(post: Post) -> list[str]:
    """The author/outlet field goes to the translator like a tag (cached, glossary enforced: 联合早报 ->
    Lianhe Zaobao) when it has Chinese in it."""
    author = post.author.strip()
    return [author] if scripts.has_han(author) else []


def write_editions(
    edition: Sequence[EditionPost], out_dir: Path, options: RunOptions, title: str, seconds: dict[str, float]
) -> Written:
    """The HTML site and the EPUB book(s) of the posts (in reading order)."""
    from bilingual.export import books as book_plan
    from bilingual.export import epub as epub_export
    from bilingual.export import html as html_export

    written = Written()
    if not edition:
        return written
    if Format.HTML in options.formats:
        html_dir = out_dir / "html"
        with timed(seconds, "export_html"):
            html_export.write_site(html_dir, edition, title, options.layout_for(Format.HTML))
        written.files += [str(html_dir / "index.html"), str(html_dir / "sources.html")]
    if Format.EPUB in options.formats:
        with timed(seconds, "export_epub"):
            stems = SlugRegistry(reserved=())  # long titles cut to the same stem must not overwrite a book
            books = book_plan.plan_books(edition, title, options.split_by)
            names = []
            for book in books:
                # months as 2021-01 in file names, so the books sort by date in a file list
                # the title part is cut short first, so the group's key (2019-01--2019-06) always survives
                stem = epub_export.file_stem(title)[:50].rstrip("-_") + (f"-{slugify(book.key)}" if book.key else "")
                epub_path = out_dir / f"{stems.claim_exact(stem)}.epub"
                epub_export.write_epub(epub_path, book.posts, book.title, options.layout_for(Format.EPUB),
                                       options.group_by)
                written.files.append(str(epub_path))
                names.append(epub_path.name)
            if options.split_by == Split.AUTO and len(books) > 1:
                shown = ", ".join(names) if len(names) <= 4 else f"{names[0]} … {names[-1]}"
                written.messages.append(
                    f"EPUB split: {len(edition)} posts are more than one e-reader book should hold "
                    f"({book_plan.MAX_POSTS_PER_BOOK}), so {len(books)} books by month: {shown} "
                    "(--split-by none for one)"
                )
    return written


def signature(translator: Translator, options: RunOptions) -> Signature:
    """What of the translator and the options can change this run's output (report.json's "signature")."""
    from bilingual import __version__

    engine = translator.engine
    glossary = translator.glossary
    return Signature(
        bilingual=__version__, model=engine.model_id, engine=type(engine).__name__,
        decoding=asdict(engine.decoding),
        glossary=None if glossary is None else [
            {"file": str(path), "sha256": hashlib.sha256(Path(path).read_bytes()).hexdigest()}
            for path in glossary.files],
        names=translator.names is not None, script=options.script, formats=list(options.formats),
        layouts={fmt: options.layout_for(fmt) for fmt in options.formats}, group_by=options.group_by,
        split_by=options.split_by,
    )


def default_title(posts_dir: Path) -> str:
    name = Path(posts_dir).resolve().name.strip("_ ") or "posts"
    return f"{name} — bilingual edition"


def _chunks(items: list[Path], size: int) -> Iterator[list[Path]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
