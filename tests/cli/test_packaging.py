"""The wheel: it ships the resources, ui files and entry points, and works installed.

The wheel is built from a fresh copy of the repository root, so that neither a stale build/
folder nor an egg-info left by an earlier build can hide a file missing from the package data,
and the work tree is left clean.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from support.builders import ROOT

JUNK = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", "*.pyc",
                              ".pytest_cache", ".ruff_cache", ".venv", "*.sqlite3*")


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            encoding="utf-8", timeout=300)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source") / "zwdesk"
    shutil.copytree(ROOT, source, ignore=JUNK)
    out = tmp_path_factory.mktemp("wheel")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
          "--no-cache-dir", "-w", str(out), "."], cwd=source)
    wheels = list(out.glob("zwdesk-*.whl"))
    assert len(wheels) == 1
    return wheels[0]


@pytest.fixture(scope="module")
def names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _shipped_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def test_wheel_ships_the_sample_and_the_template(names):
    assert "zwdesk/resources/sample-2023-09.json" in names
    if (ROOT / "resources" / "bulletin-template.docx").exists():
        assert "zwdesk/resources/bulletin-template.docx" in names


def test_wheel_ships_every_resource_file(names):
    files = _shipped_files(ROOT / "resources")
    assert "sample-2023-09.json" in files
    missing = [f for f in files if f"zwdesk/resources/{f}" not in names]
    assert missing == []


def test_wheel_ships_the_ui_package(names):
    assert "zwdesk/ui/__init__.py" in names
    missing = [f for f in _shipped_files(ROOT / "ui") if f"zwdesk/ui/{f}" not in names]
    assert missing == []


def test_wheel_ships_every_python_package(names):
    """A subpackage left out of pyproject's ``packages`` would be missing from the wheel."""
    modules = [p.relative_to(ROOT).as_posix() for p in (ROOT / "zwdesk").rglob("*.py")
               if "__pycache__" not in p.parts]
    assert "zwdesk/store/database.py" in modules
    missing = [m for m in modules if m not in names]
    assert missing == []


def test_wheel_declares_the_entry_points(wheel, names):
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read(entry_points).decode("utf-8")
    parser = configparser.ConfigParser()
    parser.read_string(text)
    assert parser["console_scripts"]["zwdesk"].strip() == "zwdesk.cli:main"
    assert parser["gui_scripts"]["zwdesk-gui"].strip() == "zwdesk.cli:main_gui"


def _see_test_dependencies(python: Path) -> None:
    """Let the new venv import the dependencies installed where the tests run, through a .pth
    file naming this interpreter's site-packages, searched after the venv's own. (Plain
    ``--system-site-packages`` would point at the *base* interpreter, which on a fresh machine
    has none of them.)"""
    folders = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    target = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                  cwd=python.parent).stdout.strip()
    (Path(target) / "zwdesk-test-deps.pth").write_text("\n".join(sorted(folders)) + "\n")


def test_installed_wheel_runs_outside_the_repository(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    _run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
         cwd=tmp_path)
    # After the install: pip would otherwise find zwdesk itself there (where the tests run from
    # an installed copy, as on CI) and install nothing into the new venv.
    _see_test_dependencies(python)

    work = tmp_path / "elsewhere"
    work.mkdir()
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "ZWDESK_DB", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "home" / "data"),
               ZWDESK_DB=str(tmp_path / "never-used.sqlite3"), PYTHONIOENCODING="utf-8")
    zwdesk = str(bin_dir / "zwdesk")
    db = str(work / "installed.sqlite3")

    located = _run([str(python), "-c", "import zwdesk, zwdesk.paths as p; print(zwdesk.__file__);"
                    " print(p.resource_path('sample-2023-09.json'))"], cwd=work, env=env)
    package_file, sample = located.stdout.splitlines()
    assert Path(package_file).resolve().is_relative_to(venv.resolve())
    assert Path(sample).resolve().is_relative_to(venv.resolve())
    assert not Path(package_file).resolve().is_relative_to(ROOT)

    added = _run([zwdesk, "--db", db, "sample"], cwd=work, env=env)
    assert "示例期 2023年第9期已加入" in added.stdout
    listed = _run([zwdesk, "--db", db, "list"], cwd=work, env=env)
    assert listed.stdout.splitlines() == [
        "2023-9\t2023年第9期\t总第429期\t（3月6日\u20143月10日）\t草稿"]
    assert (bin_dir / "zwdesk-gui").exists() or (bin_dir / "zwdesk-gui.exe").exists()
    assert not (tmp_path / "never-used.sqlite3").exists()

    if (ROOT / "resources" / "bulletin-template.docx").exists():
        target = work / "2023-09.docx"
        _run([zwdesk, "--db", db, "export", "2023-9", "-o", str(target)], cwd=work, env=env)
        with zipfile.ZipFile(target) as docx:
            assert "word/document.xml" in docx.namelist()
