"""bilingual: offline Chinese→English bilingual editions of news-post folders.

The public API, which the CLI calls with the same defaults. Heavy modules load lazily so `bilingual --help`
stays fast.

    with bilingual.open_translator() as translator:         # the shipped glossary, as the CLI uses it
        report = bilingual.translate_folder("posts", "exports", translator)
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from bilingual.config import Settings
    from bilingual.convert import ConvertResult
    from bilingual.glossary import Glossary
    from bilingual.options import ConvertTarget, Executor
    from bilingual.pipeline import Progress
    from bilingual.posts import Post
    from bilingual.report import Report
    from bilingual.translate.engine import Decoding
    from bilingual.translate.translator import Translator

__version__ = "0.1.0"
__all__ = [
    "open_translator", "translate_folder", "convert_folder", "read_post", "sample_dir", "load_glossary",
    "configured_glossary", "default_glossary_path", "load_settings",
]

SHIPPED: Literal["shipped"] = "shipped"


def default_glossary_path() -> Path:
    """glossaries/diplomatic.tsv: beside the package in a checkout (pip install -e .), else installed data."""
    import sys

    from bilingual.glossary import GlossaryError

    for candidate in (
        Path(__file__).resolve().parent.parent / "glossaries" / "diplomatic.tsv",
        Path(sys.prefix) / "share" / "bilingual" / "glossaries" / "diplomatic.tsv",
    ):
        if candidate.is_file():
            return candidate
    raise GlossaryError("the shipped glossary glossaries/diplomatic.tsv is missing from this installation")


def load_glossary(paths: Sequence[str | PathLike[str]] = (), *, shipped: bool = True) -> Glossary:
    """The shipped glossary with the user's files on top: for the same source term, later files win.
    shipped=False leaves the shipped glossary out (then paths alone)."""
    from bilingual import names
    from bilingual.glossary import Glossary

    files = ([default_glossary_path()] if shipped else []) + [Path(p) for p in paths]
    # its word segmenter knows the names layer's places too, so both read a sentence's words alike
    return Glossary.load(files, dictionary=names.dictionary_words())


def configured_glossary(
    settings: Settings, files: Sequence[str | PathLike[str]] | None = None, shipped: bool | None = None
) -> Glossary | None:
    """The glossary the settings ask for (glossary = false: none; glossaries; shipped_glossary), with files and
    shipped, where given, winning over them."""
    from bilingual.errors import OptionError

    if settings.get("glossary", True) is False:
        return None
    files = files if files is not None else settings.get("glossaries", [])
    shipped = shipped if shipped is not None else settings.get("shipped_glossary", True)
    if not shipped and not files:
        raise OptionError("--no-shipped-glossary needs at least one --glossary FILE (or use --no-glossary)")
    return load_glossary(files or [], shipped=shipped)


def load_settings(posts_dir: str | PathLike[str] | None = None) -> Settings:
    """Settings from [tool.bilingual] in ./pyproject.toml, ./bilingual.toml and POSTS_DIR/bilingual.toml (later
    files win); see bilingual.config."""
    from bilingual import config

    return config.load(Path(posts_dir) if posts_dir is not None else None)


def sample_dir() -> Path:
    """The small sample folder of posts that ships with the package."""
    return Path(__file__).with_name("samples")


def open_translator(
    model: str | PathLike[str] | None = None,
    *,
    home: str | PathLike[str] | None = None,
    glossary: Glossary | None | Literal["shipped"] = SHIPPED,
    decoding: Decoding | None = None,
    threads: int = 0,
    executor: Executor | str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    names: bool = True,
    amounts: bool = True,
    settings: Settings | None = None,
    engine: str | None = None,
    api_base: str | None = None,
    api_model: str | None = None,
    concurrency: int | None = None,
    device: str | None = None,
    compute_type: str | None = None,
) -> Translator:
    """A Translator over the zh→en model (model, the settings' model, $BILINGUAL_MODEL or installed) and the
    translation memory.

    settings (default: those of the current folder, load_settings()) fill what is not given here: the model, the
    beam (decoding) and the glossary. glossary: "shipped" (default, as in the CLI) the glossary the settings ask
    for, by default the shipped one; a Glossary (see load_glossary); None for none.

    names (default True, as in the CLI; --no-names): the names layer, which gives places, mainland persons (Hanyu
    Pinyin), and listed Hong Kong, Macau, Taiwan and foreign persons their English forms, enforced like glossary
    terms (glossary terms win where they overlap).

    amounts (default True, as in the CLI; --no-amounts): counts in 万 and 亿 and sums of money rendered as English
    news writes them (91.914 million, $95,002, 3 million yuan) and enforced like glossary terms (amounts.py); so
    are days written without their month (25日 "the 25th", not the model's invented "25 December") and times of
    day (20时 "20:00", not "2000"; dates.py).

    executor "local" runs the model in this process on `threads` cores (default: all); "dask" runs
    it on the Dask cluster at `scheduler`, or on a LocalCluster of `workers` processes when no address is
    given. Use it as a context manager (or call close()): that stops a LocalCluster. device (auto|cpu|cuda) and
    compute_type are CTranslate2's.

    engine "openai" translates on an OpenAI-compatible chat-completions server instead: api_base (such as
    http://127.0.0.1:11434/v1), api_model (the server's model name), `concurrency` requests at a time; the key,
    if the server wants one, from $OPENAI_API_KEY. The glossary's and the names layer's renderings go into the
    prompt, and are verified and enforced as for the MT model.
    """
    from bilingual import models
    from bilingual.errors import OptionError
    from bilingual.options import Executor, choice
    from bilingual.translate.engine import Decoding, Engine, TranslationEngine
    from bilingual.translate.memory import open_memory
    from bilingual.translate.translator import Translator

    executor = choice(Executor, executor, "--executor")
    if executor == Executor.LOCAL and (scheduler or workers):
        raise OptionError("--scheduler and --workers go with --executor dask")
    if isinstance(glossary, str) and glossary != SHIPPED:
        raise OptionError(f"glossary {glossary!r}: give a Glossary, None, or {SHIPPED!r}")
    settings = settings if settings is not None else load_settings()
    terms = configured_glossary(settings) if isinstance(glossary, str) else glossary
    model = model or settings.get("model")
    decoding = decoding or Decoding(beam_size=settings.get("beam", Decoding().beam_size))
    engine = engine_kind(engine or settings.get("engine", "ctranslate2"))
    device = device or settings.get("device", "cpu")
    compute_type = compute_type or settings.get("compute_type", "auto")
    threads = threads or settings.get("threads", 0)
    eng: TranslationEngine
    if engine == "openai":
        if executor != Executor.LOCAL or model:
            raise OptionError("--engine openai takes --api-base and --api-model, not --model or --executor dask")
        eng = _chat_engine(api_base or settings.get("api_base"), api_model or settings.get("api_model"),
                           concurrency or settings.get("concurrency", 4), decoding)
    elif executor == Executor.LOCAL:
        eng = Engine(models.find_model(model), decoding, threads=threads, device=device, compute_type=compute_type)
    else:
        info = models.find_model(model)
        from bilingual.translate.distributed import DaskEngine

        try:
            eng = DaskEngine(info, decoding, scheduler=scheduler, n_workers=workers)
        except (OSError, TimeoutError) as exc:  # an unreachable scheduler
            raise OptionError(f"--scheduler {scheduler}: could not connect ({exc})") from None
    finder = None
    if names:
        from bilingual.names import open_names

        finder = open_names(terms.segmenter, terms.index.forms()) if terms is not None else open_names()
    translator = Translator(eng, open_memory(Path(home) if home is not None else None), terms, names=finder,
                            amounts=amounts)
    if engine == "openai":  # the prompt asks for the renderings the translator will check
        eng.hints = translator.terms_of  # type: ignore[attr-defined]
    return translator


ENGINES = ("ctranslate2", "openai")


def engine_kind(name: str) -> str:
    from bilingual.errors import OptionError

    if name not in ENGINES:
        raise OptionError(f"--engine {name}: expected one of {', '.join(ENGINES)}")
    return name


def _chat_engine(api_base: str | None, api_model: str | None, concurrency: int, decoding: Decoding | None) -> Any:
    import warnings

    from bilingual.errors import OptionError
    from bilingual.translate.chat import ChatEngine, ChatSettings, remote_warning

    if not api_base:
        raise OptionError("--engine openai needs --api-base URL (such as http://127.0.0.1:11434/v1)")
    chat = ChatEngine(ChatSettings(api_base, api_model or "", concurrency=concurrency), decoding)
    if warning := remote_warning(api_base):
        warnings.warn(warning, stacklevel=3)
    return chat


def translate_folder(
    posts_dir: str | PathLike[str], out_dir: str | PathLike[str], translator: Translator | None = None,
    *, settings: Settings | None = None, progress: Progress | None = None, **options: Any,
) -> Report:
    """Translate a folder of posts into HTML and EPUB editions; returns the run's Report.

    options are RunOptions fields (formats, script, layout, title, group_by, split_by, glossary_log, fail_fast,
    strict), as strings or enums; those not given come from the settings (default: load_settings(posts_dir), as
    `bilingual translate` reads them). Without a translator, one is opened with the settings and closed afterwards.
    """
    from bilingual import config, pipeline
    from bilingual.options import RunOptions

    settings = settings if settings is not None else load_settings(posts_dir)
    run_options = RunOptions(**config.run_options(settings, options))
    if translator is not None:
        return pipeline.translate_folder(Path(posts_dir), Path(out_dir), translator, run_options, progress)
    with open_translator(settings=settings) as own:
        return pipeline.translate_folder(Path(posts_dir), Path(out_dir), own, run_options, progress)


def convert_folder(
    posts_dir: str | PathLike[str], out_dir: str | PathLike[str], to: ConvertTarget | str = "traditional"
) -> ConvertResult:
    """Write script-converted copies of posts, front matter and markup intact; returns the files written."""
    from bilingual import convert

    return convert.convert_folder(Path(posts_dir), Path(out_dir), to)


def read_post(path: str | PathLike[str]) -> Post:
    from bilingual import posts

    return posts.read_post(Path(path))
