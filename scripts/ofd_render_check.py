"""Draw page 1 of the sample's OFD with an independent renderer and compare it with
LibreOffice's PNG of the same page of the .docx export: every text line within 1 mm.

    python scripts/ofd_render_check.py [--page N] [--keep FOLDER]

The renderer is ofd.js 0.2.6 (npm, Apache-2.0; plain JavaScript, later versions want a licence
key), installed into a temporary folder with npm (its UMD bundle is all the page loads) and run
in headless Chromium (Debian's `chromium`) with a new profile; its page is 1050 × 1485 pixels,
5 pixels a millimetre. LibreOffice converts the exported .docx (zwdesk.core.office) and
pdftoppm draws the same page at 127 dpi, also 5 pixels a millimetre. Both use the fonts
resources/fontconfig-zwdesk.conf maps the official names to (for Chromium under the names
ofd.js asks for).

The lines are found in both pictures as bands of rows holding ink; for each pair the top,
bottom, left and right edges must agree within 1 mm. The two pictures and the pair side by
side are written to --keep (or a temporary folder, named at the end) to be looked at.
Needs: node/npm, chromium, LibreOffice, pdftoppm, Pillow.
"""

from __future__ import annotations

import argparse
import base64
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from zwdesk import __version__  # noqa: E402
from zwdesk.core.bulletin import compose  # noqa: E402
from zwdesk.core.docx_render import render_docx  # noqa: E402
from zwdesk.core.exchange import read_issue  # noqa: E402
from zwdesk.core.ofd import write_ofd  # noqa: E402
from zwdesk.core.office import convert_many_with_libreoffice  # noqa: E402
from zwdesk.paths import resource_path  # noqa: E402

SAMPLE = ROOT / "resources" / "sample-2023-09.json"
OFD_JS = "ofd.js@0.2.6"
PX_PER_MM = 5  # ofd.js's largest scale; 127 dpi for pdftoppm
PAGE = (210 * PX_PER_MM, 297 * PX_PER_MM)
TOLERANCE_MM = 1.0
INK = 160  # grey level below which a pixel is ink
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--no-first-run", "--disable-component-update", "--disable-sync"]
# The families ofd.js asks the browser for, and the fonts LibreOffice prints the same with.
ALIASES = {"FangSong": "AR PL SungtiL GB", "楷体": "AR PL KaitiM GB", "KaiTi": "AR PL KaitiM GB",
           "SimHei": "Noto Sans CJK SC", "SimSun": "Noto Serif CJK SC",
           "sSun": "Noto Serif CJK SC"}


@dataclass
class Band:
    """A text line (or a rule) in a picture: its ink's extent, in millimetres."""

    top: float
    bottom: float
    left: float
    right: float

    def distance(self, other: Band) -> float:
        return max(abs(self.top - other.top), abs(self.bottom - other.bottom),
                   abs(self.left - other.left), abs(self.right - other.right))


def install_ofd_js(folder: Path) -> Path:
    subprocess.run(["npm", "install", "--prefix", str(folder), "--no-save", "--no-audit",
                    "--no-fund", "--ignore-scripts", "--omit=dev", OFD_JS],
                   check=True, capture_output=True, timeout=900)
    return folder / "node_modules" / "ofd.js" / "lib" / "ofd.umd.js"


def fonts_conf(folder: Path) -> Path:
    aliases = "".join(
        f'<match target="pattern"><test qual="any" name="family"><string>{name}</string></test>'
        f'<edit name="family" mode="assign" binding="strong"><string>{font}</string></edit>'
        "</match>" for name, font in ALIASES.items())
    path = folder / "fonts.conf"
    path.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
                    f'<fontconfig><include>{resource_path("fontconfig-zwdesk.conf")}</include>'
                    f"{aliases}</fontconfig>", encoding="utf-8")
    return path


def draw_with_ofd_js(ofd: Path, page: int, folder: Path) -> Path:
    script = install_ofd_js(folder / "npm")
    shutil.copy(script, folder / "ofd.umd.js")
    data = base64.b64encode(ofd.read_bytes()).decode("ascii")
    (folder / "page.html").write_text(f"""<!doctype html><html><head><meta charset="utf-8">
<title>waiting</title><style>html, body {{ margin: 0; padding: 0; background: #fff; }}</style>
<script src="ofd.umd.js"></script></head><body><script>
const bytes = Uint8Array.from(atob("{data}"), c => c.charCodeAt(0));
ofd.parseOfdDocument({{ofd: bytes.buffer, success(docs) {{
  const pages = ofd.renderOfd({PAGE[0] + 10}, docs[0]);
  document.body.appendChild(pages[{page - 1}]);
  document.title = "drawn";
}}, fail(error) {{ document.title = "failed: " + error; }}}});
</script></body></html>""", encoding="utf-8")
    shot = folder / "ofdjs.png"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is missing: apt-get install chromium")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(folder), "FONTCONFIG_FILE": str(fonts_conf(folder))}
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'profile'}",
                    f"--window-size={PAGE[0]},{PAGE[1]}", "--hide-scrollbars",
                    "--virtual-time-budget=20000", f"--screenshot={shot}",
                    (folder / "page.html").as_uri()],
                   check=True, capture_output=True, env=env, timeout=300)
    return shot


def draw_with_libreoffice(page: int, folder: Path) -> Path:
    docx = folder / "sample.docx"
    render_docx(compose(read_issue(SAMPLE)), docx)
    [pdf] = convert_many_with_libreoffice([docx], folder)
    subprocess.run(["pdftoppm", "-r", str(round(PX_PER_MM * 25.4)), "-f", str(page), "-l",
                    str(page), "-png", "-singlefile", str(pdf), str(folder / "libreoffice")],
                   check=True, timeout=120)
    return folder / "libreoffice.png"


def bands(picture: Path) -> list[Band]:
    """The lines of ink, top to bottom: runs of rows holding ink, with their left and right
    ends (a gap of two rows ends a line)."""
    image = Image.open(picture).convert("L").crop((0, 0, *PAGE))
    width, height = image.size
    pixels = image.load()
    rows = [[x for x in range(width) if pixels[x, y] < INK] for y in range(height)]
    found: list[Band] = []
    start, xs, blank = None, [], 0
    for y, inked in enumerate([*rows, [], []]):
        if inked:
            start = y if start is None else start
            xs += [min(inked), max(inked)]
            blank = 0
        elif start is not None:
            blank += 1
            if blank == 2:
                found.append(Band(start / PX_PER_MM, (y - 1) / PX_PER_MM, min(xs) / PX_PER_MM,
                                  (max(xs) + 1) / PX_PER_MM))
                start, xs = None, []
    return found


def side_by_side(left: Path, right: Path, target: Path) -> None:
    images = [Image.open(p).convert("RGB").crop((0, 0, *PAGE)) for p in (left, right)]
    out = Image.new("RGB", (PAGE[0] * 2 + 20, PAGE[1]), "#808080")
    out.paste(images[0], (0, 0))
    out.paste(images[1], (PAGE[0] + 20, 0))
    out.save(target)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--page", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="keep the pictures here")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zwdesk-ofd-render-"))
    keep = args.keep or work
    keep.mkdir(parents=True, exist_ok=True)
    ofd = keep / "sample.ofd"
    write_ofd(read_issue(SAMPLE), ofd, version=__version__)
    ours = draw_with_ofd_js(ofd, args.page, work)
    theirs = draw_with_libreoffice(args.page, work)
    for picture in (ours, theirs):
        shutil.copy(picture, keep / picture.name)
    side_by_side(theirs, ours, keep / "side-by-side.png")
    real, drawn = bands(theirs), bands(ours)
    print(f"page {args.page}: LibreOffice {len(real)} lines, ofd.js {len(drawn)} lines")
    worst = 0.0
    for number, (a, b) in enumerate(zip(real, drawn, strict=False), 1):
        distance = a.distance(b)
        worst = max(worst, distance)
        print(f"{number:2}  LibreOffice {a.top:6.1f}–{a.bottom:6.1f} mm, x {a.left:5.1f}–"
              f"{a.right:5.1f}   ofd.js {b.top:6.1f}–{b.bottom:6.1f}, x {b.left:5.1f}–"
              f"{b.right:5.1f}   {distance:.2f} mm{'' if distance <= TOLERANCE_MM else '  ✖'}")
    ok = len(real) == len(drawn) and worst <= TOLERANCE_MM
    print(f"{'same' if ok else 'NOT the same'}: largest difference {worst:.2f} mm "
          f"(tolerance {TOLERANCE_MM} mm); pictures in {keep}")
    if not args.keep:
        shutil.rmtree(work / "npm", ignore_errors=True)
        shutil.rmtree(work / "profile", ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
