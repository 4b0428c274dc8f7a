"""The official fonts of the bulletin (GB/T 9704-2012) and whether a machine has them.

The .docx names them and is right wherever it is opened; but the preview, and a PDF or print
made on this machine, can only use fonts installed here. Where one is missing a substitute is
used (resources/fontconfig-zwdesk.conf maps them for LibreOffice on Linux): the user is told
once which, and what that changes. Pure Python: the caller says which font families it sees.
"""

from __future__ import annotations

from collections.abc import Iterable

# Each official font under the names a Windows, WPS or Kylin/UOS installation gives it.
OFFICIAL_FONTS: dict[str, tuple[str, ...]] = {
    "仿宋_GB2312": ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"),
    "楷体_GB2312": ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
    "黑体": ("黑体", "SimHei"),
    "方正小标宋简体": ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S",
                  "FZXiaoBiaoSong-B05"),
}


def missing_fonts(installed: Iterable[str]) -> list[str]:
    """The official fonts none of whose names is among the ``installed`` families."""
    have = {name.casefold() for name in installed}
    return [font for font, names in OFFICIAL_FONTS.items()
            if not any(name.casefold() in have for name in names)]


def missing_fonts_message(missing: list[str]) -> str:
    """What the secretary needs to know, in one paragraph."""
    return (f"本机没有安装公文字体：{'、'.join(missing)}。\n\n"
            "预览、在本机生成的 PDF 和打印件会用相近的字体代替，字形略有不同，断行和页数可能"
            "略有出入；导出的 Word 文档不受影响，在装有这些字体的电脑上打开、打印即为正式字体。"
            "\n\n如需在本机打印正式字体，请安装上述字体（通常随 Office/WPS 或字体包提供）。")


def installed_families() -> list[str] | None:
    """The font families fontconfig knows (Linux, Kylin, UOS: what LibreOffice renders with);
    None where it cannot be asked."""
    import shutil
    import subprocess

    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True,
                             encoding="utf-8", errors="replace", timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [name.strip() for line in out.splitlines() for name in line.split(",")]


def pdf_font_note() -> str | None:
    """One line for a PDF or print made here when official fonts are missing, else None."""
    installed = installed_families()
    missing = missing_fonts(installed) if installed is not None else []
    if not missing:
        return None
    return (f"注意：本机没有安装公文字体 {'、'.join(missing)}，PDF 和打印件中用相近字体代替；"
            "Word 文档不受影响。")
