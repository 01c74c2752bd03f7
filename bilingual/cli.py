"""The `bilingual` command: a thin Typer layer over the Python API. No logic of its own."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(
    help="Offline Chinese→English bilingual editions (HTML, EPUB) of folders of news posts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
models_app = typer.Typer(help="Install and list translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

EXIT_USAGE = 2

ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="An .argosmodel file or an unpacked Argos package folder. Default: $BILINGUAL_MODEL, "
        "else the zh→en package installed in $BILINGUAL_HOME.",
        show_default=False,
    ),
]


def _err(message: str) -> None:
    typer.echo(f"bilingual: {message}", err=True)


@app.command()
def translate(
    posts_dir: Annotated[
        Path | None, typer.Argument(help="Folder of posts (.md, .markdown, .html), searched recursively.")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("exports"),
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated output formats: html, epub.")
    ] = "html,epub",
    script_choice: Annotated[
        str,
        typer.Option(
            "--script",
            help="Script of the Chinese side: keep | simplified | traditional | taiwan | hongkong.",
        ),
    ] = "keep",
    model: ModelOption = None,
    layout: Annotated[
        str | None,
        typer.Option(
            help="side-by-side | interleaved | original-first | translation-only. "
            "Default: side-by-side for HTML (stacked on narrow screens), interleaved for EPUB.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Book and site title. Default: from the folder name.")] = None,
    group_by: Annotated[
        str, typer.Option(help="EPUB: a part per month or per source (outlet) inside the book: none | month | source.")
    ] = "none",
    split_by: Annotated[
        str, typer.Option(help="EPUB: one book per month or per source instead of one book: none | month | source.")
    ] = "none",
    sample: Annotated[
        bool, typer.Option("--sample", help="Translate the sample posts shipped with bilingual.")
    ] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first post that fails.")] = False,
    glossary: Annotated[
        list[Path] | None,
        typer.Option(
            "--glossary",
            help="Glossary file (TSV); repeat for several, later files win. Default: glossaries/diplomatic.tsv.",
        ),
    ] = None,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Translate without any glossary.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any glossary term is not enforced in the translation.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    executor: Annotated[
        str, typer.Option(help="Where the model runs: local (this process, all cores) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --executor dask: the scheduler's address (tcp://host:8786). Default: a local "
                     "cluster of --workers processes."),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="With --executor dask and no --scheduler: local worker processes (default: "
                                 "one per core).")
    ] = None,
) -> None:
    """Translate a folder of posts into side-by-side HTML, an EPUB and report.json."""
    import bilingual
    from bilingual import script
    from bilingual.engine import ModelNotFound
    from bilingual.files import FolderBusy

    if sample:
        posts_dir = bilingual.sample_dir()
    if posts_dir is None:
        _err("give a POSTS_DIR or --sample")
        raise typer.Exit(EXIT_USAGE)
    if not posts_dir.exists():
        _err(f"{posts_dir}: no such folder")
        raise typer.Exit(EXIT_USAGE)
    if script_choice not in script.DISPLAY_CONVERSIONS:
        _err(f"--script {script_choice}: choose from {', '.join(script.DISPLAY_CONVERSIONS)}")
        raise typer.Exit(EXIT_USAGE)
    format_list = tuple(f.strip() for f in formats.split(",") if f.strip())
    terms = _load_glossary(glossary, no_glossary)
    if executor not in ("local", "dask"):
        _err(f"--executor {executor}: choose local or dask")
        raise typer.Exit(EXIT_USAGE)
    if executor == "local" and (scheduler or workers):
        _err("--scheduler and --workers go with --executor dask")
        raise typer.Exit(EXIT_USAGE)
    try:
        translator = bilingual.open_translator(
            model, glossary=terms, executor=executor, scheduler=scheduler, workers=workers
        )
    except ModelNotFound as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    except (OSError, TimeoutError) as exc:  # an unreachable scheduler
        _err(f"--scheduler {scheduler}: could not connect ({exc})")
        raise typer.Exit(EXIT_USAGE) from None

    from bilingual import pipeline

    show = not quiet and sys.stderr.isatty()
    with _progress(show) as progress:
        try:
            report = pipeline.translate_folder(
                posts_dir,
                out,
                translator,
                formats=format_list,
                script_choice=script_choice,
                title=title,
                fail_fast=fail_fast,
                strict=strict,
                layout=layout,
                group_by=group_by,
                split_by=split_by,
                progress=progress,
            )
        except (FolderBusy, ValueError) as exc:
            _err(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
        finally:
            translator.close()
    typer.echo(
        f"{report.posts_exported} of {report.posts_read} posts exported, {report.posts_failed} failed; "
        f"{report.sentences_unique} unique sentences: {report.sentences_translated} translated, "
        f"{report.sentences_from_cache} from cache; {report.seconds.get('total', 0):.1f} s"
    )
    if report.glossary:
        g = report.glossary
        typer.echo(
            f"glossary: {g['terms_matched']} terms matched, {g['terms_enforced']} enforced, "
            f"{g['violations']} violations"
        )
    for path in report.outputs:
        typer.echo(f"  wrote {path}")
    typer.echo(f"  wrote {out / 'report.json'}")
    raise typer.Exit(report.exit_code)


def _load_glossary(paths: list[Path] | None, disabled: bool):
    import bilingual
    from bilingual.glossary import GlossaryError

    if disabled:
        return None
    try:
        return bilingual.load_glossary(paths)
    except (GlossaryError, FileNotFoundError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None


class _progress:
    """Rich progress bars over posts and sentences when on a terminal; failures always go to stderr."""

    def __init__(self, show: bool):
        self.show = show

    def __enter__(self):
        from bilingual.pipeline import Progress

        progress = Progress(on_failure=lambda f: _err(f.line()))
        if not self.show:
            return progress
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        self._rich = RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            transient=True,
            console=Console(stderr=True),
        )
        self._rich.__enter__()
        posts = self._rich.add_task("posts", total=None)
        sentences = self._rich.add_task("sentences", total=0)
        progress.on_posts_total = lambda n: self._rich.update(posts, total=n)
        progress.on_post_done = lambda name: self._rich.advance(posts)

        def add_sentences(n: int) -> None:
            task = self._rich.tasks[sentences]
            self._rich.update(sentences, total=(task.total or 0) + n)

        progress.on_sentences_total = add_sentences
        progress.on_sentences_done = lambda n: self._rich.advance(sentences, n)
        # failures print above the bars instead of tearing them
        progress.on_failure = lambda f: self._rich.console.print(
            f"bilingual: {f.line()}", markup=False, highlight=False
        )
        return progress

    def __exit__(self, *exc):
        if self.show:
            self._rich.__exit__(*exc)


@app.command()
def convert(
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts to convert.")],
    to: Annotated[
        str, typer.Option("--to", help="Target script: simplified | traditional | taiwan | hongkong.")
    ] = "traditional",
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (same layout as the input).")] = Path(
        "exports/converted"
    ),
) -> None:
    """Write copies of posts in another script; front matter keys, markup and URLs stay as they are."""
    import bilingual

    try:
        result = bilingual.convert_folder(posts_dir, out, to)
    except ValueError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    for line in result.failures:
        _err(line)
    typer.echo(f"{len(result.written)} posts converted to {to} in {out}")
    if result.failures:
        raise typer.Exit(1 if result.written else EXIT_USAGE)


@models_app.command("install")
def models_install(
    source: Annotated[
        list[str], typer.Argument(help="An .argosmodel file, or the two language codes 'zh en' (online only).")
    ],
) -> None:
    """Install an Argos zh→en package into $BILINGUAL_HOME."""
    from bilingual import engine

    try:
        if len(source) == 2 and not Path(source[0]).exists():
            info = engine.install_from_index(source[0], source[1])
        elif len(source) == 1:
            info = engine.install_model(Path(source[0]))
        else:
            _err("give one .argosmodel file, or two language codes such as: zh en")
            raise typer.Exit(EXIT_USAGE)
    except engine.ModelNotFound as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"installed {info.name} ({info.from_code}→{info.to_code}, version {info.version}) in {info.path}")


@models_app.command("list")
def models_list() -> None:
    """List installed packages."""
    from bilingual import engine

    found = engine.installed_models()
    if not found:
        typer.echo(f"no models installed in {engine.packages_dir()}")
    for info in found:
        typer.echo(f"{info.name}\t{info.from_code}→{info.to_code}\t{info.version}\t{info.path}")


@app.command("eval")
def eval_command(
    pairs: Annotated[Path, typer.Argument(help="Reference pairs: Chinese<TAB>English, one pair a line.")],
    model: ModelOption = None,
    glossary: Annotated[list[Path] | None, typer.Option("--glossary", help="Glossary file(s).")] = None,
    limit: Annotated[int | None, typer.Option(help="Only the first N pairs.")] = None,
) -> None:
    """chrF, BLEU and glossary term accuracy on reference pairs, with and without the glossary."""
    import bilingual
    from bilingual import evaluate
    from bilingual.engine import ModelNotFound

    terms = _load_glossary(glossary, False)
    try:
        translator = bilingual.open_translator(model)
    except ModelNotFound as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    try:
        results = evaluate.evaluate(pairs, translator.engine, translator.memory, terms, limit)
    except (OSError, ValueError) as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    typer.echo(f"{pairs}: {limit or 'all'} pairs, model {translator.engine.model_id}, "
               f"beam {translator.engine.decoding.beam_size}")
    typer.echo(evaluate.format_table(results))


@app.command()
def screenshot(
    editions: Annotated[Path, typer.Argument(help="An output folder of `bilingual translate`.")],
    to: Annotated[Path, typer.Option("--to", help="Folder for the PNG files.")] = Path("exports/screenshots"),
    post: Annotated[
        str | None, typer.Option(help="Slug of the post page to render. Default: the first in the index.")
    ] = None,
) -> None:
    """Render the HTML (wide and narrow, headless Chromium) and the EPUB (calibre, e-reader size) to PNG."""
    from bilingual.export import render

    html_dir = editions / "html"
    pages = sorted(p for p in html_dir.glob("*.html") if p.name not in ("index.html", "sources.html"))
    if not pages:
        _err(f"{html_dir}: no HTML pages; run bilingual translate first")
        raise typer.Exit(EXIT_USAGE)
    page = html_dir / f"{post}.html" if post else pages[0]
    to.mkdir(parents=True, exist_ok=True)
    try:
        made = [
            render.html_to_png(html_dir / "index.html", to / "index-wide.png", 1280, 900),
            render.html_to_png(page, to / "post-wide.png", 1280, 1400),
            render.html_to_png(page, to / "post-narrow.png", 400, 1400),
        ]
        for book in sorted(editions.glob("*.epub"))[:1]:
            # calibre draws the cover image as page 1 and then the book's own cover page: start at 2
            book_pages = render.epub_to_png(book, to / "epub-page", pages="2-6")
            made += [*book_pages, render.side_by_side(book_pages, to / "epub-pages.png")]
    except render.RenderError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    for path in made:
        typer.echo(f"  wrote {path}")


glossary_app = typer.Typer(help="Maintain term glossaries (TSV files).", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")
GlossaryFile = Annotated[Path, typer.Argument(help="The glossary file (TSV).")]


def _default_glossary() -> Path:
    import bilingual

    return bilingual.default_glossary_path()


@glossary_app.command("list")
def glossary_list(
    file: Annotated[Path | None, typer.Argument(help="Glossary file. Default: the shipped one.")] = None,
    category: Annotated[str | None, typer.Option(help="Only entries of this category.")] = None,
) -> None:
    """Print the entries: source, target, category."""
    from bilingual.glossary import GlossaryError, read_entries

    try:
        entries = read_entries(file or _default_glossary())
    except GlossaryError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    for e in entries:
        if category is None or e.category == category:
            typer.echo(f"{e.source}\t{e.rendering}\t{e.category}")


@glossary_app.command("add")
def glossary_add(
    file: GlossaryFile,
    source: Annotated[str, typer.Argument(help="Source term (Simplified).")],
    target: Annotated[str, typer.Argument(help="English rendering.")],
    category: Annotated[str, typer.Option(help="Category, e.g. person, body, place, set-phrase.")] = "",
    notes: Annotated[str, typer.Option(help="A note for editors.")] = "",
    keep: Annotated[bool, typer.Option("--keep", help="Do not translate: keep the source term as is.")] = False,
) -> None:
    """Add an entry, or replace the entry with the same source term."""
    from bilingual import glossary as g

    entries = g.read_entries(file) if file.exists() else []
    preamble = g.read_preamble(file) if file.exists() else ""
    new = g.Entry(source=source.strip(), target=target.strip(), category=category, notes=notes,
                  flags=frozenset({"keep"} if keep else set()))
    replaced = any(e.source == new.source for e in entries)
    entries = [new if e.source == new.source else e for e in entries] + ([] if replaced else [new])
    from bilingual.files import atomic_write

    atomic_write(file, g.format_entries(entries, preamble))
    typer.echo(f"{'replaced' if replaced else 'added'} {new.source} → {new.rendering} in {file}")


@glossary_app.command("remove")
def glossary_remove(file: GlossaryFile, source: Annotated[str, typer.Argument(help="Source term.")]) -> None:
    """Remove the entry for a source term."""
    from bilingual import glossary as g
    from bilingual.files import atomic_write

    entries = g.read_entries(file)
    kept = [e for e in entries if e.source != source]
    if len(kept) == len(entries):
        _err(f"{file}: no entry for {source}")
        raise typer.Exit(1)
    atomic_write(file, g.format_entries(kept, g.read_preamble(file)))
    typer.echo(f"removed {source} from {file}")


@glossary_app.command("lint")
def glossary_lint(files: Annotated[list[Path] | None, typer.Argument(help="Glossary files.")] = None) -> None:
    """Check for duplicates, conflicts, empty fields, shadowed entries and colliding variants."""
    from bilingual.glossary import lint

    paths = files or [_default_glossary()]
    issues = lint(paths)
    for issue in issues:
        typer.echo(str(issue))
    typer.echo(f"{len(issues)} problems in {', '.join(str(p) for p in paths)}", err=bool(issues))
    raise typer.Exit(1 if issues else 0)


@glossary_app.command("check")
def glossary_check(
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts.")],
    glossary: Annotated[list[Path] | None, typer.Option("--glossary", help="Glossary file(s).")] = None,
) -> None:
    """Which glossary terms occur in a folder of posts, how often, and in which posts."""
    from bilingual.glossary import check_folder
    from bilingual.posts import PostError, iter_post_paths, read_post

    terms = _load_glossary(glossary, False)

    def posts():
        for path in iter_post_paths(posts_dir):
            try:
                yield read_post(path)
            except PostError as exc:
                _err(f"{path}: {exc}")

    for use in check_folder(terms, posts()):
        names = ", ".join(use.posts[:3]) + (f" (+{len(use.posts) - 3} more)" if len(use.posts) > 3 else "")
        typer.echo(f"{use.count}\t{use.entry.source}\t{use.entry.rendering}\t{names}")


@glossary_app.command("import")
def glossary_import(
    source_file: Annotated[Path, typer.Argument(help="CSV/TSV (two columns: source, target) or TBX file.")],
    into: Annotated[Path, typer.Argument(help="Glossary file to add the entries to (created if missing).")],
    category: Annotated[str, typer.Option(help="Category for the imported entries.")] = "",
) -> None:
    """Import a DeepL/Google two-column CSV or TSV, or a TBX file; existing source terms are replaced."""
    from dataclasses import replace

    from bilingual import glossary as g
    from bilingual.files import atomic_write

    try:
        imported = [replace(e, category=category or e.category) for e in g.import_pairs(source_file)]
    except g.GlossaryError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_USAGE) from None
    entries = g.read_entries(into) if into.exists() else []
    by_source = {e.source: e for e in entries}
    for e in imported:
        by_source[e.source] = e
    atomic_write(into, g.format_entries(by_source.values(), g.read_preamble(into) if into.exists() else ""))
    typer.echo(f"imported {len(imported)} entries into {into}")


@glossary_app.command("export")
def glossary_export(
    file: GlossaryFile,
    out: Annotated[Path, typer.Argument(help="Output file; the format follows the suffix: .csv, .tsv or .tbx.")],
) -> None:
    """Export to the two-column CSV (Google) or TSV (DeepL) glossary formats, or to TBX."""
    from bilingual import glossary as g
    from bilingual.files import atomic_write

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "tsv", "tbx"):
        _err(f"{out}: use a .csv, .tsv or .tbx file name")
        raise typer.Exit(EXIT_USAGE)
    entries = g.read_entries(file)
    atomic_write(out, g.export_pairs(entries, fmt))
    typer.echo(f"exported {len(entries)} entries to {out}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
