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
    title: Annotated[str | None, typer.Option(help="Book and site title. Default: from the folder name.")] = None,
    sample: Annotated[
        bool, typer.Option("--sample", help="Translate the sample posts shipped with bilingual.")
    ] = False,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first post that fails.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
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
    try:
        translator = bilingual.open_translator(model)
    except ModelNotFound as exc:
        _err(str(exc))
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
                progress=progress,
            )
        except (FolderBusy, ValueError) as exc:
            _err(str(exc))
            raise typer.Exit(EXIT_USAGE) from None
    typer.echo(
        f"{report.posts_exported} of {report.posts_read} posts exported, {report.posts_failed} failed; "
        f"{report.sentences_unique} unique sentences: {report.sentences_translated} translated, "
        f"{report.sentences_from_cache} from cache; {report.seconds.get('total', 0):.1f} s"
    )
    for path in report.outputs:
        typer.echo(f"  wrote {path}")
    typer.echo(f"  wrote {out / 'report.json'}")
    raise typer.Exit(report.exit_code)


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
