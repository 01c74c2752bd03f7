"""Which glossary terms a folder of posts uses, how often and where (`bilingual glossary check`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bilingual import script
from bilingual.glossary.glossary import Glossary
from bilingual.posts import Post
from bilingual.terms.entry import Entry


@dataclass
class TermUse:
    entry: Entry
    count: int = 0
    posts: list[str] = field(default_factory=list)


def term_uses(glossary: Glossary, posts: Iterable[Post]) -> list[TermUse]:
    """Which terms occur in the posts, how often, and in which posts (most frequent first)."""
    uses: dict[str, TermUse] = {}
    for post in posts:
        text = script.to_model_input(post.title + "\n" + "\n".join(b.text for b in post.blocks))
        for m in glossary.match(text):
            use = uses.setdefault(m.entry.source, TermUse(m.entry))
            use.count += 1
            if post.path.name not in use.posts:
                use.posts.append(post.path.name)
    return sorted(uses.values(), key=lambda u: (-u.count, u.entry.source))
