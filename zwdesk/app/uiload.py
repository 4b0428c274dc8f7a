"""Loading the Qt Designer files shipped in ui/ (package zwdesk.ui)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from zwdesk.app.qt import QFile, QIODevice, QUiLoader, QWidget

_REPO_UI = Path(__file__).resolve().parents[2] / "ui"


def ui_path(name: str) -> Path:
    try:
        path = Path(str(resources.files("zwdesk.ui") / name))
        if path.exists():
            return path
    except ModuleNotFoundError:
        pass
    return _REPO_UI / name


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """Build the widget tree of ``ui/<name>``; child widgets are found by their objectName."""
    file = QFile(str(ui_path(name)))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise FileNotFoundError(f"cannot open {name}: {file.errorString()}")
    try:
        widget = QUiLoader().load(file, parent)
    finally:
        file.close()
    if widget is None:
        raise RuntimeError(f"cannot load {name}")
    return widget
