"""The library's import graph, read from the source with ast: no cycles, and the analysis never
imports the publishing machinery (issue 12). Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import evbrief
from evbrief import PUBLISHING

LIB = Path(evbrief.__file__).parent


def _module_name(file: Path) -> str:
    parts = ["evbrief", *file.relative_to(LIB).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(root: Path = LIB) -> dict[str, set[str]]:
    """module -> the modules of the package it imports (anywhere in its body)."""
    files = {_module_name(f): f for f in root.rglob("*.py") if "__pycache__" not in f.parts}
    graph: dict[str, set[str]] = {}
    for name, file in files.items():
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    target = ".".join(base + ([node.module] if node.module else []))
                else:
                    target = node.module or ""
                for alias in node.names:  # `from . import data` imports the module evbrief.data
                    sub = f"{target}.{alias.name}"
                    targets.add(sub if sub in files else target)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    parts = alias.name.split(".")
                    known = [".".join(parts[:i]) for i in range(len(parts), 0, -1)]
                    targets.add(next((k for k in known if k in files), alias.name))
        graph[name] = {t for t in targets if t in files and t != name}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle as a path [a, b, ..., a], or [] if the graph has none (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def test_find_cycle_sees_a_cycle_and_its_absence():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) == []


def test_the_graph_reads_relative_absolute_and_function_level_imports():
    graph = import_graph()
    # publication imports publish at the top; the cli imports them inside its functions
    assert "evbrief.publish" in graph["evbrief.publication"]
    assert {"evbrief.publish", "evbrief.publication"} <= graph["evbrief.cli"]
    assert (
        "evbrief.sources.boundaries" in graph["evbrief.supply"]
    )  # `from .sources import boundaries`


def test_the_library_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert not cycle, " -> ".join(cycle)


def test_analysis_never_imports_the_publishing_machinery():
    graph = import_graph()
    publishing = {f"evbrief.{m}" for m in PUBLISHING}
    wrong = {
        module: sorted(graph[module] & publishing)
        for module in graph
        if module not in publishing and graph[module] & publishing
    }
    assert not wrong, wrong
