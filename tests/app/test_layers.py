"""The store is the app's one door to the data: no module under zwdesk/app imports peewee or
the store's models (imports inside functions and type-checking ones included), and every store
function the app calls says it returns plain values, never a model's row."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import peewee
from support.paths import ROOT

from zwdesk.store import models

APP = ROOT / "zwdesk" / "app"
FORBIDDEN = ("peewee", "playhouse", "zwdesk.store.models")
# Where the app's data comes from: the store and the operations above it.
DOORS = ("zwdesk.store", "zwdesk.operations", "zwdesk.importing", "zwdesk.inboxfiles")
MODEL_NAMES = re.compile(r"\b(" + "|".join(m.__name__ for m in models.ALL_MODELS)
                         + r"|Model|ModelSelect|Database)\b")


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def _imports(path: Path) -> Iterator[tuple[str, str | None, str]]:
    """(module, name imported from it or None, the name it is bound to) of every import."""
    module = _module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, None, alias.asname or alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package of this module
                package = module.split(".")[: -node.level]
                base = ".".join([*package, *([base] if base else [])])
            for alias in node.names:
                yield base, alias.name, alias.asname or alias.name


def _app_modules() -> list[Path]:
    return sorted(APP.rglob("*.py"))


def _is_forbidden(module: str, name: str | None) -> bool:
    full = module if name is None else f"{module}.{name}"
    return any(m == f or m.startswith(f + ".") for f in FORBIDDEN for m in (module, full))


def test_no_app_module_imports_peewee_or_the_models() -> None:
    offenders = [f"{path.relative_to(ROOT)}: {module}{'.' + name if name else ''}"
                 for path in _app_modules() for module, name, _bound in _imports(path)
                 if _is_forbidden(module, name)]
    assert offenders == []


def test_the_check_finds_a_model_import(tmp_path: Path) -> None:
    """The test above is no empty promise: the imports the app had are caught."""
    caught = [_is_forbidden(*pair) for pair in (
        ("zwdesk.store.models", "Issue"), ("zwdesk.store", "models"), ("peewee", "fn"),
        ("peewee", None), ("zwdesk.store.issues", "load_issue"))]
    assert caught == [True, True, True, True, False]


def _door_names(path: Path) -> Iterator[tuple[str, str]]:
    """(module, name) of what an app module takes from the store or the operations: names it
    imports from them, and attributes it reads of a store module it imports."""
    modules: dict[str, str] = {}  # bound name → a door module
    for module, name, bound in _imports(path):
        if not module.startswith(DOORS):
            continue
        submodule = module if name is None else _submodule(module, name)
        if submodule is not None:
            modules[bound] = submodule
        else:
            yield module, name
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules):
            yield modules[node.value.id], node.attr


def _submodule(module: str, name: str) -> str | None:
    """``module.name`` when it is a module of its own (from zwdesk.store import editing)."""
    try:
        importlib.import_module(f"{module}.{name}")
    except ImportError:
        return None
    return f"{module}.{name}"


def _no_model(value: object) -> str | None:
    """Why ``value`` hands the app peewee's objects, or None when it does not."""
    if isinstance(value, type) and issubclass(value, peewee.Model):
        return "a model"
    if isinstance(value, (peewee.Database, peewee.DatabaseProxy, peewee.Node)):
        return "a peewee object"
    if inspect.isroutine(value):
        returns = inspect.signature(value).return_annotation
        if returns is inspect.Signature.empty:
            return "no return annotation"
        if MODEL_NAMES.search(str(returns)):
            return f"returns {returns}"
    return None


def test_what_the_app_takes_from_the_store_is_plain() -> None:
    offenders = []
    for path in _app_modules():
        for module, name in set(_door_names(path)):
            value = getattr(importlib.import_module(module), name)
            why = _no_model(value)
            if why:
                offenders.append(f"{path.relative_to(ROOT)}: {module}.{name}: {why}")
    assert sorted(offenders) == []


def test_the_check_finds_a_row_returned() -> None:
    from zwdesk.store import editing, inbox, issues

    assert _no_model(issues.latest_issue) == "returns Issue | None"
    assert _no_model(inbox.adopt) == "returns TextEntry"
    assert _no_model(editing.ordered) == "returns list[Model]"
    assert _no_model(models.Section) == "a model"
    assert _no_model(issues.issue_info) is None
