"""Convert a .docx to PDF with an office suite on the machine: LibreOffice, or Word or WPS.

LibreOffice runs headless in a private, throw-away profile (``-env:UserInstallation``): a
LibreOffice the user has open cannot swallow the request, and the user's settings are not
touched. On Windows without LibreOffice, Word or WPS converts through COM, driven by a
PowerShell script (no pywin32 needed). Every run is time-limited and, if it overruns, killed
with all it started: soffice starts oosplash and soffice.bin, and COM starts WINWORD.EXE or
wps.exe outside the script's process tree; none of them may be left behind.

The same holds when zwdesk itself stops: an exception (Ctrl+C, SIGTERM turned into SystemExit by
the CLI) kills the converter's process group; on POSIX a watchdog process in that group kills
it when zwdesk is gone without a word (SIGKILL, a crash). The soffice on PATH is a shell script
that execs oosplash, which starts soffice.bin as its own child, so a "die with the parent"
flag on the direct child would not reach soffice.bin: the watchdog kills the whole group.
Work folders are named with the pid of their process (``zwdesk-pdf-<pid>-…``); those of
processes no longer running are removed when the next conversion starts.
"""

from __future__ import annotations

import base64
import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Protocol

from zwdesk.core.atomic import process_running, write_atomic
from zwdesk.core.errors import ZwdeskError, quote, quote_path
from zwdesk.core.infile import RefusedFile, copy_regular, read_regular
from zwdesk.paths import resource_path

FONTCONFIG_NAME = "fontconfig-zwdesk.conf"
MAX_SOURCE_BYTES = 100 * 2**20  # a Word document may hold photographs
DEFAULT_TIMEOUT = 120.0  # seconds: generous, a first start on a slow office PC is slow
_COMMANDS = ("soffice", "libreoffice")
INSTALL_HINT = ("请安装 LibreOffice（免费，https://www.libreoffice.org）后重试；"
                "在 Windows 上也可以使用 Microsoft Word 或 WPS Office。")
NOT_FOUND_MESSAGE = (f"未找到可将 Word 文档转换为 PDF 的办公软件。{INSTALL_HINT}"
                     "Word 文档（.docx）的导出不受影响。")


class OfficeNotFoundError(ZwdeskError):
    """No office suite that can convert to PDF is installed (or not where we look for it)."""


class ConversionError(ZwdeskError):
    """The office suite ran but produced no PDF, failed, or overran its time limit."""


class Converter(Protocol):
    @property
    def name(self) -> str: ...  # as the messages name it: LibreOffice, Microsoft Word, WPS Office

    def produce(self, docx: Path, work: Path, timeout: float, fmt: str = "pdf") -> Path:
        """Convert ``docx`` (or a .doc/.wps) inside the empty folder ``work`` to ``fmt`` (pdf,
        docx); return where the result should be."""
        ...


# --- finding a converter ---------------------------------------------------------------------


def find_converter() -> Converter | None:
    """LibreOffice where found; on Windows otherwise Word, then WPS; None when there is none."""
    soffice = find_soffice()
    if soffice is not None:
        return LibreOffice(soffice)
    if sys.platform == "win32":
        return _find_com_office()
    return None


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
        fixed = [Path(root) / "LibreOffice" / "program" / "soffice.exe" for root in roots if root]
        registered = _app_path("soffice.exe")
        return fixed + ([registered] if registered else [])
    if sys.platform == "darwin":
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
                Path.home() / "Applications/LibreOffice.app/Contents/MacOS/soffice"]
    fixed = [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice"),
             Path("/usr/lib64/libreoffice/program/soffice"), Path("/snap/bin/libreoffice")]
    return fixed + sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)


_APP_PATHS = r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths"


def _app_path(executable: str) -> Path | None:
    """Where an installer registered ``executable`` (Windows "App Paths"), if it did."""
    if sys.platform != "win32":  # the registry is Windows's (and so are winreg's names)
        return None
    import winreg

    subkey = rf"{_APP_PATHS}\{executable}"
    for root in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
        with contextlib.suppress(OSError), winreg.OpenKey(root, subkey) as key:
            value, _ = winreg.QueryValueEx(key, "")
            return Path(str(value).strip('"'))
    return None


def _prog_id_registered(prog_id: str) -> bool:
    """Whether COM can create ``prog_id`` (it has a CLSID under HKEY_CLASSES_ROOT)."""
    if sys.platform != "win32":
        return False
    import winreg

    try:
        with winreg.OpenKey(winreg.HKEY_CLASSES_ROOT, rf"{prog_id}\CLSID"):
            return True
    except OSError:
        return False


# Registry keys are case-insensitive: "KWPS.Application" also finds "Kwps.Application".
_COM_SUITES = (
    ("Microsoft Word", ("Word.Application",), "WINWORD"),
    ("WPS Office", ("KWPS.Application", "WPS.Application"), "wps"),
)


def _find_com_office() -> Converter | None:
    powershell = _find_powershell()
    if powershell is None:
        return None
    for name, prog_ids, process in _COM_SUITES:
        for prog_id in prog_ids:
            if _prog_id_registered(prog_id):
                return ComOffice(name, prog_id, process, powershell)
    return None


def _find_powershell() -> Path | None:
    found = shutil.which("powershell")
    if found:
        return Path(found)
    system = Path(os.environ.get("SYSTEMROOT", r"C:\Windows"))
    path = system / "System32" / "WindowsPowerShell" / "v1.0" / "powershell.exe"
    return path if path.is_file() else None


# --- converting ------------------------------------------------------------------------------


def convert_to_pdf(docx: Path, pdf: Path, timeout: float = DEFAULT_TIMEOUT,
                   converter: Converter | None = None) -> None:
    """Write the PDF of ``docx`` to ``pdf`` (atomically); an existing ``pdf`` is replaced.

    Raises OfficeNotFoundError, ConversionError, or FileWriteError for the target.
    """
    _convert(docx, pdf, "pdf", timeout, converter)


def convert_to_docx(document: Path, docx: Path, timeout: float = DEFAULT_TIMEOUT,
                    converter: Converter | None = None) -> None:
    """Write a .doc or .wps file as .docx to ``docx`` (atomically), with the office suite found
    on the machine. Raises OfficeNotFoundError, ConversionError, or FileWriteError."""
    _convert(document, docx, "docx", timeout, converter)


_FORMAT_NAMES = {"pdf": "PDF", "docx": "Word 文档（.docx）"}


def _convert(source: Path, target: Path, fmt: str, timeout: float,
             converter: Converter | None) -> None:
    converter = converter or find_converter()
    if converter is None:
        raise OfficeNotFoundError(NOT_FOUND_MESSAGE)
    source = Path(source)
    with work_folder("office") as work_dir:
        result = converter.produce(source, Path(work_dir), timeout, fmt=fmt)
        if not result.is_file() or result.stat().st_size == 0:
            raise ConversionError(f"{converter.name} 未能转换为 {_FORMAT_NAMES[fmt]}。")
        write_atomic(Path(target), lambda tmp: shutil.copyfile(result, tmp))


@dataclass(frozen=True)
class LibreOffice:
    soffice: Path
    name: ClassVar[str] = "LibreOffice"

    def produce(self, docx: Path, work: Path, timeout: float, fmt: str = "pdf") -> Path:
        source = work / f"bulletin{Path(docx).suffix.lower() or '.docx'}"
        _copy_source(Path(docx), source)
        _run_libreoffice(_command(self.soffice, work, source, fmt=fmt), work, timeout)
        return work / "out" / f"bulletin.{fmt}"


def _run_libreoffice(command: list[str], work: Path, timeout: float) -> None:
    """Run LibreOffice in ``work``; its socket in /tmp is removed however the run ended (it
    is left there when LibreOffice cannot start, e.g. for a full disk, not only when killed)."""
    try:
        _run(command, timeout, LibreOffice.name, _environment(work),
             cleanup=lambda: remove_libreoffice_pipe(work))
    finally:
        remove_libreoffice_pipe(work)


def _command(soffice: Path, work: Path, *sources: Path, fmt: str = "pdf") -> list[str]:
    return [
        str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault",
        "--convert-to", fmt, "--outdir", str(work / "out"), *map(str, sources),
    ]


def _copy_source(source: Path, target: Path) -> None:
    """A .docx is copied with LibreOffice's reading of overflowPunct corrected; any other
    file (.doc, .wps) as it is. Only a regular file is copied (infile.RefusedFile else)."""
    if source.suffix.lower() == ".docx":
        _copy_for_libreoffice(read_regular(source, MAX_SOURCE_BYTES), source, target)
    else:
        copy_regular(source, target, MAX_SOURCE_BYTES)


def convert_many_with_libreoffice(docxs: Sequence[Path], folder: Path,
                                  timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """PDFs of several .docx files in one LibreOffice run, written to ``folder`` under the
    files' own names (for scripts and tests that compare many layouts: one start, not many)."""
    results = convert_batch_with_libreoffice(docxs, folder, "pdf", timeout)
    for path, result in results.items():
        if isinstance(result, RefusedFile):
            raise result
        if isinstance(result, Exception):
            raise ConversionError(f"{quote_path(path)}: {result}")
    return [results[Path(docx)] for docx in docxs]  # type: ignore[misc]


def convert_batch_with_libreoffice(paths: Sequence[Path], folder: Path, fmt: str,
                                   timeout: float = DEFAULT_TIMEOUT
                                   ) -> dict[Path, Path | Exception]:
    """Each file of ``paths`` converted to ``fmt`` (pdf, docx) in one LibreOffice run and
    written to ``folder`` under its own name: file → the result, or why not — the RefusedFile
    of a file that is not a regular one, the ConversionError (not naming the file: the caller
    does) of one LibreOffice could not convert; the others are still converted. A failure of
    the run itself (no LibreOffice, time limit) raises."""
    soffice = find_soffice()
    if soffice is None:
        raise OfficeNotFoundError(NOT_FOUND_MESSAGE)
    results: dict[Path, Path | Exception] = {}
    with work_folder("office") as work_dir:
        work = Path(work_dir)
        sources: dict[Path, Path] = {}
        for index, path in enumerate(map(Path, paths)):
            source = work / f"{index}{path.suffix.lower()}"
            try:
                _copy_source(path, source)
                sources[path] = source
            except ZwdeskError as exc:
                results[path] = exc
        if sources:
            _run_libreoffice(_command(soffice, work, *sources.values(), fmt=fmt), work, timeout)
        for path, source in sources.items():
            produced = work / "out" / f"{source.stem}.{fmt}"
            if produced.is_file() and produced.stat().st_size > 0:
                target = Path(folder) / f"{path.stem}.{fmt}"
                if target.exists():  # a/x.doc and b/x.doc in one batch
                    target = Path(folder) / f"{path.stem}-{source.stem}.{fmt}"
                shutil.copyfile(produced, target)
                results[path] = target
            else:
                results[path] = ConversionError(
                    "LibreOffice 未能转换（文件已损坏、加密或格式不支持？）。")
    return {Path(path): results[Path(path)] for path in paths}


def _environment(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    # LibreOffice's own temporary files (lu*.tmp, its pipe) go into the work folder, which is
    # removed however the conversion ends: nothing is left in the system's temp folder.
    scratch = work / "tmp"
    scratch.mkdir(exist_ok=True)
    env["TMPDIR"] = env["TMP"] = env["TEMP"] = str(scratch)
    fonts = resource_path(FONTCONFIG_NAME)
    # On Linux the official font names (仿宋_GB2312, …) are mapped to installed free fonts.
    if sys.platform.startswith("linux") and fonts.is_file():
        env["FONTCONFIG_FILE"] = str(fonts)
    return env


# LibreOffice reads w:overflowPunct inverted (val="0", which Word and WPS take as "keep
# punctuation inside the line", makes it hang punctuation into the margin, and the reverse).
# The copy it converts gets the flag flipped, so the PDF breaks lines as Word does.
_OVERFLOW_PUNCT = re.compile(rb'<w:overflowPunct(?: w:val="(0|1|false|true|off|on)")?\s*/>')
_OFF = (b"0", b"false", b"off")


def _flip_overflow_punct(match: re.Match[bytes]) -> bytes:
    value = b"1" if match[1] in _OFF else b"0"  # no w:val means on
    return b'<w:overflowPunct w:val="' + value + b'"/>'


def _copy_for_libreoffice(data: bytes, docx: Path, target: Path) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(target, "w") as copy:
            for item in source.infolist():
                data = source.read(item)
                if item.filename.startswith("word/") and item.filename.endswith(".xml"):
                    data = _OVERFLOW_PUNCT.sub(_flip_overflow_punct, data)
                copy.writestr(item, data)
    except (OSError, zipfile.BadZipFile, ValueError, zlib.error) as exc:
        raise ConversionError(f"无法读取 {quote_path(docx)}（不是有效的 Word 文档？）"
                              f" ({quote(exc, 300)})") from exc


# Word and WPS share Word's object model. The paths come in through the environment, so no
# file name (Chinese, quotes, spaces) is ever spliced into the script. Only an instance that
# the script started is hidden, silenced and quit: COM may hand over a Word the user has open,
# with their documents.
_COM_SCRIPT = r"""
$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = [Text.Encoding]::UTF8
$before = @(Get-Process -Name '@PROCESS@' -ErrorAction SilentlyContinue | ForEach-Object { $_.Id })
$failure = $null
$doc = $null
$app = $null
$started = @()
try {
    $app = New-Object -ComObject '@PROG_ID@'
    $started = @(Get-Process -Name '@PROCESS@' -ErrorAction SilentlyContinue |
        Where-Object { $before -notcontains $_.Id } | ForEach-Object { $_.Id })
    Set-Content -LiteralPath $env:ZWDESK_PIDS -Value $started
    if ($started.Count -gt 0) { $app.Visible = $false; $app.DisplayAlerts = 0 }
    $doc = $app.Documents.Open($env:ZWDESK_SOURCE, $false, $true, $false)
    @SAVE@
} catch {
    $failure = $_.Exception.Message
} finally {
    if ($doc -ne $null) { $doc.Close(0) }
    if ($app -ne $null) {
        if ($started.Count -gt 0) { $app.Quit() }
        [void][Runtime.InteropServices.Marshal]::ReleaseComObject($app)
    }
}
if ($failure -ne $null) { [Console]::Error.WriteLine($failure); exit 2 }
"""


_SAVE_PDF = """try { $doc.ExportAsFixedFormat($env:ZWDESK_TARGET, 17) }
    catch {
        try { $doc.SaveAs2($env:ZWDESK_TARGET, 17) } catch { $doc.SaveAs($env:ZWDESK_TARGET, 17) }
    }"""
# wdFormatXMLDocument = 12: a .docx (WPS knows the same number).
_SAVE_DOCX = ("try { $doc.SaveAs2($env:ZWDESK_TARGET, 12) } "
              "catch { $doc.SaveAs($env:ZWDESK_TARGET, 12) }")
_SAVES = {"pdf": _SAVE_PDF, "docx": _SAVE_DOCX}


def com_script(prog_id: str, process: str, fmt: str = "pdf") -> str:
    """The PowerShell script that has ``prog_id`` save the document as PDF (wdFormatPDF = 17)
    or, with ``fmt="docx"``, as a .docx (wdFormatXMLDocument = 12)."""
    return (_COM_SCRIPT.replace("@SAVE@", _SAVES[fmt]).replace("@PROG_ID@", prog_id)
            .replace("@PROCESS@", process))


@dataclass(frozen=True)
class ComOffice:
    """Word or WPS on Windows, driven through COM by PowerShell."""

    name: str
    prog_id: str
    process: str  # the executable's name without .exe, to find the instance COM started
    powershell: Path

    def command(self, fmt: str = "pdf") -> list[str]:
        script = com_script(self.prog_id, self.process, fmt)
        encoded = base64.b64encode(script.encode("utf-16-le")).decode("ascii")
        return [str(self.powershell), "-NoProfile", "-NonInteractive",
                "-ExecutionPolicy", "Bypass", "-EncodedCommand", encoded]

    def produce(self, docx: Path, work: Path, timeout: float, fmt: str = "pdf") -> Path:
        # A copy: the export may be open in Word already, and Word locks the files it opens.
        source = work / f"bulletin{Path(docx).suffix.lower() or '.docx'}"
        target, pids = work / "out" / f"bulletin.{fmt}", work / "started.pid"
        target.parent.mkdir(exist_ok=True)
        copy_regular(Path(docx), source, MAX_SOURCE_BYTES)
        env = {**os.environ, "ZWDESK_SOURCE": str(source), "ZWDESK_TARGET": str(target),
               "ZWDESK_PIDS": str(pids)}
        _run(self.command(fmt), timeout, self.name, env, cleanup=lambda: _kill_started(pids))
        return target


def _kill_started(pid_file: Path) -> None:
    """Kill the Word/WPS that the script started (COM starts it outside the script's tree)."""
    with contextlib.suppress(OSError):
        for pid in pid_file.read_text(encoding="utf-8-sig").split():
            if pid.isdigit():
                subprocess.run(["taskkill", "/F", "/T", "/PID", pid],
                               capture_output=True, check=False)


# --- work folders ----------------------------------------------------------------------------

WORK_PREFIX = "zwdesk-"
_WORK_NAME = re.compile(r"zwdesk-[a-z]+-(\d+)-.*", re.ASCII)


def work_folder(kind: str) -> tempfile.TemporaryDirectory:
    """A temporary folder ``zwdesk-<kind>-<pid>-…``, after removing the folders that processes
    no longer running left behind (killed in the middle of a conversion)."""
    remove_orphaned_work_folders()
    return tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{kind}-{os.getpid()}-")


def remove_orphaned_work_folders() -> None:
    if sys.platform == "win32":  # no cheap, safe test whether a pid runs; Windows cleans %TEMP%
        return
    with contextlib.suppress(OSError):
        for folder in Path(tempfile.gettempdir()).glob(f"{WORK_PREFIX}*"):
            match = _WORK_NAME.fullmatch(folder.name)
            if match and folder.is_dir() and not process_running(int(match[1])):
                remove_libreoffice_pipe(folder)
                shutil.rmtree(folder, ignore_errors=True)


def remove_libreoffice_pipe(work: Path) -> None:
    """LibreOffice killed in the middle leaves its socket in /tmp (always /tmp: TMPDIR does not
    move it), named from the MD5 of its profile's URL in UTF-16, each byte in hex unpadded."""
    if sys.platform == "win32":
        return
    import hashlib

    digest = hashlib.md5((work / "profile").as_uri().encode("utf-16-le")).digest()
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{''.join(f'{b:x}' for b in digest)}"
    with contextlib.suppress(OSError):
        (Path("/tmp") / name).unlink()


# --- running and stopping --------------------------------------------------------------------

# Runs in the converter's process group: its stdin is a pipe whose other end only zwdesk holds,
# so reading ends when zwdesk closes it or is gone, however it ended; then the group is killed.
_WATCHDOG = "import os, signal, sys\nsys.stdin.buffer.read()\nos.killpg(0, signal.SIGKILL)\n"


def _start_watchdog() -> subprocess.Popen | None:
    """A watchdog process in a new process group (of zwdesk's session: a group can be joined
    only from within its session), for the converter to join. POSIX only, and only where
    sys.executable is Python, not a frozen app."""
    if sys.platform == "win32" or getattr(sys, "frozen", False):
        return None
    try:
        return subprocess.Popen([sys.executable, "-I", "-S", "-c", _WATCHDOG],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, **_process_group(0))
    except OSError:
        return None


def _group(watchdog: subprocess.Popen | None) -> dict[str, Any]:
    """Popen options: the converter in the watchdog's process group, else in one of its own."""
    if sys.platform == "win32":
        return {"creationflags": _WINDOWS_FLAGS}
    return _process_group(0 if watchdog is None else watchdog.pid)


def _process_group(group: int) -> dict[str, Any]:
    """Popen options that put the child into ``group`` (0: a new group led by the child)."""
    if sys.version_info >= (3, 11):
        return {"process_group": group}
    return {"preexec_fn": lambda: os.setpgid(0, group)}


def _release(watchdog: subprocess.Popen | None) -> None:
    """The conversion is over: the watchdog kills what is left of the group, and itself."""
    if watchdog is not None:
        with contextlib.suppress(OSError):
            watchdog.stdin.close()  # type: ignore[union-attr]
        watchdog.wait()


def _run(command: list[str], timeout: float, name: str, env: dict[str, str],
         cleanup: Callable[[], None] | None = None) -> None:
    """Run a converter in a process group of its own; kill the group (and ``cleanup``) if it
    overruns or the caller is interrupted, and (POSIX) when zwdesk is killed."""
    watchdog = _start_watchdog()
    try:
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   **_group(watchdog))
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process, cleanup)
            raise ConversionError(
                f"{name} 在 {timeout:g} 秒内未完成转换，已中止。请关闭其他程序后重试。"
            ) from None
        except BaseException:  # e.g. KeyboardInterrupt, SystemExit: never leave it running
            _stop(process, cleanup)
            raise
    finally:
        _release(watchdog)
    if process.returncode != 0:
        raise ConversionError(_failure(name, process.returncode, stderr, env))


_DISK_FULL = re.compile(r"no space left|disk space|disc space|ENOSPC", re.IGNORECASE)
_LOW_SPACE = 64 * 2**20  # bytes: less than LibreOffice needs for its profile and output
# A crash's backtrace (…/libuno_sal.so.3(+0x3f1e3)[0x7f…], soffice_main+0x126): no help to
# the user, and it buries the line that says what went wrong.
_BACKTRACE = re.compile(r"\+0x[0-9a-f]+|\[0x[0-9a-f]+\]|^\s*(Stack:|Fatal exception:)",
                        re.IGNORECASE)


def _failure(name: str, code: int, stderr: bytes, env: dict[str, str]) -> str:
    """Why a converter failed: a full disk said as such (LibreOffice cannot even write its
    profile then, and crashes), else its own words without a backtrace."""
    text = stderr.decode("utf-8", "replace")
    scratch = env.get("TMPDIR")
    if _DISK_FULL.search(text) or (scratch and _free_space(scratch) < _LOW_SPACE):
        return (f"{name} 无法运行：临时文件夹（{quote_path(tempfile.gettempdir())}）所在的磁盘"
                "已满，请清理磁盘后重试 (disk full)")
    lines = [line.strip() for line in text.splitlines()
             if line.strip() and not _BACKTRACE.search(line)]
    return f"{name} 转换失败（退出码 {code}）：{quote(' '.join(lines)[-300:], 300)}"


def _free_space(folder: str) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return _LOW_SPACE  # cannot tell: not said to be full


# No console window flashing up for PowerShell or soffice when run from the windowed app.
_WINDOWS_FLAGS = (getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0)
                  | getattr(subprocess, "CREATE_NO_WINDOW", 0))


def _stop(process: subprocess.Popen, cleanup: Callable[[], None] | None) -> None:
    _kill_group(process)
    if cleanup is not None:
        cleanup()


def _kill_group(process: subprocess.Popen) -> None:
    if sys.platform == "win32":
        subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                       capture_output=True, check=False)
    elif process.poll() is None:  # not yet reaped: its pid is still its own
        with contextlib.suppress(ProcessLookupError):
            os.killpg(os.getpgid(process.pid), signal.SIGKILL)
    process.communicate()
