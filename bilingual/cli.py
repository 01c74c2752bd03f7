"""The `bilingual` command: a thin Typer layer over the Python API, one command per library function.

Every command goes through _command(), which turns errors into one line and an exit code (errors.describe):
never a bare traceback.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from bilingual.errors import EXIT_PARTIAL, EXIT_USAGE, BilingualError, Interrupted, OptionError, describe
from bilingual.options import ConvertTarget, Executor, GlossaryLog, Grouping, Layout, ReviewFilter, ScriptChoice, Split

if TYPE_CHECKING:
    from bilingual.config import Settings
    from bilingual.glossary import Glossary
    from bilingual.pipeline import Progress
    from bilingual.posts import Post
    from bilingual.translate.engine import Decoding

app = typer.Typer(
    help="Offline Chinese→English bilingual editions (HTML, EPUB) of folders of news posts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no boxes, no <bool>/<str> type markers
)
models_app = typer.Typer(help="Install and list translation models.", no_args_is_help=True)
app.add_typer(models_app, name="models")
glossary_app = typer.Typer(help="Maintain term glossaries (TSV files).", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")

F = TypeVar("F", bound=Callable[..., Any])


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _err(message: str) -> None:
    typer.echo(f"bilingual: {message}", err=True)


def _command(group: typer.Typer, name: str | None = None) -> Callable[[F], F]:
    """Register a command whose errors come out as one line and an exit code (see errors.py)."""

    def register(function: F) -> F:
        @functools.wraps(function)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return function(*args, **kwargs)
            except (typer.Exit, typer.Abort):
                raise
            except BrokenPipeError:  # the reader went away (| head): stop quietly
                import os

                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                raise typer.Exit(EXIT_PARTIAL) from None
            except (Exception, KeyboardInterrupt) as exc:  # the one place every error becomes a line and a code
                message, code = describe(exc)
                _err(message)
                if isinstance(exc, Interrupted):
                    _hard_exit.append(code)
                raise typer.Exit(code) from None

        group.command(name)(run)
        return function

    return register


ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="An .argosmodel file or an unpacked Argos package folder. Default: $BILINGUAL_MODEL, "
        "else the zh→en package installed in $BILINGUAL_HOME.",
        show_default=False,
        metavar="PATH",
    ),
]
EngineOption = Annotated[str, typer.Option(
    "--engine", help="ctranslate2 (the --model, on this machine) or openai (an OpenAI-compatible chat server: "
    "--api-base, --api-model; key from $OPENAI_API_KEY).", metavar="ENGINE")]
ApiBaseOption = Annotated[str | None, typer.Option(
    "--api-base", help="With --engine openai: the server's base URL (llama.cpp, Ollama http://127.0.0.1:11434/v1, "
    "vLLM, LM Studio).", metavar="URL", show_default=False)]
ApiModelOption = Annotated[str | None, typer.Option(
    "--api-model", help="With --engine openai: the server's model name.", metavar="NAME", show_default=False)]
ConcurrencyOption = Annotated[int, typer.Option(
    "--concurrency", help="With --engine openai: requests at a time.", min=1, metavar="N")]
DeviceOption = Annotated[str, typer.Option("--device", help="auto, cpu or cuda (CTranslate2 models).",
                                           metavar="DEVICE")]
ComputeTypeOption = Annotated[str, typer.Option(
    "--compute-type", help="CTranslate2 compute type (auto, int8, float32, int8_float16, …); another type can "
    "change translations, so it is part of the cache key.", metavar="TYPE")]
ThreadsOption = Annotated[int, typer.Option("--threads", help="CPU cores the model runs on (0: all).", min=0,
                                            metavar="N")]
GlossaryOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        help="Your glossary file (TSV), on top of the shipped one; repeat for several, later files win.",
        show_default=False,
        metavar="FILE",
    ),
]
NoShippedOption = Annotated[
    bool, typer.Option("--no-shipped-glossary", help="Leave the shipped glossary out (use only --glossary files).")
]


def _glossary(paths: list[Path] | None, no_shipped: bool) -> Glossary:
    import bilingual

    if no_shipped and not paths:
        raise OptionError("--no-shipped-glossary needs at least one --glossary FILE (or use --no-glossary)")
    return bilingual.load_glossary(paths or [], shipped=not no_shipped)


@_command(app)
def translate(
    ctx: typer.Context,
    posts_dir: Annotated[
        Path | None, typer.Argument(help="Folder of posts (.md, .markdown, .html), searched recursively.",
                                    metavar="POSTS_DIR")
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.", metavar="DIR")] = Path("exports"),
    formats: Annotated[
        str, typer.Option("--format", help="Comma-separated output formats: html, epub.", metavar="FORMATS")
    ] = "html,epub",
    script_choice: Annotated[
        ScriptChoice, typer.Option("--script", help="Script of the Chinese side.")
    ] = ScriptChoice.KEEP,
    model: ModelOption = None,
    layout: Annotated[
        Layout | None,
        typer.Option(help="Default: side-by-side for HTML (stacked on narrow screens), interleaved for EPUB.",
                     show_default=False),
    ] = None,
    title: Annotated[str | None, typer.Option(help="Book and site title. Default: from the folder name.",
                                              metavar="TEXT")] = None,
    group_by: Annotated[
        Grouping, typer.Option(help="EPUB: a part per month or per source (outlet) inside the book.")
    ] = Grouping.NONE,
    split_by: Annotated[
        Split, typer.Option(help="EPUB: auto (one book, or books of whole months when it would pass 500 posts), "
                            "none (always one book), month or source (one book each).")
    ] = Split.AUTO,
    glossary_log: Annotated[
        GlossaryLog, typer.Option(help="summary: glossary-report.csv (per term) and glossary-violations.csv; "
                                  "full: also glossary-log.csv, every matched term.")
    ] = GlossaryLog.SUMMARY,
    sample: Annotated[
        bool, typer.Option("--sample", help="Translate the sample posts shipped with bilingual.")
    ] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first post that fails.")] = False,
    glossary: GlossaryOption = None,
    no_shipped_glossary: NoShippedOption = False,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="Translate without any glossary.")] = False,
    no_names: Annotated[
        bool, typer.Option("--no-names", help="Leave proper names (places, persons) to the model: no names layer.")
    ] = False,
    no_amounts: Annotated[
        bool, typer.Option("--no-amounts", help="Leave amounts in 万/亿, sums of money, days without their "
                           "month (25日) and times of day (16时) to the model.")
    ] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any glossary term is not enforced in the translation.")
    ] = False,
    mark_doubtful: Annotated[
        bool, typer.Option("--mark-doubtful", help="Underline (dotted) translations of low confidence: they may "
                           "have dropped or invented something. `review export --only doubtful` lists them.")
    ] = False,
    beam: Annotated[int, typer.Option(help="Beam size of the model's search (1 fastest; 2 measured best).",
                                      min=1, max=16, metavar="N")] = 2,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    json_report: Annotated[bool, typer.Option("--json", help="Print report.json on stdout instead of a summary.")
                           ] = False,
    executor: Annotated[
        Executor, typer.Option(help="Where the model runs: local (this process, all cores) or dask (a cluster).")
    ] = Executor.LOCAL,
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --executor dask: the scheduler's address (tcp://host:8786). Default: a local "
                     "cluster of --workers processes.", metavar="ADDRESS"),
    ] = None,
    workers: Annotated[
        int | None, typer.Option(help="With --executor dask and no --scheduler: local worker processes (default: "
                                 "one per core).", metavar="N")
    ] = None,
    engine: EngineOption = "ctranslate2",
    api_base: ApiBaseOption = None,
    api_model: ApiModelOption = None,
    concurrency: ConcurrencyOption = 4,
    device: DeviceOption = "cpu",
    compute_type: ComputeTypeOption = "auto",
    threads: ThreadsOption = 0,
) -> None:
    """Translate a folder of posts into side-by-side HTML, an EPUB and report.json.

    Defaults can be set once in bilingual.toml or [tool.bilingual] in pyproject.toml (see `bilingual config`);
    options given here win."""
    import time

    started = time.perf_counter()  # the summary gives the command's wall time, model loading included
    import bilingual
    from bilingual import config
    from bilingual.errors import UnreadableInput
    from bilingual.options import RunOptions

    if sample and posts_dir is not None:
        raise OptionError(f"give a POSTS_DIR ({posts_dir}) or --sample, not both")
    if sample:
        posts_dir = bilingual.sample_dir()
    if posts_dir is None:
        raise OptionError("give a POSTS_DIR or --sample")
    if not posts_dir.exists():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    if out.exists() and not out.is_dir():
        raise OptionError(f"--out {out}: is a file, not a folder")
    settings = bilingual.load_settings(posts_dir)
    given = _given(ctx, formats=formats, script_choice=script_choice, layout=layout, title=title,
                   group_by=group_by, split_by=split_by) | dict(glossary_log=glossary_log, fail_fast=fail_fast,
                                                                  strict=strict, mark_doubtful=mark_doubtful)
    RunOptions(**config.run_options(settings, given))  # bad options fail here, before the model loads
    translator = _open_warning(lambda: bilingual.open_translator(
        _given(ctx, model=model).get("model"), settings=settings,
        glossary=_chosen_glossary(ctx, settings, glossary, no_shipped_glossary, no_glossary),
        decoding=_decoding(ctx, beam), executor=executor, scheduler=scheduler, workers=workers, names=not no_names,
        amounts=not no_amounts,
        **_engine_options(ctx, engine, api_base, api_model, concurrency, device, compute_type, threads),
    ))

    with translator, _progress(not quiet and not json_report and sys.stderr.isatty()) as progress:
        report = bilingual.translate_folder(posts_dir, out, translator, settings=settings, progress=progress,
                                            **given)
    if json_report:
        typer.echo(report.to_json(), nl=False)
        raise typer.Exit(report.exit_code(strict))
    typer.echo(
        f"{report.posts_exported} of {_plural(report.posts_read, 'post', 'posts')} exported, "
        f"{report.posts_failed} failed; {_plural(report.sentences_unique, 'unique sentence', 'unique sentences')}: "
        f"{report.sentences_translated} translated, {report.sentences_from_cache} from cache, "
        f"{report.sentences_human} by a person{_by_rule(report.sentences_by_rule)}; "
        f"{time.perf_counter() - started:.1f} s"
    )
    if report.glossary:
        g = report.glossary
        typer.echo(
            f"glossary: {g['terms_matched']} terms matched, {g['terms_enforced']} enforced, "
            f"{g['violations']} violations; {g['skipped_not_words']} skipped (not words)"
        )
    for message in report.messages:
        typer.echo(message)
    for path in report.outputs:
        typer.echo(f"  wrote {path}")
    typer.echo(f"  wrote {out / 'report.json'}")
    raise typer.Exit(report.exit_code(strict))


def _by_rule(count: int) -> str:
    return f", {count} news {'line' if count == 1 else 'lines'} by rule" if count else ""


# option name -> the setting's key, where they differ
_SETTING_KEYS = {"script_choice": "script"}


def _given(ctx: typer.Context, **values: Any) -> dict[str, Any]:
    """The options the user gave on the command line (not left at their defaults), under their settings' keys: the
    library fills in the rest from the settings (bilingual.toml, [tool.bilingual]), then its defaults."""
    given = {}
    for name, value in values.items():
        source = ctx.get_parameter_source(name)
        if source is not None and source.name != "DEFAULT":
            given[_SETTING_KEYS.get(name, name)] = value
    return given


def _decoding(ctx: typer.Context, beam: int) -> Decoding | None:
    from bilingual.translate.engine import Decoding

    return Decoding(beam_size=beam) if _given(ctx, beam=beam) else None


def _engine_options(ctx: typer.Context, engine: str, api_base: str | None, api_model: str | None,
                    concurrency: int, device: str, compute_type: str, threads: int) -> dict[str, Any]:
    """open_translator's engine arguments the user gave on the command line (the settings fill the rest)."""
    return _given(ctx, engine=engine, api_base=api_base, api_model=api_model, concurrency=concurrency, device=device,
                  compute_type=compute_type, threads=threads)


T = TypeVar("T")


def _open_warning(open_: Callable[[], T]) -> T:
    """Warnings from opening the engine (text leaving this machine) on stderr, one line each."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = open_()
    for warning in caught:
        _err(f"warning: {warning.message}")
    return result


def _chosen_glossary(
    ctx: typer.Context, settings: Settings, glossary: list[Path] | None, no_shipped: bool, no_glossary: bool
) -> Glossary | None | Literal["shipped"]:
    """--no-glossary, --glossary and --no-shipped-glossary over the settings' glossary."""
    import bilingual

    if no_glossary:
        return None
    if glossary is None and not no_shipped:
        return bilingual.SHIPPED  # as the settings say
    return bilingual.configured_glossary(settings, glossary, False if no_shipped else None)


def _readable_posts(posts_dir: Path) -> list[Post]:
    """The posts of a folder that can be read; one line on stderr for each that cannot."""
    from bilingual.errors import UnreadableInput
    from bilingual.posts import iter_post_paths, read_posts

    if not posts_dir.is_dir():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    posts, failures = read_posts(list(iter_post_paths(posts_dir)), posts_dir)
    for failure in failures:
        _err(failure.line())
    if not posts:
        raise OptionError(f"{posts_dir}: no readable posts")
    return posts


class _progress:
    """Rich progress bars over posts and sentences when on a terminal; failures always go to stderr."""

    def __init__(self, show: bool):
        self.show = show

    def __enter__(self) -> Progress:
        from bilingual.pipeline import Progress

        progress = Progress(on_failure=lambda f: _err(f.line()))
        if not self.show:
            return progress
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        rich = self._rich = RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            transient=True,
            console=Console(stderr=True),
        )
        rich.__enter__()
        posts = rich.add_task("posts", total=None)
        sentences = rich.add_task("sentences", total=0)

        def add_sentences(n: int) -> None:
            rich.update(sentences, total=(rich.tasks[sentences].total or 0) + n)

        progress.on_posts_total = lambda n: rich.update(posts, total=n)
        progress.on_post_done = lambda name: rich.advance(posts)
        progress.on_sentences_total = add_sentences
        progress.on_sentences_done = lambda n: rich.advance(sentences, n)
        # failures print above the bars instead of tearing them
        progress.on_failure = lambda f: rich.console.print(f"bilingual: {f.line()}", markup=False, highlight=False)
        return progress

    def __exit__(self, *exc: object) -> None:
        if self.show:
            self._rich.__exit__(None, None, None)


@_command(app, "config")
def config_command(
    posts_dir: Annotated[
        Path | None, typer.Argument(help="The posts folder (its bilingual.toml applies too).", show_default=False,
                       metavar="POSTS_DIR")
    ] = None,
) -> None:
    """Show the settings in force for `translate` and where each comes from."""
    from bilingual import config
    from bilingual.errors import UnreadableInput

    if posts_dir is not None and not posts_dir.is_dir():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    settings = config.load(posts_dir)
    files = config.config_files(posts_dir)
    typer.echo("config files: " + (", ".join(str(p) for p, _ in files) if files else "none"))
    for key, meaning in config.KEYS.items():
        if key in settings.values:
            value = settings.values[key]
            shown = ", ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
            typer.echo(f"{key} = {shown}	({settings.origins[key]})")
        else:
            typer.echo(f"{key} = {_default_setting(key, posts_dir)}	(default: {meaning})")


def _default_setting(key: str, posts_dir: Path | None) -> str:
    """What translate uses for a setting nobody set."""
    if key == "title":
        from bilingual.pipeline import default_title

        return default_title(posts_dir) if posts_dir is not None else "from the posts folder's name"
    if key == "model":
        import os

        return os.environ.get("BILINGUAL_MODEL") or "the zh→en package installed in $BILINGUAL_HOME"
    return {"glossaries": "none", "shipped_glossary": "true", "glossary": "true",
            "layout": "side-by-side (HTML), interleaved (EPUB)", "script": ScriptChoice.KEEP.value,
            "formats": "html, epub", "beam": "2", "group_by": Grouping.NONE.value,
            "split_by": Split.AUTO.value}.get(key, "")


@_command(app)
def convert(
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts to convert.", metavar="POSTS_DIR")],
    to: Annotated[ConvertTarget, typer.Option("--to", help="Target script.")] = ConvertTarget.TRADITIONAL,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder (same layout as the input).",
                                      metavar="DIR")] = Path(
        "exports/converted"
    ),
) -> None:
    """Write copies of posts in another script; front matter keys, markup and URLs stay as they are."""
    import bilingual

    if posts_dir.exists() and out.exists() and out.resolve() == posts_dir.resolve():
        raise OptionError(f"--out {out}: is the posts folder; the copies would overwrite the originals")
    result = bilingual.convert_folder(posts_dir, out, to)
    for line in result.failures:
        _err(line)
    if not result.written and not result.failures:
        raise OptionError(f"{posts_dir}: no posts (.md, .markdown, .html) found")
    typer.echo(f"{_plural(len(result.written), 'post', 'posts')} converted to {to} in {out}")
    if result.failures:
        raise typer.Exit(EXIT_PARTIAL if result.written else EXIT_USAGE)


@_command(models_app, "install")
def models_install(
    source: Annotated[
        list[str], typer.Argument(help="An .argosmodel file, or the two language codes 'zh en' (online only).",
                       metavar="FILE | FROM TO")
    ],
) -> None:
    """Install an Argos zh→en package into $BILINGUAL_HOME."""
    from bilingual import models

    if len(source) == 2 and not Path(source[0]).exists():
        info = models.install_from_index(source[0], source[1])
    elif len(source) == 1:
        info = models.install_model(Path(source[0]))
    else:
        raise OptionError("give one .argosmodel file, or two language codes such as: zh en")
    typer.echo(f"installed {info.name} ({info.from_code}→{info.to_code}, version {info.version}) in {info.path}")


@_command(models_app, "list")
def models_list() -> None:
    """List installed packages."""
    from bilingual import models

    found = models.installed_models()
    if not found:
        typer.echo(f"no models installed in {models.packages_dir()}")
    for info in found:
        typer.echo(f"{info.name}\t{info.from_code}→{info.to_code}\t{info.version}\t{info.path}")


@_command(app, "eval")
def eval_command(
    pairs: Annotated[Path, typer.Argument(help="Reference pairs: Chinese<TAB>English, one pair a line.",
                                          metavar="PAIRS.tsv")],
    model: Annotated[list[str] | None, typer.Option(
        "--model", help="A model to score (as translate --model); repeat to compare several.", metavar="PATH",
        show_default=False)] = None,
    glossary: GlossaryOption = None,
    no_shipped_glossary: NoShippedOption = False,
    limit: Annotated[int | None, typer.Option(help="Only the first N pairs.", metavar="N")] = None,
    no_names: Annotated[bool, typer.Option("--no-names", help="Leave out the default row (glossary + names).")] = False,
    engine: EngineOption = "ctranslate2",
    api_base: ApiBaseOption = None,
    api_model: ApiModelOption = None,
    concurrency: ConcurrencyOption = 4,
    device: DeviceOption = "cpu",
    compute_type: ComputeTypeOption = "auto",
    threads: ThreadsOption = 0,
) -> None:
    """chrF, BLEU and glossary term accuracy on reference pairs: the model alone, with the glossary, and as
    `translate` runs by default (glossary + names); then chrF per way the default output was produced. Several
    engines (--model A --model B, and --engine openai with --api-base/--api-model) are scored on the same pairs
    and compared, so the gain is seen before switching."""
    import bilingual
    from bilingual import evaluate

    evaluate.read_pairs(pairs, limit)  # an unusable file fails before the model loads
    terms = _glossary(glossary, no_shipped_glossary)
    # every --model, then the chat server; without either, the default model
    paths: list[str | None] = list(model) if model else ([] if engine == "openai" else [None])
    choices: list[dict[str, Any]] = [
        {"engine": "ctranslate2", "model": m, "device": device, "compute_type": compute_type, "threads": threads}
        for m in paths]
    if engine == "openai":
        choices.append({"engine": "openai", "api_base": api_base, "api_model": api_model,
                        "concurrency": concurrency})
    compared: list[tuple[str, evaluate.Evaluation]] = []
    for chosen in choices:
        # the translator's names layer reads the same glossary, as in translate; evaluate() sets up each
        # configuration
        with _open_warning(lambda c=chosen: bilingual.open_translator(  # type: ignore[misc]
                glossary=terms, names=not no_names, **c)) as translator:
            evaluation = evaluate.evaluate(pairs, translator.engine, translator.memory, terms, limit,
                                           translator.names)
            name = translator.engine.model_id
            info = getattr(translator.engine, "model", None)  # a CTranslate2 model: its folder's name says more
            if info is not None:
                name = f"{info.name} {name}"
        typer.echo(f"{pairs}: {limit or 'all'} pairs, model {name}, beam {translator.engine.decoding.beam_size}")
        typer.echo(evaluate.format_table(evaluation.scores))
        typer.echo("")
        typer.echo(evaluate.format_steps(evaluation))
        compared.append((name, evaluation))
    if len(compared) > 1:
        typer.echo("")
        typer.echo(evaluate.format_comparison(compared))


@_command(app)
def screenshot(
    editions: Annotated[Path, typer.Argument(help="An output folder of `bilingual translate`.", metavar="OUT_DIR")],
    to: Annotated[Path, typer.Option("--to", help="Folder for the PNG files.",
                                     metavar="DIR")] = Path("exports/screenshots"),
    post: Annotated[
        str | None, typer.Option(help="Slug of the post page to render. Default: the first in the index.",
                                 metavar="SLUG")
    ] = None,
) -> None:
    """Render the HTML (wide and narrow, headless Chromium) and the EPUB (calibre, e-reader size) to PNG."""
    from bilingual.export import render

    html_dir = editions / "html"
    pages = sorted(p for p in html_dir.glob("*/*/*.html") if not p.name.startswith("index"))
    pages += sorted(p for p in html_dir.glob("undated/*.html") if not p.name.startswith("index"))
    if not pages:
        raise OptionError(f"{html_dir}: no HTML pages; run bilingual translate first")
    chosen = [p for p in pages if p.stem == post] if post else pages[:1]
    if not chosen:
        raise OptionError(f"--post {post}: no page {post}.html in {html_dir}")
    page = chosen[0]
    books = sorted(editions.glob("*.epub"))[:1]
    render.require("chromium")  # before any file is written
    # the HTML is worth having without calibre: the EPUB is left out, and the user told why
    if books and (lacking := render.missing("ebook-convert", "pdftoppm")):
        typer.echo(f"bilingual: {books[0].name} not rendered: {', '.join(lacking)} not installed (Debian: apt-get "
                   "install calibre poppler-utils)", err=True)
        books = []
    to.mkdir(parents=True, exist_ok=True)
    made = [
        render.html_to_png(html_dir / "index.html", to / "index-wide.png", 1280, 900),
        render.html_to_png(page, to / "post-wide.png", 1280, 1400),
        render.html_to_png(page, to / "post-narrow.png", 400, 1400),
    ]
    for book in books:
        # calibre draws the cover image as page 1 and then the book's own cover page: start at 2
        book_pages = render.epub_to_png(book, to / "epub-page", pages="2-6")
        made += [*book_pages, render.side_by_side(book_pages, to / "epub-pages.png")]
    for path in made:
        typer.echo(f"  wrote {path}")


review_app = typer.Typer(help="Review files for translators' tools (XLIFF, PO, TMX, CSV): corrections that stick.",
                         no_args_is_help=True, rich_markup_mode=None)
app.add_typer(review_app, name="review")
memory_app = typer.Typer(help="Exchange the translation memory as TMX.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(memory_app, name="memory")


@_command(review_app, "export")
def review_export(
    ctx: typer.Context,
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts.", metavar="POSTS_DIR")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The review file: .xlf, .po, .tmx or .csv.",
                                      metavar="FILE")],
    only: Annotated[ReviewFilter, typer.Option(help="Which sentences.")] = ReviewFilter.ALL,
    post: Annotated[str | None, typer.Option("--post", help="Only posts whose file name matches this glob.",
                                             metavar="GLOB")] = None,
    model: ModelOption = None,
    glossary: GlossaryOption = None,
    no_shipped_glossary: NoShippedOption = False,
    no_glossary: Annotated[bool, typer.Option("--no-glossary", help="As translate --no-glossary.")] = False,
    no_names: Annotated[bool, typer.Option("--no-names", help="As translate --no-names.")] = False,
    no_amounts: Annotated[bool, typer.Option("--no-amounts", help="As translate --no-amounts.")] = False,
    beam: Annotated[int, typer.Option(help="As translate --beam.", min=1, max=16, metavar="N")] = 2,
) -> None:
    """One unit per sentence with its machine translation, how it was produced, its terms and where it occurs.
    Use the same glossary and beam options as for translate (sentences not yet translated are translated)."""
    import bilingual
    from bilingual.review import export_review
    from bilingual.review.formats import file_format

    file_format(out)  # a wrong suffix fails before any work
    settings = bilingual.load_settings(posts_dir)
    with bilingual.open_translator(
        _given(ctx, model=model).get("model"), settings=settings,
        glossary=_chosen_glossary(ctx, settings, glossary, no_shipped_glossary, no_glossary),
        decoding=_decoding(ctx, beam), names=not no_names, amounts=not no_amounts,
    ) as translator:
        count = export_review(posts_dir, out, translator, only, post)
    typer.echo(f"wrote {_plural(count, 'unit', 'units')} to {out}")


@_command(review_app, "import")
def review_import(
    file: Annotated[Path, typer.Argument(help="A review file exported by bilingual, edited.", metavar="FILE")],
    posts: Annotated[Path | None, typer.Option(help="The posts folder. Default: the one the file was exported "
                                               "from.", metavar="POSTS_DIR")] = None,
) -> None:
    """Every target a person changed becomes a human translation: it wins in every later run, whatever the
    model, beam or glossary. All or nothing: a bad unit imports nothing."""
    from bilingual.review import import_review
    from bilingual.translate.memory import open_memory

    with open_memory() as memory:
        result = import_review(file, memory, posts)
    for line in result.conflicts:
        _err(line)
    typer.echo(f"{_plural(result.imported, 'human translation', 'human translations')} imported "
               f"({result.replaced} replaced earlier ones), {_plural(result.unchanged, 'unit', 'units')} unchanged, "
               f"{_plural(len(result.conflicts), 'conflict', 'conflicts')}")
    raise typer.Exit(EXIT_PARTIAL if result.conflicts else 0)


@_command(memory_app, "export")
def memory_export(out: Annotated[Path, typer.Argument(help="The .tmx file to write.", metavar="FILE.tmx")]) -> None:
    """Human translations, and the newest machine translation of every other sentence (marked as such)."""
    from bilingual.review import export_memory
    from bilingual.translate.memory import open_memory

    with open_memory() as memory:
        human, machine = export_memory(memory, out)
    typer.echo(f"wrote {human} human and {machine} machine translations to {out}")


@_command(memory_app, "import")
def memory_import(file: Annotated[Path, typer.Argument(help="A .tmx file (any tool's).", metavar="FILE.tmx")]) -> None:
    """Bring in a translation memory: its units count as human translations unless marked as machine output."""
    from bilingual.review import import_memory
    from bilingual.translate.memory import open_memory

    with open_memory() as memory:
        imported, skipped = import_memory(file, memory)
    typer.echo(f"imported {imported} human translations from {file}; {skipped} machine units skipped")


@_command(app)
def serve(
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts (as given to translate).", metavar="POSTS_DIR")],
    host: Annotated[str, typer.Option(help="Address to listen on; anything but loopback lets other machines in.",
                                      metavar="ADDRESS")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8787,
    token: Annotated[str | None, typer.Option(help="The token every write needs. Default: a new random one, "
                                              "printed in the start URL.", metavar="TOKEN")] = None,
    read_only: Annotated[bool, typer.Option("--read-only", help="Browse and search only: no corrections.")] = False,
    glossary: GlossaryOption = None,
) -> None:
    """A local web app over the posts and the translation memory: archive, side-by-side posts, search in both
    languages, a term concordance and a queue of flagged sentences. A translation corrected in the page is a
    human translation (as review import stores it), used by the next translate."""
    from bilingual.serve.run import serve as run

    run(posts_dir, host, port, token, read_only, glossary or [], show_progress=True)


GlossaryFile = Annotated[Path, typer.Argument(help="The glossary file (TSV).", metavar="FILE")]


@_command(glossary_app, "list")
def glossary_list(
    file: Annotated[Path | None, typer.Argument(help="Glossary file. Default: the shipped one.",
                                                metavar="FILE")] = None,
    category: Annotated[str | None, typer.Option(help="Only entries of this category.", metavar="CATEGORY")] = None,
) -> None:
    """Print the entries: source, target, category."""
    import bilingual
    from bilingual.glossary import read_entries

    for e in read_entries(file or bilingual.default_glossary_path()):
        if category is None or e.category == category:
            typer.echo(f"{e.source}\t{e.rendering}\t{e.category}")


@_command(glossary_app, "add")
def glossary_add(
    file: GlossaryFile,
    source: Annotated[str, typer.Argument(help="Source term (Simplified).", metavar="SOURCE")],
    target: Annotated[str, typer.Argument(help="English rendering.", metavar="TARGET")],
    category: Annotated[str, typer.Option(help="Category, e.g. person, body, place, set-phrase.",
                                          metavar="CATEGORY")] = "",
    notes: Annotated[str, typer.Option(help="A note for editors.", metavar="TEXT")] = "",
    keep: Annotated[bool, typer.Option("--keep", help="Do not translate: keep the source term as is.")] = False,
) -> None:
    """Add an entry, or replace the entry with the same source term (the file is created if missing)."""
    from bilingual.glossary import Entry
    from bilingual.terms.tsv import merge_into

    new = Entry(source=source.strip(), target=target.strip(), category=category, notes=notes,
                flags=frozenset({"keep"} if keep else set()))
    if not new.source or not new.target:
        raise OptionError("an entry needs a source term and a target")
    _, replaced = merge_into(file, [new])
    typer.echo(f"{'replaced' if replaced else 'added'} {new.source} → {new.rendering} in {file}")


@_command(glossary_app, "remove")
def glossary_remove(file: GlossaryFile, source: Annotated[str, typer.Argument(help="Source term.",
                                                                              metavar="SOURCE")]) -> None:
    """Remove the entry for a source term."""
    from bilingual.terms.tsv import remove_from

    if not remove_from(file, source):
        raise OptionError(f"{file}: no entry for {source}")
    typer.echo(f"removed {source} from {file}")


@_command(glossary_app, "lint")
def glossary_lint(files: Annotated[list[Path] | None, typer.Argument(help="Glossary files.",
                                                                     metavar="FILE...")] = None) -> None:
    """Check for duplicates, conflicts, empty fields, shadowed entries and colliding variants."""
    import bilingual
    from bilingual.glossary.lint import lint

    paths = files or [bilingual.default_glossary_path()]
    issues = lint(paths)
    for issue in issues:
        typer.echo(str(issue))
    typer.echo(f"{len(issues)} problems in {', '.join(str(p) for p in paths)}", err=bool(issues))
    raise typer.Exit(EXIT_PARTIAL if issues else 0)


@_command(glossary_app, "check")
def glossary_check(
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts.", metavar="POSTS_DIR")],
    glossary: GlossaryOption = None,
    no_shipped_glossary: NoShippedOption = False,
) -> None:
    """Which glossary terms occur in a folder of posts, how often, and in which posts."""
    from bilingual.glossary.usage import term_uses

    terms = _glossary(glossary, no_shipped_glossary)
    posts = _readable_posts(posts_dir)
    uses = term_uses(terms, posts)
    for use in uses:
        names = ", ".join(use.posts[:3]) + (f" (+{len(use.posts) - 3} more)" if len(use.posts) > 3 else "")
        typer.echo(f"{use.count}\t{use.entry.source}\t{use.entry.rendering}\t{names}")
    typer.echo(f"{len(uses)} glossary terms in {len(posts)} posts", err=True)


@_command(glossary_app, "suggest")
def glossary_suggest(
    ctx: typer.Context,
    posts_dir: Annotated[Path, typer.Argument(help="Folder of posts.", metavar="POSTS_DIR")],
    out: Annotated[Path, typer.Option("--out", "-o", help="The suggestions, as a glossary file (.tsv).",
                                      metavar="FILE.tsv")],
    top: Annotated[int, typer.Option(help="How many suggestions.", min=1, metavar="N")] = 50,
    model: ModelOption = None,
    glossary: GlossaryOption = None,
    no_shipped_glossary: NoShippedOption = False,
) -> None:
    """Frequent names and terms of a folder that the glossary lacks, with a proposed rendering each, written in
    the glossary's own format: edit the targets, then `bilingual glossary import FILE.tsv my-terms.tsv`."""
    import bilingual
    from bilingual.files import atomic_write
    from bilingual.suggest import suggest
    from bilingual.terms.tsv import format_entries

    if out.suffix.lower() != ".tsv":
        raise OptionError(f"--out {out}: write suggestions to a .tsv file (the glossary's format)")
    settings = bilingual.load_settings(posts_dir)
    terms = bilingual.configured_glossary(settings, glossary, False if no_shipped_glossary else None)
    if terms is None:
        raise OptionError("glossary suggest needs a glossary: the settings say glossary = false")
    posts = _readable_posts(posts_dir)
    with bilingual.open_translator(_given(ctx, model=model).get("model"), settings=settings, glossary=None,
                                   names=False) as translator:
        found = suggest(posts, terms, translator, top)
    preamble = (f"# {len(found)} suggestions from {posts_dir} by `bilingual glossary suggest`: check each target,\n"
                "# delete what you do not want, then: bilingual glossary import THIS_FILE my-terms.tsv")
    atomic_write(out, format_entries([c.entry() for c in found], preamble))
    typer.echo(f"wrote {len(found)} suggestions to {out}")


@_command(glossary_app, "import")
def glossary_import(
    source_file: Annotated[Path, typer.Argument(help="CSV/TSV (two columns: source, target) or TBX file.",
                                                metavar="FILE")],
    into: Annotated[Path, typer.Argument(help="Glossary file to add the entries to (created if missing).",
                                         metavar="GLOSSARY")],
    category: Annotated[str, typer.Option(help="Category for the imported entries.", metavar="CATEGORY")] = "",
) -> None:
    """Import a DeepL/Google two-column CSV or TSV, or a TBX file; existing source terms are replaced."""
    from dataclasses import replace

    from bilingual.glossary.exchange import import_pairs
    from bilingual.terms.tsv import merge_into

    imported = [replace(e, category=category or e.category) for e in import_pairs(source_file)]
    added, replaced = merge_into(into, imported)
    typer.echo(f"imported {_plural(len(imported), 'entry', 'entries')} into {into} ({added} added, "
               f"{replaced} replaced)")


@_command(glossary_app, "export")
def glossary_export(
    file: GlossaryFile,
    out: Annotated[Path, typer.Argument(help="Output file; the format follows the suffix: .csv, .tsv or .tbx.",
                                        metavar="OUT")],
) -> None:
    """Export to the two-column CSV (Google) or TSV (DeepL) glossary formats, or to TBX."""
    from bilingual.files import atomic_write
    from bilingual.glossary import read_entries
    from bilingual.glossary.exchange import EXPORT_FORMATS, export_pairs, not_carried

    fmt = out.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise OptionError(f"{out}: use a .csv, .tsv or .tbx file name")
    entries = read_entries(file)
    atomic_write(out, export_pairs(entries, fmt))
    typer.echo(f"exported {_plural(len(entries), 'entry', 'entries')} to {out}")
    lost = not_carried(entries, fmt)
    if lost:
        _err(f"{out}: a two-column .{fmt} glossary does not carry the {'; the '.join(lost)}; "
             "export to .tbx to keep every field")


# Set when a run was interrupted (its line shown): the console script then exits at once. What was kept is
# committed, and a normal exit would wait for the model's queued batches to finish (seconds).
_hard_exit: list[int] = []


def main() -> None:
    """The console script: click's own usage errors (unknown option, bad choice) come out as one line too."""
    try:
        code = app(standalone_mode=False)
        if _hard_exit:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(_hard_exit[0])
    except typer.TyperException as exc:  # click's usage errors, as Typer raises them
        context = getattr(exc, "ctx", None)
        if type(exc).__name__ == "NoArgsIsHelpError" and context is not None:
            typer.echo(context.get_help())
        else:
            _err(exc.format_message() if hasattr(exc, "format_message") else str(exc))
        sys.exit(getattr(exc, "exit_code", EXIT_USAGE))
    except typer.Abort:
        _err("aborted")
        sys.exit(EXIT_PARTIAL)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["BilingualError", "app", "main"]

if __name__ == "__main__":
    main()
