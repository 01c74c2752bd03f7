"""What the benchmarks read from a folder of posts: the paragraphs and sentences the pipeline would translate."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bilingual import script, segment  # noqa: E402
from bilingual.posts import PostError, iter_post_paths, read_post  # noqa: E402


def paragraphs_of(folder: Path) -> list[str]:
    """Titles and blocks of every readable post, normalised to Simplified (the model's input script)."""
    found = []
    for path in iter_post_paths(folder):
        try:
            post = read_post(path)
        except PostError:
            continue
        found += [script.to_model_input(t) for t in [post.title, *(b.text for b in post.blocks)]]
    return found


def sentences_of(folder: Path) -> list[str]:
    """The distinct sentences with Chinese in them, in order of first appearance."""
    return list(dict.fromkeys(
        s for p in paragraphs_of(folder) for s in segment.sentences_for_model(p) if script.has_han(s)
    ))
