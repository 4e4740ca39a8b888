"""The Word reader: numbering, styles, tables, notes, images, text boxes, revisions, comments.

Each document is made here with python-docx, and what python-docx cannot write is put into its
XML by hand, the way Word writes it.
"""

from __future__ import annotations

import io
import json
import re
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.parser import parse_xml
from lxml import etree

from builder.model import Cell, InputError
from builder.readers.docx import DOCX, format_number, read_docx, word_heading_level

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
}
DECLARED = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "office"


# --- making documents --------------------------------------------------------------------------


def xml(fragment: str):
    """An element from XML written with the usual prefixes (w:, r:, wp:…)."""
    return parse_xml(re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {DECLARED}", fragment.strip(), count=1))


def save(tmp_path: Path, document, name: str = "report.docx") -> Path:
    file = tmp_path / name
    document.save(str(file))
    return file


def read(tmp_path: Path, document):
    return read_docx(save(tmp_path, document), "reports/report.docx")


def paragraph_xml(document, fragment: str):
    """Append a w:p written by hand to the body (before its section properties)."""
    element = xml(fragment)
    document.element.body.sectPr.addprevious(element)
    return element


def add_part(document, name: str, content_type: str, reltype: str, body: str) -> str:
    """Add a part (footnotes, endnotes, comments…) that python-docx does not make."""
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{body.strip()}'
    blob = re.sub(r"^(<\?xml[^>]*\?>\n<[\w:]+)", lambda m: f"{m.group(1)} {DECLARED}", blob, count=1)
    part = Part(PackURI(f"/word/{name}"), content_type, blob.encode("utf-8"), document.part.package)
    return document.part.relate_to(part, reltype)


def png(width: int = 3, height: int = 2) -> bytes:
    """A small valid PNG, made by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xcc\x22\x22" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


OUTLINE_NUMBERING = """
<w:abstractNum w:abstractNumId="{abstract}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>
"""


def add_numbering(document, abstracts: list[str], nums: list[str]) -> None:
    """Numbering definitions: abstractNums go before every w:num, as the schema wants."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(f"{{{W}}}num")
    for abstract in abstracts:
        element = xml(abstract)
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    for num in nums:
        numbering.append(xml(num))


def numbered(document, text: str, num_id: int, level: int, style: str | None = None):
    paragraph = document.add_paragraph(text, style=style)
    paragraph._p.get_or_add_pPr().append(xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def texts(source, kind: str | None = None) -> list[str]:
    return [block.text for block in source.blocks if kind is None or block.kind == kind]


def all_text(source) -> str:
    return "\n".join(block.text for block in source.blocks)


# --- numbering ---------------------------------------------------------------------------------


def test_automatic_numbers_are_written_out_as_word_shows_them(tmp_path):
    document = docx.Document()
    add_numbering(document, [OUTLINE_NUMBERING.format(abstract=50)], ['<w:num w:numId="50"><w:abstractNumId w:val="50"/></w:num>'])
    document.add_paragraph("县财政局2023年工作总结")
    for text, level in [
        ("主要工作情况", 0),
        ("坚持理论武装", 1),
        ("抓好集中学习", 2),
        ("抓好日常教育", 2),
        ("开展专题研讨", 3),
        ("规范组织生活", 1),
        ("建立台账", 2),  # a deeper level starts again after a higher one
        ("存在的问题", 0),
        ("队伍建设有待加强", 1),
    ]:
        numbered(document, text, 50, level)
    document.add_paragraph("以上报告，请予审议。")  # not numbered
    source = read(tmp_path, document)
    assert texts(source) == [
        "县财政局2023年工作总结",
        "一、主要工作情况",
        "（一）坚持理论武装",
        "1.抓好集中学习",
        "2.抓好日常教育",
        "（1）开展专题研讨",
        "（二）规范组织生活",
        "1.建立台账",
        "二、存在的问题",
        "（一）队伍建设有待加强",
        "以上报告，请予审议。",
    ]


@pytest.mark.parametrize(
    ("number_format", "values", "expected"),
    [
        ("decimal", [1, 12], ["1", "12"]),
        ("chineseCounting", [1, 9, 10, 11, 20, 21, 100, 105, 110], ["一", "九", "十", "十一", "二十", "二十一", "一百", "一百零五", "一百一十"]),
        ("chineseCountingThousand", [3, 15, 1001], ["三", "十五", "一千零一"]),
        ("chineseLegalSimplified", [1, 10, 11], ["壹", "壹拾", "壹拾壹"]),
        ("ideographTraditional", [1, 2, 10, 11], ["甲", "乙", "癸", "甲"]),
        ("ideographZodiac", [1, 12], ["子", "亥"]),
        ("ideographDigital", [3, 10, 205], ["三", "一〇", "二〇五"]),
        ("ideographEnclosedCircle", [1, 10], ["㊀", "㊉"]),
        ("decimalEnclosedCircle", [1, 20, 21, 50, 51], ["①", "⑳", "㉑", "㊿", "51"]),
        ("decimalEnclosedCircleChinese", [2], ["②"]),
        ("decimalEnclosedParen", [1, 3], ["⑴", "⑶"]),
        ("decimalEnclosedFullstop", [1], ["⒈"]),
        ("decimalFullWidth", [7, 12], ["７", "１２"]),
        ("decimalZero", [7, 12], ["07", "12"]),
        ("lowerLetter", [1, 26, 27], ["a", "z", "aa"]),
        ("upperLetter", [2, 28], ["B", "BB"]),
        ("lowerRoman", [1, 4, 9, 14], ["i", "iv", "ix", "xiv"]),
        ("upperRoman", [1999], ["MCMXCIX"]),
        ("none", [3], [""]),
        ("someFutureFormat", [3], ["3"]),
    ],
)
def test_number_formats(number_format, values, expected):
    assert [format_number(value, number_format) for value in values] == expected


def test_numbering_from_styles_overrides_restarts_and_suffixes(tmp_path):
    document = docx.Document()
    styles = document.styles.element
    # A chapter style numbered "第一章" by numbering.xml (its level names the style), and one based on it.
    styles.append(xml('<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="章标题"/><w:pPr><w:numPr><w:numId w:val="61"/></w:numPr></w:pPr></w:style>'))
    styles.append(xml('<w:style w:type="paragraph" w:styleId="Section"><w:name w:val="节标题"/><w:pPr><w:numPr><w:numId w:val="61"/><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>'))
    add_numbering(
        document,
        [
            """<w:abstractNum w:abstractNumId="60">
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/>
                   <w:pStyle w:val="Chapter"/><w:suff w:val="space"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/>
                   <w:isLgl/><w:suff w:val="nothing"/></w:lvl>
               </w:abstractNum>""",
            """<w:abstractNum w:abstractNumId="70">
                 <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="ideographTraditional"/><w:lvlText w:val="%1、"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%2"/>
                   <w:lvlRestart w:val="0"/></w:lvl>
               </w:abstractNum>""",
            """<w:abstractNum w:abstractNumId="80">
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>
                   <w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>
               </w:abstractNum>""",
        ],
        [
            '<w:num w:numId="61"><w:abstractNumId w:val="60"/></w:num>',
            '<w:num w:numId="71"><w:abstractNumId w:val="70"/></w:num>',
            # "Restart numbering": a w:num of its own that starts level 0 at 5.
            '<w:num w:numId="72"><w:abstractNumId w:val="70"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>',
            '<w:num w:numId="81"><w:abstractNumId w:val="80"/></w:num>',
        ],
    )
    document.add_paragraph("总则", style="章标题")
    document.add_paragraph("目的", style="节标题")
    document.add_paragraph("范围", style="节标题")
    document.add_paragraph("职责", style="章标题")
    document.add_paragraph("分工", style="节标题")
    unnumbered = document.add_paragraph("附注", style="章标题")
    unnumbered._p.get_or_add_pPr().append(xml('<w:numPr><w:numId w:val="0"/></w:numPr>'))  # numId 0 cancels the style's
    numbered(document, "第一项", 71, 0)  # starts at 3: 丙
    numbered(document, "子项", 71, 1)
    numbered(document, "第二项", 71, 0)
    numbered(document, "子项续", 71, 1)  # lvlRestart 0: never starts again
    numbered(document, "另起一项", 72, 0)  # startOverride 5: 戊
    numbered(document, "要点", 81, 0)
    source = read(tmp_path, document)
    assert texts(source) == [
        "第一章 总则",
        "1.1目的",
        "1.2范围",
        "第二章 职责",
        "2.1分工",
        "附注",
        "丙、第一项",
        "①子项",
        "丁、第二项",
        "②子项续",
        "戊、另起一项",
        "•要点",
    ]


# --- styles ------------------------------------------------------------------------------------


def test_heading_styles_give_title_and_levels(tmp_path):
    document = docx.Document()
    styles = document.styles.element
    # Chinese Word names its styles by number, keeping the English names; WPS may write Chinese ones.
    styles.append(xml('<w:style w:type="paragraph" w:styleId="1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>'))
    styles.append(xml('<w:style w:type="paragraph" w:styleId="a5"><w:name w:val="标题 3"/></w:style>'))
    styles.append(xml('<w:style w:type="paragraph" w:styleId="MyHeading"><w:name w:val="我的标题"/><w:basedOn w:val="Heading2"/></w:style>'))
    styles.append(
        xml('<w:style w:type="paragraph" w:styleId="Lead"><w:name w:val="引言"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>')
    )
    document.add_paragraph("某局2023年工作总结", style="Title")
    document.add_paragraph("一级", style="Heading 1")
    document.add_paragraph("二级", style="Heading 2")
    document.add_paragraph("三级", style="Heading 3")
    document.add_paragraph("四级", style="Heading 4")
    paragraph_xml(document, '<w:p><w:pPr><w:pStyle w:val="1"/></w:pPr><w:r><w:t>按编号样式的一级</w:t></w:r></w:p>')
    paragraph_xml(document, '<w:p><w:pPr><w:pStyle w:val="a5"/></w:pPr><w:r><w:t>中文名三级</w:t></w:r></w:p>')
    paragraph_xml(document, '<w:p><w:pPr><w:pStyle w:val="MyHeading"/></w:pPr><w:r><w:t>继承二级</w:t></w:r></w:p>')
    paragraph_xml(document, '<w:p><w:pPr><w:pStyle w:val="Lead"/></w:pPr><w:r><w:t>样式居中加粗</w:t></w:r></w:p>')
    centered = document.add_paragraph()
    centered.alignment = 1  # WD_ALIGN_PARAGRAPH.CENTER
    centered.add_run("居中").bold = True
    centered.add_run("一半不加粗")
    document.add_paragraph().add_run("全段加粗").bold = True
    document.add_paragraph("正文")
    source = read(tmp_path, document)
    found = {block.text: (block.kind, block.level) for block in source.blocks}
    assert found == {
        "某局2023年工作总结": ("title", 0),
        "一级": ("heading", 2),
        "二级": ("heading", 3),
        "三级": ("heading", 4),
        "四级": ("heading", 5),
        "按编号样式的一级": ("heading", 2),
        "中文名三级": ("heading", 4),
        "继承二级": ("heading", 3),
        "样式居中加粗": ("paragraph", 0),
        "居中一半不加粗": ("paragraph", 0),
        "全段加粗": ("paragraph", 0),
        "正文": ("paragraph", 0),
    }
    hints = {block.text: (block.centered, block.bold) for block in source.blocks}
    assert hints["样式居中加粗"] == (True, True)
    assert hints["居中一半不加粗"] == (True, False)
    assert hints["全段加粗"] == (False, True)
    assert hints["正文"] == (False, False)


def test_word_heading_level_names():
    assert [word_heading_level(name) for name in ("Title", "标题", "Heading 1", "heading 2", "标题 3", "标题4", "Heading 9", "Normal", "Subtitle")] == [
        1, 1, 2, 3, 4, 5, 5, 0, 0,
    ]


# --- tables ------------------------------------------------------------------------------------


def test_table_merged_cells_appear_once_with_their_spans(tmp_path):
    document = docx.Document()
    document.add_paragraph("表1  2023年党员发展情况统计表")
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 0)).text = "党支部"  # vertical merge
    table.cell(0, 1).merge(table.cell(0, 3)).text = "发展党员情况"  # horizontal merge
    for column, text in zip((1, 2, 3), ("申请人", "积极分子", "发展对象")):
        table.cell(1, column).text = text
    for row, values in ((2, ("机关支部", "6", "4", "2")), (3, ("合计", "38", "21", "11"))):
        for column, text in enumerate(values):
            table.cell(row, column).text = text
    table.cell(3, 3).add_table(rows=1, cols=2).cell(0, 1).text = "嵌套的表"  # a table in a cell
    document.add_paragraph("从统计情况看，队伍结构进一步优化。")
    source = read(tmp_path, document)
    [block] = [block for block in source.blocks if block.kind == "table"]
    assert [[(cell.text, cell.colspan, cell.rowspan) for cell in row] for row in block.rows] == [
        [("党支部", 1, 2), ("发展党员情况", 3, 1)],
        [("申请人", 1, 1), ("积极分子", 1, 1), ("发展对象", 1, 1)],
        [("机关支部", 1, 1), ("6", 1, 1), ("4", 1, 1), ("2", 1, 1)],
        [("合计", 1, 1), ("38", 1, 1), ("21", 1, 1), ("11 嵌套的表", 1, 1)],
    ]
    assert block.text == "党支部\t发展党员情况\n申请人\t积极分子\t发展对象\n机关支部\t6\t4\t2\n合计\t38\t21\t11 嵌套的表"
    assert all_text(source).count("发展党员情况") == 1
    assert texts(source, "paragraph") == ["表1  2023年党员发展情况统计表", "从统计情况看，队伍结构进一步优化。"]


# --- notes -------------------------------------------------------------------------------------

FOOTNOTES = """
<w:footnotes>
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>
    <w:r><w:t xml:space="preserve"> 含2022年11月发展的预备党员2名。</w:t></w:r></w:p></w:footnote>
  <w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> 数据来源于党员管理信息系统。</w:t></w:r></w:p></w:footnote>
</w:footnotes>
"""
ENDNOTES = """
<w:endnotes>
  <w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote>
  <w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote>
  <w:endnote w:id="1"><w:p><w:r><w:endnoteRef/></w:r><w:r><w:t xml:space="preserve"> 见《发展党员工作细则》。</w:t></w:r></w:p></w:endnote>
</w:endnotes>
"""


def note_document(settings: str = ""):
    document = docx.Document()
    add_part(document, "footnotes.xml", CT.WML_FOOTNOTES, RT.FOOTNOTES, FOOTNOTES)
    add_part(document, "endnotes.xml", CT.WML_ENDNOTES, RT.ENDNOTES, ENDNOTES)
    if settings:
        document.settings.element.append(xml(settings))
    document.add_paragraph("一、基本情况")
    # Word numbers notes in the order the body references them: note 2 comes first here.
    paragraph_xml(
        document,
        """<w:p><w:r><w:t>全年发展预备党员9名</w:t></w:r>
             <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="2"/></w:r>
             <w:r><w:t>，按期转正7名</w:t></w:r>
             <w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>
             <w:r><w:t>。依照细则</w:t></w:r><w:r><w:endnoteReference w:id="1"/></w:r><w:r><w:t>办理。</w:t></w:r></w:p>""",
    )
    document.add_paragraph("二、主要做法")
    return document


def test_footnotes_and_endnotes_follow_the_body_and_are_referenced(tmp_path):
    source = read(tmp_path, note_document())
    paragraph = next(block for block in source.blocks if block.text.startswith("全年"))
    assert paragraph.text == "全年发展预备党员9名，按期转正7名。依照细则办理。"
    assert paragraph.refs == ((10, "1"), (17, "2"), (22, "i"))
    assert [paragraph.text[:offset][-2:] for offset, _ in paragraph.refs] == ["9名", "7名", "细则"]
    notes = [(block.label, block.text) for block in source.blocks if block.kind == "footnote"]
    assert notes == [("1", "数据来源于党员管理信息系统。"), ("2", "含2022年11月发展的预备党员2名。"), ("i", "见《发展党员工作细则》。")]
    assert [block.kind for block in source.blocks][-3:] == ["footnote"] * 3  # after the body
    assert "separator" not in all_text(source)


def test_note_labels_follow_the_documents_number_format(tmp_path):
    settings = '<w:footnotePr><w:numFmt w:val="decimalEnclosedCircle"/></w:footnotePr>'
    source = read(tmp_path, note_document(settings))
    assert [block.label for block in source.blocks if block.kind == "footnote"] == ["①", "②", "i"]


# --- images ------------------------------------------------------------------------------------


def test_inline_images_keep_their_bytes_alt_text_and_place(tmp_path):
    picture = png()
    document = docx.Document()
    paragraph = document.add_paragraph("近五年发展党员情况见图1：")
    shape = paragraph.add_run().add_picture(io.BytesIO(picture))
    shape._inline.docPr.set("descr", "发展党员人数柱状图")
    document.add_paragraph("图1  2019—2023年发展党员人数")
    leading = document.add_paragraph()
    leading.add_run().add_picture(io.BytesIO(picture))
    leading.add_run("图在文字之前")
    source = read(tmp_path, document)
    assert [(block.kind, block.text) for block in source.blocks] == [
        ("paragraph", "近五年发展党员情况见图1："),
        ("image", "发展党员人数柱状图"),
        ("paragraph", "图1  2019—2023年发展党员人数"),  # the caption stays a paragraph
        ("image", ""),
        ("paragraph", "图在文字之前"),
    ]
    names = [block.image for block in source.blocks if block.kind == "image"]
    assert names[0] == names[1] and names[0].endswith(".png")  # one picture, stored once
    assert source.images == {names[0]: picture}


def test_vml_images_are_read_too(tmp_path):
    picture = png(4, 4)
    document = docx.Document()
    document.add_paragraph("旧式图片：")
    rid, _ = document.part.get_or_add_image(io.BytesIO(picture))
    paragraph_xml(
        document,
        f"""<w:p><w:r><w:pict><v:shape style="width:40pt;height:40pt" alt="老照片">
              <v:imagedata r:id="{rid}" o:title=""/></v:shape></w:pict></w:r></w:p>""",
    )
    source = read(tmp_path, document)
    [image] = [block for block in source.blocks if block.kind == "image"]
    assert image.text == "老照片"
    assert source.images[image.image] == picture


# --- text boxes --------------------------------------------------------------------------------

TEXT_BOX = """
<w:r><mc:AlternateContent>
  <mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
      behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
    <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
    <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
    <wp:extent cx="1828800" cy="457200"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="9" name="文本框 9"/>
    <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
      <wps:wsp><wps:spPr/><wps:txbx><w:txbxContent>
        <w:p><w:r><w:t>典型经验：党员先锋岗</w:t></w:r></w:p>
        <w:p><w:r><w:t>设立29个</w:t></w:r></w:p>
      </w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp>
    </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
  <mc:Fallback><w:pict><v:shape style="width:144pt;height:36pt"><v:textbox><w:txbxContent>
        <w:p><w:r><w:t>典型经验：党员先锋岗</w:t></w:r></w:p>
        <w:p><w:r><w:t>设立29个</w:t></w:r></w:p>
  </w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>
</mc:AlternateContent></w:r>
"""


def test_text_box_text_comes_once_after_its_paragraph(tmp_path):
    document = docx.Document()
    paragraph_xml(document, f"<w:p><w:r><w:t>坚持把党建工作与业务工作同谋划。</w:t></w:r>{TEXT_BOX}</w:p>")
    document.add_paragraph("下一段。")
    source = read(tmp_path, document)
    assert texts(source) == ["坚持把党建工作与业务工作同谋划。", "典型经验：党员先锋岗", "设立29个", "下一段。"]
    assert all_text(source).count("典型经验") == 1


# --- revisions and comments --------------------------------------------------------------------


def test_tracked_changes_are_read_accepted_with_a_warning(tmp_path):
    document = docx.Document()
    revision = 'w:author="审核人" w:date="2023-12-20T10:00:00Z"'
    paragraph_xml(
        document,
        f"""<w:p><w:r><w:t>全年共开展义诊活动</w:t></w:r>
             <w:del w:id="1" {revision}><w:r><w:delText>18场</w:delText></w:r></w:del>
             <w:ins w:id="2" {revision}><w:r><w:t>21场</w:t></w:r></w:ins>
             <w:r><w:t>。</w:t></w:r>
             <w:moveFrom w:id="3" {revision}><w:r><w:t>挪走的话。</w:t></w:r></w:moveFrom></w:p>""",
    )
    paragraph_xml(document, f'<w:p><w:moveTo w:id="4" {revision}><w:r><w:t>挪走的话。</w:t></w:r></w:moveTo></w:p>')
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "保留的行"
    table.cell(1, 0).text = "删掉的行"
    table.rows[1]._tr.get_or_add_trPr().append(xml(f'<w:del w:id="5" {revision}/>'))
    source = read(tmp_path, document)
    assert texts(source) == ["全年共开展义诊活动21场。", "挪走的话。", "保留的行"]
    [warning] = [problem for problem in source.problems if "修订" in problem.message]
    assert warning.severity == "warning"
    assert warning.line == 1
    assert warning.message.startswith("文档含有未接受的修订（4 处")
    assert "插入 1 处" in warning.message and "删除 2 处" in warning.message and "移动 1 处" in warning.message
    assert "已按接受全部修订后的内容读取" in warning.message


def test_a_deleted_numbered_paragraph_leaves_no_gap_in_the_numbers(tmp_path):
    document = docx.Document()
    add_numbering(document, [OUTLINE_NUMBERING.format(abstract=50)], ['<w:num w:numId="50"><w:abstractNumId w:val="50"/></w:num>'])
    revision = 'w:author="审核人" w:date="2023-12-20T10:00:00Z"'
    numbered(document, "组织建设有待加强", 50, 1)
    paragraph_xml(
        document,
        f"""<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="50"/></w:numPr><w:rPr><w:del w:id="1" {revision}/></w:rPr></w:pPr>
             <w:del w:id="2" {revision}><w:r><w:delText>删掉的一条</w:delText></w:r></w:del></w:p>""",
    )
    numbered(document, "队伍建设有待加强", 50, 1)
    source = read(tmp_path, document)
    assert texts(source) == ["（一）组织建设有待加强", "（二）队伍建设有待加强"]


COMMENTS = """
<w:comments><w:comment w:id="0" w:author="王科长" w:initials="W">
  <w:p><w:r><w:annotationRef/></w:r><w:r><w:t>这个数字再核实一下</w:t></w:r></w:p>
</w:comment></w:comments>
"""


def test_comments_are_left_out_with_a_warning(tmp_path):
    document = docx.Document()
    add_part(document, "comments.xml", CT.WML_COMMENTS, RT.COMMENTS, COMMENTS)
    document.add_paragraph("开头一段。")
    paragraph_xml(
        document,
        """<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>全年发展党员9名。</w:t></w:r><w:commentRangeEnd w:id="0"/>
             <w:r><w:commentReference w:id="0"/></w:r></w:p>""",
    )
    source = read(tmp_path, document)
    assert texts(source) == ["开头一段。", "全年发展党员9名。"]
    assert "核实" not in all_text(source)
    [warning] = [problem for problem in source.problems if "批注" in problem.message]
    assert warning.message == "文档含有 1 条批注，批注不会发布"
    assert (warning.line, warning.severity) == (2, "warning")


# --- what cannot be carried over ---------------------------------------------------------------


def test_what_cannot_be_read_is_named_with_where_it_stood(tmp_path):
    document = docx.Document()
    document.add_paragraph("第一段。")
    chart = """<w:p><w:r><w:drawing><wp:inline><wp:extent cx="1" cy="1"/><wp:docPr id="3" name="图表 3"/>
        <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">
        <c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId99"/></a:graphicData></a:graphic>
        </wp:inline></w:drawing></w:r></w:p>"""
    paragraph_xml(document, chart)
    paragraph_xml(
        document,
        """<w:p><w:r><w:t>见附表</w:t></w:r><w:r><w:object><v:shape style="width:1pt;height:1pt"/>
             <o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" DrawAspect="Content" r:id="rId98"/>
           </w:object></w:r></w:p>""",
    )
    paragraph_xml(
        document,
        """<w:p><w:r><w:t>增长率为</w:t></w:r><m:oMath><m:f><m:num><m:r><m:t>a-b</m:t></m:r></m:num>
             <m:den><m:r><m:t>b</m:t></m:r></m:den></m:f></m:oMath></w:p>""",
    )
    paragraph_xml(
        document,
        """<w:p><w:r><w:drawing><wp:inline><wp:docPr id="4" name="图片 4"/><a:graphic>
             <a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:blipFill>
             <a:blip r:link="rId97"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>""",
    )
    source = read(tmp_path, document)
    assert texts(source) == ["第一段。", "见附表", "增长率为(a-b)/b"]
    messages = {problem.line: problem.message for problem in source.problems}
    assert messages == {
        2: "第 2 段：嵌入对象（图表）未能读取，已略过",
        3: "第 3 段：嵌入对象（Excel 表格）未能读取，已略过",
        4: "第 4 段：公式只保留了文字（分式写作 a/b，上下标写作 ^、_），排版已略去",
        5: "第 5 段：链接的图片（未嵌入文档）未能读取，已略过",
    }
    assert all(problem.severity == "warning" for problem in source.problems)


def test_line_breaks_tabs_symbols_and_hidden_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("")  # an empty paragraph still counts
    signature = document.add_paragraph("中共某某公司委员会")
    signature.add_run().add_break()
    signature.add_run("2023年12月25日")
    title = document.add_paragraph("某某公司党委关于2023年", style="Title")
    title.add_run().add_break()
    title.add_run("党员发展工作情况的报告")
    paragraph_xml(
        document,
        """<w:p><w:r><w:t>姓名</w:t><w:tab/><w:t>张三</w:t><w:sym w:font="Wingdings" w:char="F0FC"/>
             <w:t>已完成</w:t><w:noBreakHyphen/><w:t>一</w:t></w:r>
             <w:r><w:rPr><w:vanish/></w:rPr><w:t>藏起来的话</w:t></w:r></w:p>""",
    )
    source = read(tmp_path, document)
    assert [(block.line, block.kind, block.text) for block in source.blocks] == [
        (2, "paragraph", "中共某某公司委员会"),
        (3, "paragraph", "2023年12月25日"),
        (4, "title", "某某公司党委关于2023年党员发展工作情况的报告"),
        (5, "paragraph", "姓名 张三✔已完成-一"),
    ]
    assert [problem.message for problem in source.problems] == ["第 5 段：隐藏文字未读入"]


def test_table_of_contents_is_left_out(tmp_path):
    document = docx.Document()
    styles = document.styles.element
    styles.append(xml('<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>'))
    paragraph_xml(document, '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>一、主要工作情况</w:t></w:r><w:r><w:tab/><w:t>1</w:t></w:r></w:p>')
    document.add_paragraph("一、主要工作情况", style="Heading 1")
    source = read(tmp_path, document)
    assert texts(source) == ["一、主要工作情况"]
    assert [problem.message for problem in source.problems] == ["第 1 段：目录已略过（网页另有目录）"]


# --- the whole document ------------------------------------------------------------------------


def rich_document():
    """A document with a bit of everything above."""
    document = note_document()
    document.core_properties.title = "某某公司党委2023年党员发展工作情况的报告"
    document.core_properties.author = "公司党委办公室"
    add_numbering(document, [OUTLINE_NUMBERING.format(abstract=50)], ['<w:num w:numId="50"><w:abstractNumId w:val="50"/></w:num>'])
    numbered(document, "主要工作情况", 50, 0)
    numbered(document, "坚持理论武装", 50, 1)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "合并的表头"
    for column, text in enumerate(("甲", "乙", "丙")):
        table.cell(1, column).text = text
    paragraph = document.add_paragraph("图1  示意图")
    paragraph.add_run().add_picture(io.BytesIO(png()))
    paragraph_xml(document, f"<w:p><w:r><w:t>旁边有文本框。</w:t></w:r>{TEXT_BOX}</w:p>")
    revision = 'w:author="审核人" w:date="2023-12-20T10:00:00Z"'
    paragraph_xml(
        document,
        f"""<w:p><w:r><w:t>义诊</w:t></w:r><w:del w:id="11" {revision}><w:r><w:delText>18场</w:delText></w:r></w:del>
             <w:ins w:id="12" {revision}><w:r><w:t>21场</w:t></w:r></w:ins></w:p>""",
    )
    return document


def word_texts(file: Path) -> list[str]:
    """Every w:t of the body and the notes, found with lxml alone: what the reader must not lose.
    Left out: deleted and moved-away text (read with changes accepted), the notes' separators."""
    found = []
    with zipfile.ZipFile(file) as archive:
        names = set(archive.namelist())
        for name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml"):
            if name not in names:
                continue
            root = etree.fromstring(archive.read(name))
            for t in root.iter(f"{{{W}}}t"):
                ancestors = {element.tag for element in t.iterancestors()}
                if {f"{{{W}}}del", f"{{{W}}}moveFrom"} & ancestors:
                    continue
                if t.text and t.text.strip():
                    found.append(t.text.strip())
    return found


def test_nothing_is_lost(tmp_path):
    file = save(tmp_path, rich_document())
    source = read_docx(file, "reports/report.docx")
    whole = all_text(source)
    expected = word_texts(file)
    assert len(expected) > 20
    assert [text for text in expected if text not in whole] == []
    assert "18场" not in whole


def test_rich_document_blocks_lines_and_fields(tmp_path):
    file = save(tmp_path, rich_document())
    source = read_docx(file, "reports/report.docx")
    assert source.path == "reports/report.docx"
    assert source.encoding == "docx"
    lines = [block.line for block in source.blocks]
    assert lines == sorted(set(lines)) and lines[0] >= 1
    assert {block.kind for block in source.blocks} == {"paragraph", "table", "image", "footnote"}
    assert "一、主要工作情况" in texts(source) and "（一）坚持理论武装" in texts(source)
    assert source.document_fields == {"title": "某某公司党委2023年党员发展工作情况的报告", "author": "公司党委办公室"}
    # python-docx's own default author is no author at all.
    assert read(tmp_path, docx.Document()).document_fields == {}


# --- bad files ---------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["junk", "zip without a document", "broken xml"])
def test_a_file_that_is_not_a_word_document_is_an_input_error(tmp_path, content):
    file = tmp_path / "report.docx"
    if content == "junk":
        file.write_bytes(b"\x00\x01 this is not a zip file " * 100)
    else:
        with zipfile.ZipFile(file, "w") as archive:
            if content == "broken xml":
                good = zipfile.ZipFile(save(tmp_path, docx.Document(), "good.docx"))
                for item in good.infolist():
                    data = good.read(item.filename)
                    archive.writestr(item, data[:200] if item.filename == "word/document.xml" else data)
            else:
                archive.writestr("hello.txt", "你好")
    with pytest.raises(InputError) as caught:
        read_docx(file, "reports/report.docx")
    assert caught.value.path == "reports/report.docx"
    assert caught.value.line == 1
    assert caught.value.message.startswith("不是有效的 Word (.docx) 文件：")


def test_the_reader_declares_its_format():
    assert DOCX.formats == ("docx",) and DOCX.suffixes == (".docx",) and DOCX.read is read_docx
    assert DOCX.missing() is None


# --- real documents ----------------------------------------------------------------------------


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else []


@pytest.mark.skipif(not (CORPUS / "truth.json").is_file(), reason="no shared corpus here")
@pytest.mark.parametrize("file", corpus_documents(), ids=lambda file: file.name)
def test_corpus_documents_keep_their_text_and_headings(file):
    truth = {entry["file"]: entry for entry in json.loads((CORPUS / "truth.json").read_text(encoding="utf-8"))}
    if file.name not in truth:
        pytest.skip("no labels for this document")
    expected = truth[file.name]
    source = read_docx(file, file.name)
    whole = all_text(source) + "\n" + "\n".join(cell.text for block in source.blocks for row in block.rows or [] for cell in row)
    assert [text for text in expected["keep"] if text not in whole] == []
    assert [text for text in expected.get("noise", []) if text in whole] == []
    assert [heading for heading in expected["headings"] if not any(block.text.startswith(heading) for block in source.blocks)] == []
    assert all(isinstance(cell, Cell) for block in source.blocks for row in block.rows or [] for cell in row)
    lines = [block.line for block in source.blocks]
    assert lines == sorted(set(lines))


# --- more of what Word writes ------------------------------------------------------------------


def test_numbering_linked_to_heading_styles_through_a_numbering_style(tmp_path):
    """Word's multilevel lists "linked to headings": Heading 1/2 name the levels, and the list
    itself is a numbering style the abstract numbering links to (numStyleLink)."""
    document = docx.Document()
    document.styles.element.append(
        xml('<w:style w:type="numbering" w:styleId="OutlineList"><w:name w:val="公文大纲"/><w:pPr><w:numPr><w:numId w:val="91"/></w:numPr></w:pPr></w:style>')
    )
    add_numbering(
        document,
        [
            """<w:abstractNum w:abstractNumId="90"><w:styleLink w:val="OutlineList"/>
                 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/>
                   <w:pStyle w:val="Heading1"/></w:lvl>
                 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>
                   <w:pStyle w:val="Heading2"/></w:lvl>
               </w:abstractNum>""",
            '<w:abstractNum w:abstractNumId="92"><w:numStyleLink w:val="OutlineList"/></w:abstractNum>',
        ],
        ['<w:num w:numId="91"><w:abstractNumId w:val="90"/></w:num>', '<w:num w:numId="93"><w:abstractNumId w:val="92"/></w:num>'],
    )
    for style_id, level in (("Heading1", 0), ("Heading2", 1)):
        style = document.styles.element.get_by_id(style_id)
        style.get_or_add_pPr().append(xml(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="93"/></w:numPr>'))
    document.add_paragraph("主要工作情况", style="Heading 1")
    document.add_paragraph("坚持理论武装", style="Heading 2")
    document.add_paragraph("规范组织生活", style="Heading 2")
    document.add_paragraph("存在的问题", style="Heading 1")
    document.add_paragraph("队伍建设有待加强", style="Heading 2")
    source = read(tmp_path, document)
    assert [(block.text, block.level) for block in source.blocks] == [
        ("一、主要工作情况", 2),
        ("（一）坚持理论武装", 3),
        ("（二）规范组织生活", 3),
        ("二、存在的问题", 2),
        ("（一）队伍建设有待加强", 3),
    ]


def test_images_and_text_boxes_in_table_cells(tmp_path):
    picture = png()
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "照片"
    table.cell(0, 1).paragraphs[0].add_run().add_picture(io.BytesIO(picture))
    table.cell(0, 0).paragraphs[0]._p.append(xml(TEXT_BOX))
    document.add_paragraph("表后一段。")
    source = read(tmp_path, document)
    assert [(block.kind, block.text) for block in source.blocks] == [
        ("table", "照片 典型经验：党员先锋岗 设立29个\t"),
        ("image", ""),
        ("paragraph", "表后一段。"),
    ]
    assert list(source.images.values()) == [picture]


def test_fields_content_controls_and_hyperlinks_keep_their_text(tmp_path):
    document = docx.Document()
    paragraph_xml(
        document,
        """<w:p><w:r><w:t xml:space="preserve">详见</w:t></w:r>
             <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "http://example.cn" </w:instrText></w:r>
             <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>门户网站</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
             <w:hyperlink r:id="rId1"><w:r><w:t>和公告栏</w:t></w:r></w:hyperlink>
             <w:fldSimple w:instr=" DATE "><w:r><w:t>2023年12月25日</w:t></w:r></w:fldSimple></w:p>""",
    )
    paragraph_xml(
        document,
        """<w:sdt><w:sdtPr><w:alias w:val="单位"/></w:sdtPr><w:sdtContent>
             <w:p><w:r><w:t>中共某某公司委员会</w:t></w:r></w:p></w:sdtContent></w:sdt>""",
    )
    source = read(tmp_path, document)
    assert texts(source) == ["详见门户网站和公告栏2023年12月25日", "中共某某公司委员会"]
    assert "HYPERLINK" not in all_text(source)
    assert [block.line for block in source.blocks] == [1, 2]
