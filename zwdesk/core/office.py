"""Convert a .docx to PDF with LibreOffice, run headless in a private, throw-away profile.

The private profile (``-env:UserInstallation``) keeps a LibreOffice the user has open from
swallowing the request, and keeps the conversion from touching the user's settings. The run
is time-limited and, if it overruns, its whole process group is killed: soffice starts
oosplash and soffice.bin, and none of them may be left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from zwdesk.core.atomic import write_atomic
from zwdesk.core.errors import ZwdeskError
from zwdesk.paths import resource_path

FONTCONFIG_NAME = "fontconfig-zwdesk.conf"
_COMMANDS = ("soffice", "libreoffice")


class OfficeNotFoundError(ZwdeskError):
    """LibreOffice is not installed (or not where we look for it)."""


class ConversionError(ZwdeskError):
    """LibreOffice ran but produced no PDF, failed, or overran its time limit."""


def find_soffice() -> Path | None:
    """The LibreOffice executable: $ZWDESK_SOFFICE, then PATH, then the usual install folders."""
    override = os.environ.get("ZWDESK_SOFFICE")
    if override and Path(override).is_file():
        return Path(override)
    for name in _COMMANDS:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((path for path in _install_locations() if path.is_file()), None)


def _install_locations() -> list[Path]:
    if sys.platform == "win32":
        variables = ("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")
        roots = [os.environ.get(var) for var in variables]
        return [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice"]
    fixed = [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice"),
             Path("/usr/lib64/libreoffice/program/soffice"), Path("/snap/bin/libreoffice")]
    return fixed + sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)


def convert_to_pdf(docx: Path, pdf: Path, timeout: float = 120) -> None:
    """Write the PDF of ``docx`` to ``pdf`` (atomically); an existing ``pdf`` is replaced.

    Raises OfficeNotFoundError, ConversionError, or FileWriteError for the target.
    """
    soffice = find_soffice()
    if soffice is None:
        raise OfficeNotFoundError(
            "未找到 LibreOffice，无法生成 PDF。请安装 LibreOffice（免费软件，"
            "https://www.libreoffice.org/）后重试；Word 文档（.docx）的导出不受影响。"
        )
    docx = Path(docx)
    if not docx.is_file():
        raise ConversionError(f"找不到要转换的文件 {docx}。")
    with tempfile.TemporaryDirectory(prefix="zwdesk-office-") as work_dir:
        work = Path(work_dir)
        source = work / "bulletin.docx"
        _copy_for_libreoffice(docx, source)
        _run(_command(soffice, work, source), timeout)
        result = work / "out" / "bulletin.pdf"
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionError(f"LibreOffice 未能把 {docx.name} 转换为 PDF。")
        write_atomic(Path(pdf), lambda tmp: shutil.copyfile(result, tmp))


def _command(soffice: Path, work: Path, source: Path) -> list[str]:
    return [
        str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
        "--convert-to", "pdf", "--outdir", str(work / "out"), str(source),
    ]


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    fonts = resource_path(FONTCONFIG_NAME)
    # On Linux the official font names (仿宋_GB2312, …) are mapped to installed free fonts.
    if sys.platform.startswith("linux") and fonts.is_file():
        env["FONTCONFIG_FILE"] = str(fonts)
    return env


def _run(command: list[str], timeout: float) -> None:
    """Run soffice in a process group of its own; kill the whole group if it overruns."""
    windows = sys.platform == "win32"
    process = subprocess.Popen(
        command, env=_environment(), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=not windows,
        creationflags=subprocess.CREATE_NEW_PROCESS_GROUP if windows else 0,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ConversionError(
            f"LibreOffice 在 {timeout:g} 秒内未完成转换，已中止。请关闭其他程序后重试。"
        ) from None
    except BaseException:  # e.g. KeyboardInterrupt: never leave soffice running
        _kill_group(process)
        raise
    if process.returncode != 0:
        detail = stderr.decode("utf-8", "replace").strip()[-500:]
        raise ConversionError(f"LibreOffice 转换失败（退出码 {process.returncode}）：{detail}")


def _kill_group(process: subprocess.Popen) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    else:
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


# LibreOffice reads w:overflowPunct inverted (val="0", which Word and WPS take as "keep
# punctuation inside the line", makes it hang punctuation into the margin, and the reverse).
# The copy it converts gets the flag flipped, so the PDF breaks lines as Word does.
_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?: w:val="(0|1|false|true|off|on)")?\s*/>')
_OFF = (b"0", b"false", b"off")


def _flip_overflow_punct(match: re.Match[bytes]) -> bytes:
    value = b"1" if match[1] in _OFF else b"0"  # no w:val means on
    return b'<w:overflowPunct w:val="' + value + b'"/>'


def _copy_for_libreoffice(docx: Path, target: Path) -> None:
    try:
        with zipfile.ZipFile(docx) as source, zipfile.ZipFile(target, "w") as copy:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                    data = _OVERFLOW_PUNCT.sub(_flip_overflow_punct, data)
                copy.writestr(item, data)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ConversionError(f"无法读取 {docx}（不是有效的 Word 文档？）：{exc}") from exc
