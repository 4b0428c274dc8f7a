"""Word files made "by hand" for the reader's tests: the same bulletin written the many ways a
secretary's Word or WPS writes it, at the XML level (``from support.handmade import``).

``handmade_docx(issue, options)`` lays out an issue (compose) without zwdesk's template:
direct formatting instead of styles, text split into many runs, indentation typed as
full-width spaces, automatic numbering instead of typed numbers, the 报头 in a table or a text
box, the 版记 as a table, bordered paragraphs or a text box, the date as a field, soft line
breaks, empty paragraphs and page breaks, tracked changes and comments.
"""

from __future__ import annotations

import io
import random
import zipfile
from dataclasses import dataclass
from xml.sax.saxutils import escape

from zwdesk.core import bulletin as b
from zwdesk.core import wording

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
_RPR = ('<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:b w:val="0"/>'
        '<w:sz w:val="32"/></w:rPr>')


@dataclass
class Options:
    seed: int = 0
    split_runs: bool = True
    indent: bool = True  # 　　 typed before body paragraphs
    autonumber: bool = False  # headings, items and checks numbered by Word
    masthead: str = "plain"  # plain, table, textbox
    distribution: str = "table"  # table, borders, textbox
    date_field: bool = False
    soft_breaks: bool = False
    empty_paragraphs: bool = False
    tracked_changes: bool = False
    comment: bool = False

    @classmethod
    def random(cls, seed: int) -> Options:
        rng = random.Random(seed)
        return cls(seed=seed, split_runs=rng.random() < 0.7, indent=rng.random() < 0.5,
                   autonumber=rng.random() < 0.5,
                   masthead=rng.choice(["plain", "table", "textbox"]),
                   distribution=rng.choice(["table", "borders", "textbox"]),
                   date_field=rng.random() < 0.5, soft_breaks=rng.random() < 0.5,
                   empty_paragraphs=rng.random() < 0.5, tracked_changes=rng.random() < 0.5,
                   comment=rng.random() < 0.5)


COMMENT_TEXT = "请核对此段"


class _Writer:
    def __init__(self, options: Options) -> None:
        self.o = options
        self.rng = random.Random(options.seed)
        self.nums: list[str] = []  # w:num elements
        self.commented: str | None = None

    # --- runs and paragraphs ---

    def runs(self, text: str) -> str:
        pieces = self._pieces(text)
        out = []
        for piece in pieces:
            out.append(self._changed(piece))
        return "".join(out)

    def _pieces(self, text: str) -> list[str]:
        if not self.o.split_runs or len(text) < 2:
            return [text]
        cuts = sorted(self.rng.sample(range(1, len(text)), min(len(text) - 1,
                                                               self.rng.randint(1, 6))))
        return [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]

    def _run(self, text: str, deleted: bool = False) -> str:
        parts = []
        for index, chunk in enumerate(text.split("\t")):
            if index:
                parts.append("<w:tab/>")
            if chunk:
                tag = "w:delText" if deleted else "w:t"
                shown = escape(chunk if deleted else self._breaks(chunk))
                parts.append(f'<{tag} xml:space="preserve">{shown}</{tag}>')
        body = "".join(parts).replace("\x00", "</w:t><w:br/><w:t xml:space=\"preserve\">")
        return f"<w:r>{_RPR}{body}</w:r>"

    def _breaks(self, text: str) -> str:
        """A soft line break between two Chinese characters (it is joined without a space)."""
        if not self.o.soft_breaks or len(text) < 2 or self.rng.random() < 0.5:
            return text
        at = self.rng.randrange(1, len(text))
        if text[at - 1].isascii() or text[at].isascii():
            return text
        return text[:at] + "\x00" + text[at:]

    def _changed(self, piece: str) -> str:
        if not self.o.tracked_changes or self.rng.random() < 0.6:
            return self._run(piece)
        choice = self.rng.choice(["ins", "del", "move"])
        author = 'w:id="1" w:author="审核人" w:date="2023-03-20T10:00:00Z"'
        if choice == "ins":
            return f"<w:ins {author}>{self._run(piece)}</w:ins>"
        if choice == "del":
            return (f"{self._run(piece)}<w:del {author}>{self._run('删掉的字', deleted=True)}"
                    "</w:del>")
        return (f"<w:moveFrom {author}>{self._run('移走的字')}</w:moveFrom>"
                f"<w:moveTo {author}>{self._run(piece)}</w:moveTo>")

    def paragraph(self, text: str, ppr: str = "", indent: bool = False,
                  comment: bool = False) -> str:
        lead = "\u3000\u3000" if indent and self.o.indent else ""
        runs = self.runs(lead + text) if text or lead else ""
        if comment and self.commented is None:
            self.commented = text
            runs = (f'<w:commentRangeStart w:id="0"/>{runs}<w:commentRangeEnd w:id="0"/>'
                    '<w:r><w:commentReference w:id="0"/></w:r>')
        return f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}{runs}</w:p>"

    def noise(self) -> str:
        """Nothing, or empty paragraphs, a page break, a deleted paragraph."""
        out = ""
        if self.o.empty_paragraphs and self.rng.random() < 0.3:
            out += self.rng.choice(["<w:p/>", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
                                    "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:p>"])
        if self.o.tracked_changes and self.rng.random() < 0.2:
            author = 'w:id="2" w:author="审核人" w:date="2023-03-20T10:00:00Z"'
            out += (f"<w:p><w:pPr><w:rPr><w:del {author}/></w:rPr></w:pPr><w:del {author}>"
                    f"{self._run('整段删除的文字。', deleted=True)}</w:del></w:p>")
        return out

    def numbered(self, num_id: int, level: int) -> str:
        return f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'

    def new_list(self, abstract: int) -> int:
        num_id = len(self.nums) + 2
        self.nums.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>'
                         '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
                         '</w:lvlOverride></w:num>')
        return num_id


def _text_box(paragraphs: str, bottom: bool) -> str:
    align = "bottom" if bottom else "top"
    return (f'<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor '
            'distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
            'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
            '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
            f'<wp:positionV relativeFrom="margin"><wp:align>{align}</wp:align></wp:positionV>'
            '<wp:extent cx="5600000" cy="1500000"/><wp:wrapTopAndBottom/><wp:docPr id="7" '
            'name="文本框"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/'
            'word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/>'
            f'<wps:txbx><w:txbxContent>{paragraphs}</w:txbxContent></wps:txbx><wps:bodyPr/>'
            '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
            '<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>'
            f'{paragraphs}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
            '</mc:AlternateContent></w:r>')


def _table(rows: list[list[str]]) -> str:
    body = "".join("<w:tr>" + "".join(f"<w:tc>{cell or '<w:p/>'}</w:tc>" for cell in row)
                   + "</w:tr>" for row in rows)
    return f"<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>{body}</w:tbl>"


def _date_field(writer: _Writer, text: str) -> str:
    return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText '
            'xml:space="preserve"> DATE \\@ "yyyy年M月d日" </w:instrText></w:r><w:r>'
            f'<w:fldChar w:fldCharType="separate"/></w:r>{writer.runs(text)}'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def _masthead(writer: _Writer, issue: dict) -> str:
    name, number, editor_line, period = (p.text for p in b.compose(issue).masthead)
    editor, shown_date = editor_line.split("\t")
    date_p = (_date_field(writer, shown_date) if writer.o.date_field
              else writer.paragraph(shown_date))
    style = writer.o.masthead
    if style == "table":
        head = _table([[writer.paragraph(name)], [writer.paragraph(number)],
                       [writer.paragraph(editor), date_p]])
        return head + writer.paragraph(period)
    paragraphs = (writer.paragraph(name) + writer.paragraph(number)
                  + writer.paragraph(editor + "\u3000" * 6 + shown_date,
                                     '<w:pBdr><w:bottom w:val="single" w:sz="18" '
                                     'w:color="FF0000"/></w:pBdr>')
                  + writer.paragraph(period))
    if style == "textbox":
        return f"<w:p>{_text_box(paragraphs, bottom=False)}</w:p>"
    return paragraphs


def _body(writer: _Writer, issue: dict) -> str:
    auto = writer.o.autonumber
    out = []
    items_list = checks_list = None
    anchor = None
    for para in b.compose(issue).body:
        text, ppr = para.text, ""
        if para.anchor != anchor:
            anchor, items_list, checks_list = para.anchor, None, None
        if auto and para.role == b.HEADING1:
            text, ppr = text.split("、", 1)[1], writer.numbered(1, 0)
        elif auto and para.role == b.HEADING2:
            text, ppr = text.split("）", 1)[1], writer.numbered(1, 1)
        elif auto and para.role == b.ITEM:
            items_list = items_list or writer.new_list(11)
            text, ppr = text.split(".", 1)[1], writer.numbered(items_list, 0)
        elif auto and para.role == b.INSPECTION:
            checks_list = checks_list or writer.new_list(12)
            text, ppr = text.split("）", 1)[1], writer.numbered(checks_list, 0)
        comment = writer.o.comment and para.role == b.BODY and writer.rng.random() < 0.5
        out.append(writer.paragraph(text, ppr, indent=True, comment=comment) + writer.noise())
    return "".join(out)


def _distribution(writer: _Writer, issue: dict) -> str:
    lines = [p.text for p in b.compose(issue).distribution]
    style = writer.o.distribution
    if style == "table":
        return _table([[writer.paragraph(line)] for line in lines])
    border = '<w:pBdr><w:{0} w:val="single" w:sz="8" w:color="000000"/></w:pBdr>'
    paragraphs = "".join(
        writer.paragraph(line, border.format("top") if i == 0 else
                         border.format("bottom") if i == len(lines) - 1 else "")
        for i, line in enumerate(lines))
    if style == "textbox":
        return f"<w:p>{_text_box(paragraphs, bottom=True)}</w:p>"
    return paragraphs


_NUMBERING = (
    '<w:abstractNum w:abstractNumId="10"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/>'
    '</w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
    '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
    '<w:abstractNum w:abstractNumId="11"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:suff w:val="nothing"/></w:lvl>'
    '</w:abstractNum>'
    '<w:abstractNum w:abstractNumId="12"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
    '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/><w:suff w:val="nothing"/>'
    '</w:lvl></w:abstractNum>'
    '<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>')


def handmade_docx(issue: dict, options: Options) -> tuple[bytes, str | None]:
    """The .docx bytes, and the text of the paragraph carrying the comment (if one was put)."""
    writer = _Writer(options)
    body = _masthead(writer, issue) + writer.noise() + _body(writer, issue)
    body += _distribution(writer, issue)
    numbering = _NUMBERING + "".join(writer.nums)
    comments = None
    if writer.commented is not None:
        comments = (f'<w:comments {NS}><w:comment w:id="0" w:author="审核人"><w:p><w:r><w:t>'
                    f'{COMMENT_TEXT}</w:t></w:r></w:p></w:comment></w:comments>')
    return package(body, numbering, comments), writer.commented


def package(body: str, numbering: str | None = None, comments: str | None = None) -> bytes:
    """A minimal .docx around the body XML (and numbering definitions, comments)."""
    rels = []
    types = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats'
             '-officedocument.wordprocessingml.document.main+xml"/>']
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        if numbering is not None:
            z.writestr("word/numbering.xml", f"<w:numbering {NS}>{numbering}</w:numbering>")
            rels.append('<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/numbering" Target="numbering.xml"/>')
        if comments is not None:
            z.writestr("word/comments.xml", comments)
            rels.append('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
                        'officeDocument/2006/relationships/comments" Target="comments.xml"/>')
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="rels" ContentType='
                   '"application/vnd.openxmlformats-package.relationships+xml"/><Default '
                   'Extension="xml" ContentType="application/xml"/>' + "".join(types)
                   + "</Types>")
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels", '<Relationships xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/relationships">' + "".join(rels)
                   + "</Relationships>")
        z.writestr("word/document.xml", f"<w:document {NS}><w:body>{body}<w:sectPr/>"
                   "</w:body></w:document>")
    return out.getvalue()


def paragraphs_docx(texts: list[str]) -> bytes:
    """A .docx of plain paragraphs, one per text (for wording tests)."""
    writer = _Writer(Options(split_runs=False, indent=False))
    return package("".join(writer.paragraph(text) for text in texts))


__all__ = ["COMMENT_TEXT", "Options", "handmade_docx", "package", "paragraphs_docx",
           "wording"]
