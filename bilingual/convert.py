"""`bilingual convert`: copies of posts in another script, with front matter and markup byte-for-byte intact."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bilingual import script
from bilingual.errors import UnreadableInput
from bilingual.files import atomic_write
from bilingual.options import ConvertTarget, choice
from bilingual.posts import PostError, iter_post_paths, read_text

# Spans that are not prose and must not change: tags, comments, link targets, bare URLs, YAML keys.
_KEEP = re.compile(
    r"<!--.*?-->"
    r"|<[^>]*>"
    r"|\]\([^)]*\)"
    r"|https?://[^\s\"'<>)]+"
    r"|^[A-Za-z_][\w-]*:(?=\s)",
    re.S | re.M,
)


def convert_text(text: str, config: str) -> str:
    """Convert only the prose of text (front matter values, body text) with an OpenCC configuration."""
    out, last = [], 0
    for match in _KEEP.finditer(text):
        out.append(script.convert(text[last:match.start()], config))
        out.append(match.group())
        last = match.end()
    out.append(script.convert(text[last:], config))
    return "".join(out)


@dataclass
class ConvertResult:
    written: list[Path] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


def convert_folder(posts_dir: Path, out_dir: Path, to: ConvertTarget | str) -> ConvertResult:
    """Convert every post below posts_dir into out_dir (same layout); a file that cannot be read is listed
    in the result's failures and the rest go on."""
    to = choice(ConvertTarget, to, "--to")
    posts_dir, out_dir = Path(posts_dir), Path(out_dir)
    if not posts_dir.exists():
        raise UnreadableInput(f"{posts_dir}: no such folder")
    config = script.CONVERT_TARGETS[to]
    result = ConvertResult()
    for path in iter_post_paths(posts_dir):
        relative = path.relative_to(posts_dir) if posts_dir.is_dir() else Path(path.name)
        try:
            text = read_text(path)
        except PostError as exc:
            result.failures.append(f"{relative}: {exc}")
            continue
        source_script = script.detect_script(text)
        if to == ConvertTarget.SIMPLIFIED or source_script == "simplified":
            converted = convert_text(text, config)
        elif to == ConvertTarget.TRADITIONAL:
            converted = text  # already Traditional: s2t would only risk changing variants
        else:
            # s2twp / s2hk expect Simplified input: go through Simplified for regional forms
            converted = convert_text(convert_text(text, "t2s"), config)
        target = out_dir / relative
        atomic_write(target, converted)
        result.written.append(target)
    return result
