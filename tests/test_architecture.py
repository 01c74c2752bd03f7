"""The shape of the package: no import cycle (imports inside functions count too) and the layers the
architecture document describes (docs/architecture.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "bilingual"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def import_graph() -> dict[str, set[str]]:
    """module -> the bilingual modules it imports anywhere in its text (top level, functions, TYPE_CHECKING).
    Importing a submodule imports its packages too (all but the top-level `bilingual`, the lazy public API)."""
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + [base]).strip(".")
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if not target.startswith("bilingual"):
                    continue
                parts = target.split(".")
                found.update(".".join(parts[:n]) for n in range(2, len(parts) + 1))
        found.discard(name)
        graph[name] = {t for t in found if t in modules and not name.startswith(t + ".")}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle, as the modules along it, or [] when there is none."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_no_import_cycle():
    assert find_cycle(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


# (importer prefix, imported prefix): the importer never reaches into the imported
FORBIDDEN = [
    ("bilingual.glossary", "bilingual.names"),
    ("bilingual.names", "bilingual.glossary"),
    ("bilingual.terms", "bilingual.glossary"),
    ("bilingual.terms", "bilingual.names"),
    ("bilingual.terms", "bilingual.translate"),
    ("bilingual.glossary", "bilingual.translate"),
    ("bilingual.names", "bilingual.translate"),
    ("bilingual.translate", "bilingual.pipeline"),
    ("bilingual.translate", "bilingual.export"),
    ("bilingual.translate", "bilingual.review"),
    ("bilingual.review", "bilingual.pipeline"),
    ("bilingual.export", "bilingual.pipeline"),
    ("bilingual.export", "bilingual.translate"),
]


@pytest.mark.parametrize(("importer", "imported"), FORBIDDEN)
def test_layers(importer, imported):
    graph = import_graph()
    offending = sorted(f"{m} imports {t}" for m, targets in graph.items() if m.startswith(importer)
                       for t in targets if t == imported or t.startswith(imported + "."))
    assert offending == []
