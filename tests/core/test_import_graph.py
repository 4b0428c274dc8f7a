"""No import circles anywhere in zwdesk, the block kinds import only downwards, and no test
module imports another.

Measured from the source (support.importgraph): every import counts, late ones and those under
TYPE_CHECKING too.
"""

from __future__ import annotations

import ast
from pathlib import Path

from support.importgraph import circles, import_graph
from support.paths import ROOT

GRAPH = import_graph(ROOT)
LAYERS = ("zwdesk.core", "zwdesk.store")
# The modules that print, check and read an issue by asking the kinds (they sit above them).
ABOVE_KINDS = ("zwdesk.core.bulletin", "zwdesk.core.checks", "zwdesk.core.pages",
               "zwdesk.core.docx_render", "zwdesk.core.reader")


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for target in GRAPH[todo.pop()] - seen:
            seen.add(target)
            todo.append(target)
    return seen


def test_the_graph_is_read_from_the_source() -> None:
    # Guards the measure itself: known edges of each sort are there.
    assert "zwdesk.core.kinds" in GRAPH["zwdesk.core.bulletin"]  # from a package, a name
    assert "zwdesk.core.kinds.spec" in GRAPH["zwdesk.core.kinds.items"]  # from a package, a module
    assert "zwdesk.core.checks" in GRAPH["zwdesk.store.issues"]  # inside a function
    assert "zwdesk.core.kinds" in GRAPH["zwdesk.core.reader.outline"]


def test_the_measure_finds_a_circle_through_type_checking_and_relative_imports(
        tmp_path: Path) -> None:
    package = tmp_path / "zwdesk"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "sub/__init__.py"):
        (package / name).write_text("")
    (package / "a.py").write_text("from zwdesk.sub import b\n")
    (package / "sub" / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..c import C\n")
    (package / "c.py").write_text("def late():\n    import zwdesk.a\n")
    (package / "d.py").write_text("from zwdesk import a, c\n")  # into the circle, not in it
    assert circles(import_graph(tmp_path)) == [["zwdesk.a", "zwdesk.c", "zwdesk.sub.b"]]
    (package / "c.py").write_text("")
    assert circles(import_graph(tmp_path)) == []


def test_no_circles_in_the_core_and_the_store() -> None:
    knots = [c for c in circles(GRAPH) if any(_in(m, LAYERS) for m in c)]
    assert knots == []


def test_no_circles_anywhere_in_zwdesk() -> None:
    # The app too: its views and dialogs get the session and callbacks, never the window.
    assert circles(GRAPH) == []


def test_the_kinds_import_nothing_that_asks_the_kinds() -> None:
    for name in GRAPH:
        if _in(name, ("zwdesk.core.kinds",)):
            above = sorted(m for m in _reachable(name) if _in(m, ABOVE_KINDS))
            assert above == [], f"{name} reaches {above}"


def test_the_core_imports_no_other_layer() -> None:
    for name in GRAPH:
        if _in(name, ("zwdesk.core",)):
            outside = sorted(m for m in GRAPH[name] if not _in(m, ("zwdesk.core", "zwdesk.paths")))
            assert outside == [], f"{name} imports {outside}"


def test_no_test_module_imports_another() -> None:
    # Shared helpers live in tests/support; pytest's pythonpath holds tests/ alone.
    tests = sorted((ROOT / "tests").rglob("test_*.py"))
    names = {path.stem for path in tests}
    found = []
    for path in tests:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            imported = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                        [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.name} imports {name}" for name in imported
                      if name.split(".")[0] in names]
    assert found == []
