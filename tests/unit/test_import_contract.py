"""The import contract: the layers of tui_reader/ as the code's own imports draw them.

Read from the source (every ``import``, at module level or inside a function, since a lazy
import is still a dependency): the core never reaches the UI, formats never reach the
workspace, and no module reaches itself again through others.
"""

from __future__ import annotations

import ast
from pathlib import Path

import tui_reader

PACKAGE = Path(tui_reader.__file__).parent
UI = ("tui_reader.app", "tui_reader.screens", "tui_reader.widgets")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules it imports (ours and third parties')."""
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                # `from .formats import brat` imports the submodule formats.brat
                subs = {f"{source}.{alias.name}" for alias in node.names} & modules.keys()
                targets.update(subs or {source})
        graph[name] = targets
    return graph


GRAPH = import_graph()


def ours(target: str) -> str | None:
    """The module of ours that ``target`` names (a package's module for its names)."""
    while target and target not in GRAPH:
        target = target.rpartition(".")[0]
    return target or None


def test_the_graph_holds_the_whole_package():
    assert {"tui_reader.cli", "tui_reader.store", "tui_reader.app", "tui_reader.anchoring"} <= GRAPH.keys()
    assert "textual.app" in GRAPH["tui_reader.app"] or "textual" in str(GRAPH["tui_reader.app"])


def test_the_core_never_imports_the_ui():
    # the command line opens the app: it alone may name it (and only it)
    broken = {
        (name, target)
        for name, targets in GRAPH.items()
        if not name.startswith(UI)
        for target in targets
        if target.split(".")[0] == "textual"
        or target.startswith(UI) and not (name == "tui_reader.cli" and target == "tui_reader.app")
    }
    assert not broken, sorted(broken)


def test_formats_never_import_the_workspace():
    broken = {
        (name, target)
        for name, targets in GRAPH.items()
        if name.startswith("tui_reader.formats")
        for target in targets
        if target.startswith(("tui_reader.workspace", *UI))
    }
    assert not broken, sorted(broken)


def test_no_import_cycles():
    edges = {
        name: {t for t in map(ours, targets) if t is not None and t != name} for name, targets in GRAPH.items()
    }
    # a package's __init__ that gathers its own submodules is not a cycle with them
    for name in edges:
        edges[name] = {t for t in edges[name] if not (t.startswith(name + ".") or name.startswith(t + "."))}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycles.append(path[path.index(nxt) :] + [nxt])
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert not cycles, "\n".join(" -> ".join(c) for c in cycles)
