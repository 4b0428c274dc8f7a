"""Files from outside that are not what they say: zip bombs, devices and FIFOs named like
documents, encrypted and renamed files, damaged zips, documents nested too deep. Each is refused
by name with one Chinese line, quickly and within bounded memory (zwdesk.core.infile and the
reader's package)."""

from __future__ import annotations

import io
import os
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from support.handmade import paragraphs_docx
from support.hostile import deflate_bomb, nested_content_controls, nested_tables, ole2_file
from support.paths import ROOT

from zwdesk.core import infile
from zwdesk.core.exchange import FormatError
from zwdesk.core.reader import ReaderError, read_document, read_docx_bytes
from zwdesk.core.submission_form import looks_like_form, read_form

MASTHEAD = ["政务服务工作", "2024年第3期（总第450期）", "四川省政务服务中心\t2024年1月22日",
            "（1月15日—1月19日）", "一、情况", "1.一条。", "（共印90份）"]
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs and devices")


def english_words(message: str) -> list[str]:
    """Words of English in a message, the names of files and parts aside."""
    named = re.sub(r"\S*\.(docx|docm|doc|xml|rels)\b|Word|WPS", "", message)
    return re.findall(r"[A-Za-z]{3,}", named)


# --- encrypted and renamed ---------------------------------------------------------------------


@pytest.mark.parametrize("names", [["EncryptionInfo", "EncryptedPackage"],
                                   ["ENCRYPTIONINFO", "ENCRYPTEDPACKAGE"],
                                   ["encryptioninfo", "DataSpaces"]])
def test_an_encrypted_docx_is_recognised_whatever_the_case_of_its_stream_names(names) -> None:
    with pytest.raises(ReaderError) as caught:
        read_docx_bytes(ole2_file(names), "加密.docx")
    assert "已加密" in caught.value.cause and "扩展名" not in caught.value.cause


def test_a_text_that_mentions_encryptioninfo_is_no_encryption() -> None:
    text = "EncryptionInfo".encode("utf-16-le")  # in a .doc's text, not a directory entry
    with pytest.raises(ReaderError, match="旧版 Word 格式"):
        read_docx_bytes(ole2_file(["WordDocument"]) + b"\0" * 3 + text, "旧.docx")


@pytest.mark.parametrize("name", ["旧.docm", "旧.dotx", "旧.docx"])
def test_a_doc_renamed_is_told_its_own_suffix(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(ole2_file(["WordDocument", "1Table"]))
    with pytest.raises(ReaderError) as caught:
        read_document(path)
    assert f"却以 {path.suffix} 为扩展名" in caught.value.cause


# --- one rule for what a file is -----------------------------------------------------------------


@pytest.mark.parametrize(("name", "kind"), [
    ("a.json", infile.JSON), ("a.JSON", infile.JSON), ("a.docx", infile.WORD),
    ("a.DOCM", infile.WORD), ("a.dotx", infile.WORD), ("a.dotm", infile.WORD),
    ("a.doc", infile.OLD_WORD), ("a.WPS", infile.OLD_WORD), ("a.txt", None), ("a", None)])
def test_the_kind_of_a_file_is_told_by_its_suffix(name: str, kind: str | None) -> None:
    assert infile.kind_of(name) == kind


@pytest.mark.parametrize("suffix", [".docm", ".dotx", ".dotm"])
def test_macro_and_template_documents_read_as_word(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"简报{suffix}"
    path.write_bytes(paragraphs_docx(MASTHEAD))
    assert read_document(path).issue["serial"] == 450


# --- damaged zips: Chinese, never zipfile's or libxml's English ---------------------------------


def corrupted(good: bytes) -> dict[str, bytes]:
    """The ways a .docx arrives damaged: a central directory that lies about its offset or
    size, a truncated file, single bytes flipped all over it."""
    end = good.rfind(b"PK\x05\x06")
    cases = {}
    for delta in (-21735, 10**6, 7):
        data = bytearray(good)
        offset = struct.unpack_from("<I", data, end + 16)[0]
        struct.pack_into("<I", data, end + 16, (offset + delta) % 2**32)
        cases[f"directory offset {delta:+}"] = bytes(data)
    cases["cut in the middle"] = good[:len(good) // 2] + good[end:]
    cases["end cut off"] = good[:-30]
    for at in range(0, end, 61):
        data = bytearray(good)
        data[at] ^= 0xFF
        cases[f"byte {at} flipped"] = bytes(data)
    return cases


def test_damaged_zips_are_refused_in_chinese() -> None:
    refused = 0
    for name, data in corrupted(paragraphs_docx(MASTHEAD)).items():
        try:
            read_docx_bytes(data, "坏.docx")
        except ReaderError as exc:
            refused += 1
            assert english_words(exc.cause) == [], (name, exc.cause)
    assert refused > 20


def test_broken_xml_is_refused_in_chinese() -> None:
    from support.handmade import package

    data = package("<w:p><w:r><w:t>未闭合</w:p>")
    with pytest.raises(ReaderError) as caught:
        read_docx_bytes(data, "坏.docx")
    assert "word/document.xml" in caught.value.cause and "行" in caught.value.cause
    assert english_words(caught.value.cause) == []


def test_an_unsupported_compression_is_refused_in_chinese() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(paragraphs_docx(MASTHEAD))) as good, \
            zipfile.ZipFile(buffer, "w") as bad:
        for name in good.namelist():
            bad.writestr(name, good.read(name))
        bad.getinfo("word/document.xml").compress_type = 9  # deflate64: Word never writes it
    with pytest.raises(ReaderError) as caught:
        read_docx_bytes(buffer.getvalue(), "坏.docx")
    assert "不支持的压缩方式" in caught.value.cause


# --- bombs ---------------------------------------------------------------------------------------

_MEASURE = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from zwdesk.core.errors import ZwdeskError
    started = time.monotonic()
    try:
        {call}
        outcome = "read"
    except ZwdeskError as exc:
        outcome = str(exc)
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child of a large pytest
    # process would report the parent's size.
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) // 1024
    print(f"{{time.monotonic() - started:.2f}}\\t{{peak}}\\t{{outcome}}")
""")


def measured(call: str) -> tuple[float, int, str]:
    """(seconds, peak resident MB, the outcome) of ``call`` run in a fresh Python."""
    result = subprocess.run([sys.executable, "-c", _MEASURE.format(call=call)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    seconds, peak, outcome = result.stdout.rstrip("\n").split("\t", 2)
    return float(seconds), int(peak), outcome


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "炸弹.docx"
    deflate_bomb(path, 1536 * 2**20)
    return path


@pytest.mark.skipif(sys.platform != "linux", reason="VmHWM is in /proc")
@pytest.mark.parametrize("call", [
    "from zwdesk.core.reader import read_document; read_document(Path(sys.argv[1]))",
    "from zwdesk.core.submission_form import read_form; read_form(Path(sys.argv[1]))",
    "from zwdesk.core.submission_form import looks_like_form; "
    "assert not looks_like_form(Path(sys.argv[1])); raise ZwdeskError('not a form')",
])
def test_a_zip_bomb_is_refused_quickly_in_little_memory(bomb: Path, call: str) -> None:
    assert zipfile.ZipFile(bomb).getinfo("word/document.xml").file_size > 1.5e9
    seconds, peak_mb, outcome = measured(call.replace("sys.argv[1]", repr(str(bomb))))
    assert seconds < 5 and peak_mb < 300, (seconds, peak_mb)
    assert "炸弹.docx" in outcome or outcome == "not a form"
    if outcome != "not a form":
        assert "解压后达 1,535 MB" in outcome and "不读取" in outcome


def test_a_part_whose_declared_size_lies_is_not_inflated_past_it() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a>" + b"x" * 2**24 + b"</a>")
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        archive.getinfo("word/document.xml").file_size = 1000  # what a forged directory says
        with pytest.raises(infile.RefusedFile, match="文件已损坏"):
            infile.read_part(archive, "word/document.xml", "x.docx")


def test_a_high_ratio_is_refused_before_inflating() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b" " * (3 * 2**20))
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive, \
            pytest.raises(infile.RefusedFile, match="压缩比"):
        infile.read_part(archive, "word/document.xml", "x.docx")


# --- devices, FIFOs, folders ---------------------------------------------------------------------


def special_files(folder: Path) -> dict[str, Path]:
    """A symlink to /dev/zero named .doc, a FIFO named .docx, a folder named .docx."""
    made = {"folder": folder / "文件夹.docx"}
    made["folder"].mkdir()
    if hasattr(os, "mkfifo"):
        made["fifo"] = folder / "管道.docx"
        os.mkfifo(made["fifo"])
    if Path("/dev/zero").exists():
        made["device"] = folder / "零.doc"
        made["device"].symlink_to("/dev/zero")
    return made


@posix_only
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path) -> None:
    for kind, path in special_files(tmp_path).items():
        with pytest.raises(ReaderError) as caught:
            read_document(path)
        assert ("文件夹" if kind == "folder" else "不是普通文件") in caught.value.cause
        with pytest.raises(FormatError):
            read_form(path)
        assert not looks_like_form(path)
        with pytest.raises(infile.RefusedFile):
            infile.copy_regular(path, tmp_path / "copy", 2**20)
        assert not (tmp_path / "copy").exists()


@posix_only
def test_a_device_is_never_copied_for_the_office_suite(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.core import office
    from zwdesk.core.reader import convert_to_docx_many

    started = []
    monkeypatch.setattr(office, "find_soffice", lambda: Path("/bin/true"))
    monkeypatch.setattr(office, "_run", lambda *args, **kwargs: started.append(args))
    device = special_files(tmp_path)["device"]
    out = tmp_path / "out"
    out.mkdir()
    result = convert_to_docx_many([device], out)[device]
    assert isinstance(result, ReaderError) and "不是普通文件" in result.cause
    assert "转换" not in result.cause and started == []


# --- nesting -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("what", "data"), [("tables 200 deep", nested_tables(200)),
                                            ("900 content controls", nested_content_controls(900)),
                                            ("3000 content controls",
                                             nested_content_controls(3000))])
def test_deep_nesting_is_refused_with_one_line(what: str, data: bytes, tmp_path: Path) -> None:
    with pytest.raises(ReaderError) as caught:
        read_docx_bytes(data, "深.docx")
    assert "嵌套超过 100 层" in caught.value.cause, what
    form = tmp_path / "深.docx"
    form.write_bytes(data)
    with pytest.raises(FormatError, match="嵌套超过"):
        read_form(form)


def test_nesting_as_deep_as_word_goes_is_read() -> None:
    from support.handmade import package

    inner = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in MASTHEAD)
    xml = inner
    for _ in range(12):  # Word allows tables in tables; a dozen levels is far beyond use
        xml = f"<w:tbl><w:tr><w:tc>{xml}</w:tc></w:tr></w:tbl><w:p/>"
    assert read_docx_bytes(package(xml), "表中表.docx").issue["serial"] == 450


# --- the office suite failing ------------------------------------------------------------------

# A stand-in for soffice: it creates its socket in /tmp (named from the profile's URL, as
# LibreOffice does), prints what LibreOffice prints when it cannot start, and fails.
FAKE_SOFFICE = """#!{python}
import hashlib, os, sys
from pathlib import Path
profile = next(a.split("=", 1)[1] for a in sys.argv if a.startswith("-env:UserInstallation="))
digest = hashlib.md5(profile.encode("utf-16-le")).digest()
Path("/tmp", f"OSL_PIPE_{{os.getuid()}}_SingleOfficeIPC_" + "".join(f"{{b:x}}" for b in digest)
     ).touch()
sys.stderr.write({stderr!r})
sys.exit(77)
"""
CRASH = ("Fatal exception: Signal 6\nStack:\n"
         "/usr/lib/libreoffice/program/libuno_sal.so.3(+0x3f1e3)[0x7f2b4c23f1e3]\n"
         "/usr/lib/libreoffice/program/libsofficeapp.so(soffice_main+0x126)[0x7f2b4bd4a726]\n"
         "Error: source file could not be loaded\n")
NO_SPACE = ("LibreOffice 7.4 - Fatal Error: The application cannot be started. \nLibreOffice "
            "user installation could not be completed due to insufficient free disk space.\n"
            + CRASH)


def fake_soffice(folder: Path, stderr: str) -> Path:
    fake = folder / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, stderr=stderr), encoding="utf-8")
    fake.chmod(0o755)
    return fake


def pipes() -> set[str]:
    return {p.name for p in Path("/tmp").glob(f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_*")}


@posix_only
@pytest.mark.parametrize(("stderr", "said", "not_said"), [
    (NO_SPACE, "磁盘已满", "0x"),
    (CRASH, "转换失败（退出码 77）：Error: source file could not be loaded", "soffice_main"),
])
def test_libreoffice_failing_to_start_is_said_plainly_and_leaves_no_socket(  # noqa: ANN001
        tmp_path, monkeypatch, stderr, said, not_said) -> None:
    from zwdesk.core.reader import convert_to_docx_many

    monkeypatch.setenv("ZWDESK_SOFFICE", str(fake_soffice(tmp_path, stderr)))
    doc = tmp_path / "旧.doc"
    doc.write_bytes(ole2_file(["WordDocument"]))
    out = tmp_path / "out"
    out.mkdir()
    before = pipes()
    result = convert_to_docx_many([doc], out)[doc]
    assert isinstance(result, ReaderError)
    assert said in result.cause and not_said not in result.cause, result.cause
    assert str(result).count("旧.doc") == 1
    assert pipes() == before


@posix_only
def test_a_full_temporary_folder_is_said_as_a_full_disk(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    import shutil

    from zwdesk.core import office
    from zwdesk.core.reader import convert_to_docx_many

    monkeypatch.setenv("ZWDESK_SOFFICE", str(fake_soffice(tmp_path, CRASH)))
    usage = shutil.disk_usage
    monkeypatch.setattr(office.shutil, "disk_usage", lambda path: usage(path)._replace(free=4096))
    doc = tmp_path / "旧.doc"
    doc.write_bytes(ole2_file(["WordDocument"]))
    result = convert_to_docx_many([doc], tmp_path)[doc]
    assert "磁盘已满" in str(result) and "soffice_main" not in str(result)


def test_a_file_libreoffice_cannot_convert_is_named_once(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from zwdesk.core import office
    from zwdesk.core.reader import convert_to_docx_many

    monkeypatch.setattr(office, "find_soffice", lambda: Path("/bin/true"))
    monkeypatch.setattr(office, "_run", lambda *args, **kwargs: None)  # ran, made nothing
    doc = tmp_path / "坏.doc"
    doc.write_bytes(b"\0garbage" * 10)
    result = convert_to_docx_many([doc], tmp_path)[doc]
    assert str(result).count("坏.doc") == 1 and "LibreOffice 未能转换" in str(result)


# --- numbers in the XML ---------------------------------------------------------------------


def test_hostile_list_numbers_neither_crash_nor_swell() -> None:
    from support.handmade import package

    numbering = (  # a start of 5 000 digits, letters from the billionth (38 million Z's)
        f'<w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="{"9" * 5000}"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="999999999"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="%2."/></w:lvl></w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="x">'
        '<w:startOverride w:val="99999999999"/></w:lvlOverride></w:num>')
    numbered = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="{}"/><w:numId w:val="1"/></w:numPr>'
                '</w:pPr><w:r><w:t>一条。</w:t></w:r></w:p>')
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in MASTHEAD[:4])
    body += "<w:p><w:r><w:t>一、情况</w:t></w:r></w:p>"
    body += "".join(numbered.format(level) for level in ["0", "²", "99999999999", "1"] * 50)
    result = read_docx_bytes(package(body, numbering), "编号.docx")
    block = result.issue["sections"][0]["block"]
    texts = block.get("items") or block["paragraphs"]
    assert "".join(texts).count("一条。") == 200 and sum(map(len, texts)) < 5000
