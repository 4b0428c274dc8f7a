"""PDF export: ``zwdesk export … -o FILE.pdf``, the office suites that convert, and their errors.

The sample is converted once for the module (LibreOffice takes about a second). Word and WPS
on Windows cannot run here: their path is tested with the platform and subprocess faked.
"""

from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

import pdfplumber
import pytest
from support.builders import cli_env, run_cli
from support.paths import ROOT
from support.pdfpages import all_text, is_page_number
from support.seed import seed_body
from support.soffice import needs_ps, needs_soffice, no_soffice_left, our_soffice_processes

from zwdesk import cli
from zwdesk.core import office
from zwdesk.core.exchange import read_issue
from zwdesk.core.office import ConversionError, OfficeNotFoundError, convert_to_pdf
from zwdesk.operations import write_bulletin, write_pdf

SAMPLE_JSON = ROOT / "resources" / "sample-2023-09.json"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> tuple[Path, str]:
    """The sample exported through the command line: the PDF and what the command printed."""
    if office.find_soffice() is None:
        pytest.skip("LibreOffice absent")
    folder = tmp_path_factory.mktemp("pdf-export")
    db = str(folder / "zwdesk.sqlite3")
    assert cli.main(["--db", db, "sample"]) == 0
    target = folder / "政务服务工作2023年第9期.pdf"
    (folder / "tmp").mkdir()  # the conversion's temporary folders: see our_soffice_processes
    env = cli_env(folder, TMPDIR=str(folder / "tmp"))
    result = run_cli(folder, "--db", db, "export", "2023-9", "-o", str(target), env=env)
    assert result.returncode == 0, result.stderr
    return target, result.stdout


# --- the sample as PDF -------------------------------------------------------------------------


@pytest.mark.render
@needs_soffice
def test_export_pdf_of_the_sample_has_four_numbered_pages(exported) -> None:  # noqa: ANN001
    target, stdout = exported
    assert stdout.strip() == f"已写出 {target}"
    with pdfplumber.open(target) as pdf:
        assert len(pdf.pages) == 4
        for number, page in enumerate(pdf.pages, start=1):
            assert page.width == pytest.approx(595.3, abs=0.5)  # A4
            assert page.height == pytest.approx(841.9, abs=0.5)
            chars = sorted((c for c in page.chars if is_page_number(c)), key=lambda c: c["x0"])
            assert "".join(c["text"] for c in chars) == f"\u2014 {number} \u2014"


@pytest.mark.render
@needs_soffice
def test_export_pdf_text_is_the_printed_issue(exported) -> None:  # noqa: ANN001
    with pdfplumber.open(exported[0]) as pdf:
        text = all_text(pdf)
    assert text.startswith("政务服务工作2023年第9期（总第429期）")
    end = "（共印94份）"
    assert text[text.index("一、"):text.index(end) + len(end)] == seed_body()


@pytest.mark.render
@needs_soffice
@needs_ps
def test_no_soffice_left_after_the_export(exported) -> None:  # noqa: ANN001
    assert exported[0].is_file()
    assert no_soffice_left(str(exported[0].parent / "tmp"), wait=0)
    assert list((exported[0].parent / "tmp").iterdir()) == []


@pytest.mark.render
@needs_soffice
@needs_ps
def test_timeout_leaves_no_soffice_and_no_file(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # to see what is left behind
    target = tmp_path / "out.pdf"
    with pytest.raises(ConversionError, match="LibreOffice 在 0.5 秒内未完成转换"):
        write_pdf(write_bulletin, read_issue(SAMPLE_JSON), target, timeout=0.5)
    assert no_soffice_left(str(tmp_path))
    assert list(tmp_path.iterdir()) == []  # no PDF, no temporary folder


# --- no office suite ---------------------------------------------------------------------------


@pytest.fixture
def no_office(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("ZWDESK_SOFFICE", str(tmp_path / "no-such-soffice"))
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(office, "_install_locations", lambda: [])


def test_missing_office_suite_is_a_message_not_a_traceback(tmp_path, capsys,  # noqa: ANN001
                                                           no_office) -> None:  # noqa: ANN001
    db = str(tmp_path / "zwdesk.sqlite3")
    assert cli.main(["--db", db, "sample"]) == 0
    capsys.readouterr()
    target = tmp_path / "out.pdf"
    assert cli.main(["--db", db, "export", "2023-9", "-o", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"zwdesk: {office.NOT_FOUND_MESSAGE}\n"
    for named in ("未找到可将 Word 文档转换为 PDF 的办公软件", "请安装 LibreOffice",
                  "https://www.libreoffice.org", "Microsoft Word 或 WPS Office"):
        assert named in captured.err
    assert not target.exists()


def test_missing_office_suite_when_printing(tmp_path, capsys, no_office) -> None:  # noqa: ANN001
    db = str(tmp_path / "zwdesk.sqlite3")
    assert cli.main(["--db", db, "sample"]) == 0
    capsys.readouterr()
    target = tmp_path / "printed.pdf"
    assert cli.main(["--db", db, "print", "2023-9", "--output", str(target)]) == 1
    assert capsys.readouterr().err == f"zwdesk: {office.NOT_FOUND_MESSAGE}\n"
    assert not target.exists()


# --- Word and WPS on Windows (faked: the platform, the registry, PowerShell) -------------------

POWERSHELL = Path(r"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe")


@pytest.fixture
def windows(monkeypatch):  # noqa: ANN001, ANN201
    """office as it runs on Windows without LibreOffice; ``registered`` holds the ProgIDs."""
    registered: set[str] = set()
    monkeypatch.setattr(office, "sys", types.SimpleNamespace(platform="win32"))
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    monkeypatch.setattr(office, "_find_powershell", lambda: POWERSHELL)
    monkeypatch.setattr(office, "_prog_id_registered", lambda prog_id: prog_id in registered)
    return registered


@pytest.mark.parametrize(("registered", "name", "prog_id", "process"), [
    ({"Word.Application", "KWPS.Application"}, "Microsoft Word", "Word.Application", "WINWORD"),
    ({"KWPS.Application"}, "WPS Office", "KWPS.Application", "wps"),
    ({"WPS.Application"}, "WPS Office", "WPS.Application", "wps"),
])
def test_word_before_wps(windows, registered, name, prog_id, process) -> None:  # noqa: ANN001
    windows.update(registered)
    converter = office.find_converter()
    assert converter == office.ComOffice(name, prog_id, process, POWERSHELL)


def test_libreoffice_first_on_windows_too(windows, monkeypatch) -> None:  # noqa: ANN001
    windows.add("Word.Application")
    soffice = Path(r"C:\Program Files\LibreOffice\program\soffice.exe")
    monkeypatch.setattr(office, "find_soffice", lambda: soffice)
    assert office.find_converter() == office.LibreOffice(soffice)


def test_nothing_on_windows_names_what_to_install(windows, tmp_path) -> None:  # noqa: ANN001
    assert office.find_converter() is None
    with pytest.raises(OfficeNotFoundError) as caught:
        convert_to_pdf(tmp_path / "a.docx", tmp_path / "a.pdf")
    assert str(caught.value) == office.NOT_FOUND_MESSAGE


def test_registry_lookups(monkeypatch) -> None:  # noqa: ANN001
    """App Paths and ProgID CLSIDs are read with winreg (faked: keys a dict)."""
    keys = {
        (2, r"SOFTWARE\Microsoft\Windows\CurrentVersion\App Paths\soffice.exe"):
            r'"D:\LibreOffice\program\soffice.exe"',
        (0, r"KWPS.Application\CLSID"): "{000209FF-0000-4b30-A977-50C46C0CF9D1}",
    }

    class Key:
        def __init__(self, root: int, path: str) -> None:
            if (root, path) not in keys:
                raise FileNotFoundError(path)
            self.value = keys[root, path]

        def __enter__(self):  # noqa: ANN204
            return self

        def __exit__(self, *exc) -> None:  # noqa: ANN002
            pass

    fake = types.SimpleNamespace(HKEY_CLASSES_ROOT=0, HKEY_CURRENT_USER=1,
                                 HKEY_LOCAL_MACHINE=2, OpenKey=Key,
                                 QueryValueEx=lambda key, name: (key.value, 1))
    monkeypatch.setitem(__import__("sys").modules, "winreg", fake)
    monkeypatch.setattr(office.sys, "platform", "win32")  # they look only on Windows
    assert office._app_path("soffice.exe") == Path(r"D:\LibreOffice\program\soffice.exe")
    assert office._app_path("swriter.exe") is None
    assert office._prog_id_registered("KWPS.Application")
    assert not office._prog_id_registered("Word.Application")


def decoded_script(command: list[str]) -> str:
    return base64.b64decode(command[command.index("-EncodedCommand") + 1]).decode("utf-16-le")


def test_powershell_command_drives_word_through_com(windows) -> None:  # noqa: ANN001
    windows.add("Word.Application")
    command = office.find_converter().command()
    assert command[:6] == [str(POWERSHELL), "-NoProfile", "-NonInteractive",
                           "-ExecutionPolicy", "Bypass", "-EncodedCommand"]
    script = decoded_script(command)
    for line in ("$app = New-Object -ComObject 'Word.Application'",
                 "Get-Process -Name 'WINWORD'",
                 "if ($started.Count -gt 0) { $app.Visible = $false; $app.DisplayAlerts = 0 }",
                 "$doc = $app.Documents.Open($env:ZWDESK_SOURCE, $false, $true, $false)",
                 "$doc.ExportAsFixedFormat($env:ZWDESK_TARGET, 17)",  # 17: wdFormatPDF
                 "$doc.SaveAs2($env:ZWDESK_TARGET, 17)",
                 "if ($doc -ne $null) { $doc.Close(0) }",
                 "if ($started.Count -gt 0) { $app.Quit() }",
                 "exit 2"):
        assert line in script
    # Quit comes in a finally block: Word is closed even when the export fails.
    assert script.index("} finally {") < script.index("$app.Quit()")


class FakePowerShell:
    """subprocess.Popen for PowerShell: plays Word (writes the PDF), fails, or hangs."""

    def __init__(self, returncode: int = 0, stderr: bytes = b"", hang: bool = False) -> None:
        self.returncode_to_give, self.stderr, self.hang = returncode, stderr, hang
        self.runs: list[list[str]] = []  # subprocess.run calls (taskkill)
        self.started: list[FakePowerShell] = []

    def popen(self, command: list[str], env: dict[str, str], **kwargs):  # noqa: ANN003, ANN201
        self.command, self.env, self.kwargs = command, env, kwargs
        self.pid, self.returncode, self.waited = 4100, None, 0
        self.started.append(self)
        return self

    def communicate(self, timeout: float | None = None) -> tuple[bytes, bytes]:
        self.waited += 1
        Path(self.env["ZWDESK_PIDS"]).write_text("\ufeff5200\r\n", encoding="utf-8")
        if self.hang and self.waited == 1:
            raise subprocess.TimeoutExpired(self.command, timeout)
        if self.returncode_to_give == 0 and not self.hang:
            assert Path(self.env["ZWDESK_SOURCE"]).read_bytes() == b"PK docx"
            Path(self.env["ZWDESK_TARGET"]).write_bytes(b"%PDF-1.7 from Word")
        self.returncode = self.returncode_to_give
        return b"", self.stderr

    def run(self, command: list[str], **kwargs) -> None:  # noqa: ANN003
        self.runs.append(command)


@pytest.fixture
def word(windows, monkeypatch, tmp_path):  # noqa: ANN001, ANN201
    windows.add("Word.Application")
    docx = tmp_path / "政务服务工作 2023年第9期.docx"
    docx.write_bytes(b"PK docx")

    def install(fake: FakePowerShell) -> Path:
        monkeypatch.setattr(office.subprocess, "Popen", fake.popen)
        monkeypatch.setattr(office.subprocess, "run", fake.run)
        return docx

    return install


def test_word_converts(word, tmp_path) -> None:  # noqa: ANN001
    fake = FakePowerShell()
    docx = word(fake)
    convert_to_pdf(docx, tmp_path / "out.pdf")
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.7 from Word"
    assert str(docx) not in " ".join(fake.command)  # file names go through the environment
    source = Path(fake.env["ZWDESK_SOURCE"])
    assert source.name == "bulletin.docx" and source.parent.name.startswith("zwdesk-office-")
    assert not source.parent.exists()  # the work folder is gone
    assert fake.runs == []  # nothing to kill


def test_word_failure_is_a_message(word, tmp_path) -> None:  # noqa: ANN001
    docx = word(FakePowerShell(returncode=2, stderr="文档已损坏。\r\n".encode()))
    target = tmp_path / "out.pdf"
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf(docx, target)
    assert str(caught.value) == "Microsoft Word 转换失败（退出码 2）：文档已损坏。"
    assert not target.exists()


def test_word_overrunning_is_killed_with_what_it_started(word, tmp_path) -> None:  # noqa: ANN001
    fake = FakePowerShell(hang=True)
    docx = word(fake)
    with pytest.raises(ConversionError) as caught:
        convert_to_pdf(docx, tmp_path / "out.pdf", timeout=5)
    assert str(caught.value) == "Microsoft Word 在 5 秒内未完成转换，已中止。请关闭其他程序后重试。"
    # PowerShell and its tree, then the WINWORD.EXE that COM started outside that tree.
    assert fake.runs == [["taskkill", "/F", "/T", "/PID", "4100"],
                         ["taskkill", "/F", "/T", "/PID", "5200"]]
    assert not (tmp_path / "out.pdf").exists()


# --- zwdesk stopped in the middle of a conversion ----------------------------------------------


def start_export(tmp_path: Path, **env: str) -> tuple[subprocess.Popen, Path]:
    """``zwdesk export 2023-9 -o out.pdf`` in a subprocess whose temporary folder (and so the
    converter's profile and output) is ``tmp_path/tmp``, the marker of its processes; returns
    once two of them run (oosplash and soffice.bin, or the fake's two)."""
    db = str(tmp_path / "zwdesk.sqlite3")
    assert cli.main(["--db", db, "sample"]) == 0
    work = tmp_path / "tmp"
    work.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "zwdesk", "--db", db, "export", "2023-9", "-o",
         str(tmp_path / "out.pdf")],
        cwd=tmp_path, env=cli_env(tmp_path, TMPDIR=str(work), **env),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while len(our_soffice_processes(str(work))) < 2:
        assert process.poll() is None and time.monotonic() < deadline, "no converter ran"
        time.sleep(0.02)
    return process, work


posix_signals = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.mark.render
@needs_soffice
@needs_ps
@posix_signals
@pytest.mark.parametrize(("sig", "status"), [(signal.SIGTERM, 128 + signal.SIGTERM),
                                              (signal.SIGINT, 130)])
def test_sigterm_or_ctrl_c_stops_libreoffice_and_leaves_nothing(tmp_path, sig,
                                                                status) -> None:  # noqa: ANN001
    for attempt in range(3):  # the two-page sample may convert before the signal lands
        folder = tmp_path / f"attempt{attempt}"
        folder.mkdir()
        process, work = start_export(folder)
        [office_work] = work.glob("zwdesk-office-*")
        pipe = _libreoffice_pipe(office_work)
        deadline = time.monotonic() + 10
        while not pipe.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.01)
        if process.poll() is None:
            assert pipe.exists()  # LibreOffice is up (so the formula of the name is right)
            process.send_signal(sig)
        _, stderr = process.communicate(timeout=30)
        if not (process.returncode == 0 and (folder / "out.pdf").exists()):
            break  # the signal came before the conversion had ended
    assert process.returncode == status
    assert b"Traceback" not in stderr
    assert no_soffice_left(str(work))
    assert list(work.iterdir()) == []  # LibreOffice's own lu*.tmp went into the work folder
    assert not pipe.exists()  # nor is its socket left in /tmp
    assert not (folder / "out.pdf").exists()


def _libreoffice_pipe(office_work: Path) -> Path:
    """Where LibreOffice puts its socket while it runs (see office.remove_libreoffice_pipe)."""
    import hashlib

    digest = hashlib.md5((office_work / "profile").as_uri().encode("utf-16-le")).digest()
    return Path("/tmp") / (f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_"
                           + "".join(f"{b:x}" for b in digest))


# Like soffice on Debian: the process zwdesk starts has a child of its own, and neither ends.
FAKE_SOFFICE = """#!/bin/sh
"$FAKE_PYTHON" -c 'import time; time.sleep(300)' "$@" &
exec "$FAKE_PYTHON" -c 'import time; time.sleep(300)' "$@"
"""


@needs_ps
@posix_signals
def test_sigkill_takes_the_converter_and_its_children_along(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    fake = tmp_path / "soffice"
    fake.write_text(FAKE_SOFFICE, encoding="utf-8")
    fake.chmod(0o755)
    process, work = start_export(tmp_path, ZWDESK_SOFFICE=str(fake), FAKE_PYTHON=sys.executable)
    process.kill()
    process.communicate(timeout=30)
    assert no_soffice_left(str(work), wait=10)
    left = sorted(p.name.rsplit("-", 1)[0] for p in work.iterdir())  # no time to clean up
    assert left == [f"zwdesk-office-{process.pid}", f"zwdesk-pdf-{process.pid}"]
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    office.remove_orphaned_work_folders()  # as the next conversion does first
    assert list(work.iterdir()) == []


class FakeConverter:
    name = "Fake"

    def produce(self, docx: Path, work: Path, timeout: float, fmt: str = "pdf") -> Path:
        (work / "out.pdf").write_bytes(b"%PDF-1.7")
        return work / "out.pdf"


@pytest.mark.skipif(sys.platform == "win32", reason="orphans are found by pid on POSIX")
def test_a_conversion_first_removes_work_folders_of_dead_processes(tmp_path,  # noqa: ANN001
                                                                  monkeypatch) -> None:  # noqa: ANN001
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    orphan = tmp_path / f"zwdesk-pdf-{gone.pid}-abc"
    running = tmp_path / f"zwdesk-office-{os.getpid()}-def"
    other = tmp_path / "zwdesk"  # the app's folder for documents it opens: not a work folder
    for folder in (orphan, running, other):
        folder.mkdir()
        (folder / "document.docx").write_bytes(b"PK")
    docx = tmp_path / "in.docx"
    docx.write_bytes(b"PK")
    convert_to_pdf(docx, tmp_path / "out.pdf", converter=FakeConverter())
    assert not orphan.exists()
    assert running.exists() and other.exists()
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.7"
