"""bilingual: offline Chinese→English bilingual editions of news-post folders.

The public API (what the CLI calls). Heavy modules load lazily so `bilingual --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

__version__ = "0.1.0"
__all__ = [
    "open_translator", "translate_folder", "convert_folder", "read_post", "sample_dir", "load_glossary",
    "default_glossary_path",
]


def default_glossary_path() -> Path:
    """glossaries/diplomatic.tsv: beside the package in a checkout (pip install -e .), else installed data."""
    import sys

    for candidate in (
        Path(__file__).resolve().parent.parent / "glossaries" / "diplomatic.tsv",
        Path(sys.prefix) / "share" / "bilingual" / "glossaries" / "diplomatic.tsv",
    ):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the shipped glossary glossaries/diplomatic.tsv is missing from this installation")


def load_glossary(paths=None):
    """A Glossary from files (later files win for the same term); None or [] means the shipped glossary."""
    from bilingual.glossary import Glossary

    return Glossary.load([Path(p) for p in paths] if paths else [default_glossary_path()])


def sample_dir() -> Path:
    """The small sample folder of posts that ships with the package."""
    return Path(__file__).with_name("samples")


def open_translator(
    model=None,
    *,
    home: Path | None = None,
    glossary=None,
    decoding=None,
    threads: int = 0,
    executor: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
):
    """A CachedTranslator over the zh→en model (--model, $BILINGUAL_MODEL or installed) and the cache.

    executor "local" runs the model in this process on `threads` cores (default: all); "dask" runs it on the
    Dask cluster at `scheduler`, or on a LocalCluster of `workers` processes when no address is given.
    Call .close() on the translator when done (it stops a LocalCluster).
    """
    from bilingual import engine
    from bilingual.memory import TranslationMemory
    from bilingual.translator import CachedTranslator

    info = engine.find_model(model)
    if executor == "local":
        eng = engine.Engine(info, decoding, threads=threads)
    elif executor == "dask":
        from bilingual.distributed import DaskEngine

        eng = DaskEngine(info, decoding, scheduler=scheduler, n_workers=workers)
    else:
        raise ValueError(f"unknown executor {executor!r}; choose local or dask")
    memory = TranslationMemory((home or engine.home_dir()) / "cache.sqlite3")
    return CachedTranslator(eng, memory, glossary)


def translate_folder(posts_dir, out_dir, translator=None, **options):
    """Translate a folder of posts into HTML and EPUB editions; returns the run's Report."""
    from bilingual import pipeline

    translator = translator or open_translator()
    return pipeline.translate_folder(Path(posts_dir), Path(out_dir), translator, **options)


def convert_folder(posts_dir, out_dir, to: str = "traditional"):
    """Write script-converted copies of posts, front matter and markup intact; returns the files written."""
    from bilingual import convert

    return convert.convert_folder(Path(posts_dir), Path(out_dir), to)


def read_post(path):
    from bilingual import posts

    return posts.read_post(Path(path))
