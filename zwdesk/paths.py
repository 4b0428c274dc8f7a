"""Where zwdesk finds its files."""

from __future__ import annotations

from pathlib import Path

# An installed wheel ships resources/ as the package zwdesk.resources, a folder beside this file
# (see pyproject.toml); in a source checkout resources/ sits at the top of the repository. Plain
# paths, not importlib.resources: zwdesk is never run from a zip, and every command pays for
# what it imports.
_PACKAGE = Path(__file__).resolve().parent
_INSTALLED_RESOURCES = _PACKAGE / "resources"
_CHECKOUT_RESOURCES = _PACKAGE.parent / "resources"


def resource_path(name: str) -> Path:
    """The path of a shipped resource file such as ``bulletin-template.docx``."""
    candidate = _INSTALLED_RESOURCES / name
    return candidate if candidate.exists() else _CHECKOUT_RESOURCES / name
