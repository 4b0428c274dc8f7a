"""Where zwdesk finds its files."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# In a source checkout resources/ sits at the top of the repository; an installed wheel ships
# it as the package zwdesk.resources (see pyproject.toml).
_CHECKOUT_RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """The path of a shipped resource file such as ``bulletin-template.docx``."""
    try:
        candidate = Path(str(resources.files("zwdesk.resources") / name))
    except ModuleNotFoundError:
        return _CHECKOUT_RESOURCES / name
    return candidate if candidate.exists() else _CHECKOUT_RESOURCES / name
