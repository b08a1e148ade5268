"""The library's import graph, read from the source with ast: no cycles, and the stages import one way
(core, data, analysis, document, sections, publishing: each its own and those before it; issue 26).
Every import counts, also one inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import evbrief
from evbrief import STAGES

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


def stage_of(module: str) -> str:
    """evbrief.<stage>.x -> <stage>; the package root is below every stage."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and parts[1] in STAGES) else ""


def upward_imports(graph: dict[str, set[str]]) -> dict[str, list[str]]:
    """module -> the modules it imports from a later stage than its own."""
    rank = {stage: i for i, stage in enumerate(STAGES)}
    wrong = {}
    for module, targets in graph.items():
        here = rank.get(stage_of(module), -1)
        above = sorted(t for t in targets if rank.get(stage_of(t), -1) > here)
        if above:
            wrong[module] = above
    return wrong


def test_the_graph_reads_relative_absolute_and_function_level_imports():
    graph = import_graph()
    # publication imports publish at the top; the cli imports them inside its functions
    assert "evbrief.publishing.publish" in graph["evbrief.publishing.publication"]
    assert {"evbrief.publishing.publish", "evbrief.publishing.publication"} <= graph[
        "evbrief.publishing.cli"
    ]
    assert "evbrief.data.sources.boundaries" in graph["evbrief.sections.supply"]


def test_the_library_has_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert not cycle, " -> ".join(cycle)


def test_every_module_lives_in_a_stage():
    loose = [m for m in import_graph() if m != "evbrief" and not stage_of(m)]
    assert not loose, loose


def test_no_stage_imports_a_later_stage():
    """data imports nothing above it; analysis no document, section or publishing module; and so on."""
    wrong = upward_imports(import_graph())
    assert not wrong, wrong


def test_the_boundary_check_sees_an_upward_import():
    graph = {
        "evbrief.data.tables": {"evbrief.core.files"},
        "evbrief.analysis.metrics": {"evbrief.document.report", "evbrief.data.tables"},
    }
    assert upward_imports(graph) == {"evbrief.analysis.metrics": ["evbrief.document.report"]}


# --- tests mirror the library's folders (issue 26) ---------------------------------------------------

#: the house-wide tests that belong to no stage: the import graph, style, environment, JupyterLab, notebooks
HOUSE = {"test_imports", "test_style", "test_environment", "test_lab", "test_notebooks"}


def misplaced_tests(tests_root: Path, stages=STAGES, house=HOUSE) -> list[str]:
    """Test files that sit outside a stage folder (and are not house-wide), or in a folder no stage has."""
    wrong = []
    for file in sorted(tests_root.rglob("test_*.py")):
        where = file.relative_to(tests_root).parts
        if len(where) == 1 and file.stem not in house:
            wrong.append(f"{file.name}: not in a stage folder ({', '.join(stages)})")
        elif len(where) > 1 and where[0] not in stages and where[0] != "fixtures":
            wrong.append(f"{'/'.join(where)}: {where[0]}/ is no stage of lib/evbrief")
    return wrong


def test_tests_mirror_the_library_stages():
    assert misplaced_tests(Path(__file__).parent) == []
    assert set(STAGES) <= {p.name for p in (LIB).iterdir() if p.is_dir()}


def test_a_test_outside_the_stages_is_found(tmp_path):
    (tmp_path / "test_loose.py").write_text("")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "test_x.py").write_text("")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "test_ok.py").write_text("")
    assert misplaced_tests(tmp_path) == [
        "reports/test_x.py: reports/ is no stage of lib/evbrief",
        "test_loose.py: not in a stage folder (core, data, analysis, document, sections, publishing)",
    ]
