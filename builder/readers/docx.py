"""Word (.docx): the body as Word shows it, read with python-docx and, where it has no API, its XML.

What comes out, block by block, in reading order:

- paragraphs, with Word's automatic numbers written out as Word shows them ("一、", "（一）",
  "1.", "①"…, from numbering.xml); "title" and "heading" blocks from the Title and Heading 1-4
  styles (and styles based on them); `centered` and `bold` as hints for the later stages;
- tables, merged cells once, spanning what they cover; a table inside a cell is flattened into
  the cell's text;
- images (DrawingML and VML), their bytes in `Source.images`; text boxes and shapes' text
  after the paragraph that anchors them;
- footnotes then endnotes after the body, labelled as Word labels them, the paragraph that
  references one holding the place of its mark in `refs`.

Tracked changes are read accepted (insertions kept, deletions dropped); comments, headers and
footers are left out. So are Word's table of contents (the page makes its own) and hidden text,
with a warning, as for all that cannot be carried over (charts, SmartArt, embedded objects,
linked images…): the warning names it and where it stood. An equation keeps its text as a line.

`line` counts the body's items, as "第 N 段" in messages: every paragraph and table of the
body, empty ones too, as Word has them; a block the reader adds beside them (a line after a
soft line break, an image, a text box's paragraph, a note) takes the next number, so the count
grows from block to block. A soft line break (or a page break) inside a body paragraph starts a
new paragraph block: in reports it separates lines that stand apart (a signature, a date, an
address). In a title or heading it only wraps a long line, so there the parts are joined.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Block, Cell, InputError, Problem, Source
from . import Reader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
V = "{urn:schemas-microsoft-com:vml}"
O = "{urn:schemas-microsoft-com:office:office}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

W_VAL = W + "val"
W_P, W_R, W_T, W_TBL, W_TR, W_TC = W + "p", W + "r", W + "t", W + "tbl", W + "tr", W + "tc"
W_PPR, W_RPR, W_TRPR, W_TCPR = W + "pPr", W + "rPr", W + "trPr", W + "tcPr"
W_DEL, W_TXBX_CONTENT = W + "del", W + "txbxContent"
MC_ALTERNATE, MC_CHOICE, MC_FALLBACK = MC + "AlternateContent", MC + "Choice", MC + "Fallback"
RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
NOTE_REFERENCES = {W + "footnoteReference": "footnote", W + "endnoteReference": "endnote"}

# Elements around runs that hold text to read as it stands. Not w:del nor w:moveFrom: the text
# they hold is what accepting the changes takes out.
INLINE_WRAPPERS = {
    W + name
    for name in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "fldSimple", "sdt", "sdtContent", "dir", "bdo", "rubyBase")
}
# Elements around paragraphs, rows and cells: content controls and custom XML.
BLOCK_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml"}

GRAPHICS_SKIPPED = {  # DrawingML content with no text or picture of its own to carry over
    "http://schemas.openxmlformats.org/drawingml/2006/chart": "嵌入对象（图表）未能读取，已略过",
    "http://schemas.microsoft.com/office/drawing/2014/chartex": "嵌入对象（图表）未能读取，已略过",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram": "SmartArt 图形未能读取，已略过",
    "http://schemas.microsoft.com/office/word/2010/wordprocessingInk": "墨迹（手写内容）未能读取，已略过",
}
OBJECT_KINDS = (  # OLE ProgID prefixes, as a reader knows the objects
    ("Excel.Chart", "Excel 图表"),
    ("Excel", "Excel 表格"),
    ("Equation", "公式"),
    ("Word", "Word 文档"),
    ("PowerPoint", "PowerPoint 演示文稿"),
    ("Visio", "Visio 图"),
    ("AcroExch", "PDF 文件"),
    ("Package", "文件包"),
)
WEB_UNFRIENDLY_IMAGES = (".emf", ".wmf", ".tif", ".tiff")

REVISIONS = {  # tracked changes, by what accepting them does (a move counted once, at w:moveFrom)
    W + "ins": "插入",
    W + "del": "删除",
    W + "moveFrom": "移动",
    W + "cellIns": "插入",
    W + "cellDel": "删除",
    **{
        W + name + "Change": "格式"
        for name in ("rPr", "pPr", "sectPr", "tblPr", "tblPrEx", "trPr", "tcPr", "tblGrid", "numbering")
    },
}


def read_docx(file: Path, path: str) -> Source:
    document = open_document(file, path)
    reading = Reading(document, path)
    body = document.element.body
    reading.body(body)
    reading.notes()
    roots = [body] + [notes.root for notes in reading.note_kinds.values() if notes.root is not None]
    return Source(
        path=path,
        blocks=reading.blocks,
        encoding="docx",
        images=reading.images,
        problems=reading.warnings(roots),
        document_fields=core_fields(document),
    )


def open_document(file: Path, path: str):
    import docx  # python-docx; imported here as only .docx sources need it
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree  # installed with python-docx

    try:
        return docx.Document(str(file))
    except PackageNotFoundError:
        reason = "不是 ZIP 压缩包，或压缩包不完整"
    except (zipfile.BadZipFile, zlib.error, EOFError):
        reason = "压缩包已损坏"
    except KeyError as error:  # "There is no item named 'word/document.xml' in the archive"
        named = re.search(r"'([^']+)'", str(error))
        reason = f"缺少必需的部件 {named.group(1)}" if named else "缺少必需的部件"
    except etree.XMLSyntaxError as error:
        reason = f"XML 内容已损坏（{error}）"
    except ValueError:
        # python-docx opens only the plain document type: not .docm, .dotx, nor other Office files.
        reason = "主文档不是普通 Word 文档（可能是启用宏的文档、模板或其他 Office 文件），请在 Word 中另存为 .docx"
    raise InputError(path, 1, f"不是有效的 Word (.docx) 文件：{reason}") from None


# What programs write as a document's title or author when nobody gave one.
PLACEHOLDER_PROPERTIES = {
    "python-docx",
    "word document",
    "administrator",
    "user",
    "microsoft office user",
    "microsoft office 用户",
    "windows user",
    "windows 用户",
}


def core_fields(document) -> dict[str, str]:
    """The core properties' title and author ("title", "author"), when set to something."""
    properties = document.core_properties
    found = {"title": properties.title, "author": properties.author}
    found = {key: (value or "").strip() for key, value in found.items()}
    return {key: value for key, value in found.items() if value and value.lower() not in PLACEHOLDER_PROPERTIES}


def word_heading_level(style: str) -> int:
    """Page level of a Word paragraph style: Title -> 1, Heading 1 -> 2 ... Heading 4 (and below) -> 5.

    Word keeps the English names of its built-in styles ("heading 1", "Title") whatever the
    language it runs in; WPS and others may write the Chinese ones ("标题 1", "标题").
    """
    name = style.lower().replace(" ", "")
    if name in ("title", "标题"):
        return 1
    for prefix in ("heading", "标题"):
        rest = name[len(prefix) :]
        if name.startswith(prefix) and rest.isdigit() and int(rest) >= 1:
            return min(int(rest) + 1, 5)
    return 0


DOCX = Reader("Word 文档 (.docx)", ("docx",), (".docx",), read_docx)


# --- reading the body -------------------------------------------------------------------------


@dataclass
class Text:
    """Text as it goes into a block, with the notes it references ((offset, label)) and whether it is all bold."""

    text: str = ""
    refs: list[tuple[int, str]] = field(default_factory=list)
    bold: bool = False

    def prefixed(self, label: str) -> Text:
        return Text(label + self.text, [(offset + len(label), mark) for offset, mark in self.refs], self.bold)

    def extend(self, other: Text, gap: str) -> None:
        if self.text and other.text:
            self.text += gap
        self.refs += [(offset + len(self.text), mark) for offset, mark in other.refs]
        if other.text:
            self.bold = (self.bold or not self.text) and other.bold
            self.text += other.text


def joined(parts: list[Text], gap: str | None = None) -> Text:
    """Parts as one text, `gap` between them; None: nothing between Chinese, a space between words."""
    whole = Text()
    for part in parts:
        if part.text or part.refs:
            between = gap if gap is not None else word_gap(whole.text, part.text)
            whole.extend(part, between)
    return whole


def word_gap(before: str, after: str) -> str:
    if before and after and before[-1].isascii() and after[0].isascii() and before[-1].isalnum() and after[0].isalnum():
        return " "
    return ""


class Line:
    """One line of a paragraph as its runs are read."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.length = 0
        self.refs: list[tuple[int, str]] = []
        self.bold = True  # until a piece of visible text is not

    def text(self) -> Text:
        raw = "".join(self.pieces)
        text = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        refs = [(min(max(offset - lead, 0), len(text)), mark) for offset, mark in self.refs]
        return Text(text, refs, self.bold and bool(text))


class Content:
    """What one paragraph holds: its lines (split at line breaks), and the images and text boxes
    in it — an image ahead of any text goes before the paragraph, the rest after it."""

    def __init__(self, style: str | None):
        self.style = style  # the paragraph's style, which runs take their bold from
        self.lines = [Line()]
        self.before: list[tuple] = []  # ("image", name, alt)
        self.after: list[tuple] = []  # ("image", name, alt) or ("box", w:txbxContent)
        self.has_text = False

    def add(self, text: str, bold: bool) -> None:
        line = self.lines[-1]
        line.pieces.append(text)
        line.length += len(text)
        if text and not text.isspace():
            line.bold = line.bold and bold
            self.has_text = True

    def ref(self, label: str) -> None:
        self.lines[-1].refs.append((self.lines[-1].length, label))

    def line_break(self) -> None:
        self.lines.append(Line())

    def image(self, name: str, alt: str) -> None:
        (self.after if self.has_text else self.before).append(("image", name, alt))

    def box(self, text_box) -> None:
        self.after.append(("box", text_box))

    def texts(self) -> list[Text]:
        """The lines with text; a note reference alone on a line stays with the line before."""
        texts: list[Text] = []
        for line in self.lines:
            text = line.text()
            if text.text:
                texts.append(text)
            elif text.refs and texts:
                texts[-1].refs += [(len(texts[-1].text), mark) for _, mark in text.refs]
        return texts


class Reading:
    """One document being read: the blocks so far, the images, the running line count, and what
    was skipped where."""

    def __init__(self, document, path: str):
        self.path = path
        self.document_part = document.part
        self.part = document.part  # the part whose relationships name the images being read
        self.styles = Styles(document.styles.element)
        self.extra_problems: list[Problem] = []  # about the parts themselves
        self.numbering = Numbering(self.part_root(related_part(document.part, RT_NUMBERING)), self.styles)
        section = document.element.body.find(W + "sectPr")
        settings = document.settings.element
        self.note_kinds = {
            "footnote": Notes(self, RT_FOOTNOTES, "footnote", settings, section),
            "endnote": Notes(self, RT_ENDNOTES, "endnote", settings, section),
        }
        self.blocks: list[Block] = []
        self.images: dict[str, bytes] = {}
        self.image_names: dict[str, str] = {}  # part name -> name in `images`
        self.line = 0  # the last number given
        self.skipped: dict[str, list[int]] = {}  # what -> the lines it stood at
        self.tops: dict = {}  # body item (or note) -> its line, to place what a scan finds

    # --- parts ---

    def part_root(self, part):
        """The XML of a part (None for no part): parsed here if python-docx has no class for it."""
        from docx.oxml.parser import parse_xml
        from lxml import etree

        if part is None:
            return None
        element = getattr(part, "element", None)
        if element is not None:
            return element
        try:
            return parse_xml(part.blob)
        except etree.XMLSyntaxError:
            self.extra_problems.append(Problem(self.path, 1, f"文档部件 {part.partname} 已损坏，未能读取", "warning"))
            return None

    # --- blocks ---

    def add(self, kind: str, text: str, **details) -> None:
        self.line += 1
        self.blocks.append(Block(kind, text, self.line, **details))

    def skip(self, what: str) -> None:
        """Note something not carried over, at the item being read (the next line number)."""
        self.skipped.setdefault(what, []).append(self.line + 1)

    def body(self, container) -> None:
        """The paragraphs and tables of the body, or of a text box."""
        for item in children(container, (W_P, W_TBL, W + "altChunk")):
            first = self.line
            self.tops[item] = first + 1
            if item.tag == W_P:
                self.paragraph(item)
            elif item.tag == W_TBL:
                self.table(item)
            else:
                self.skip("嵌入的外部文档（altChunk）未能读取，已略过")
            if self.line == first:  # an empty item still counts, as Word shows it
                self.line += 1

    def paragraph(self, p) -> None:
        props = p.find(W_PPR)
        style = self.styles.of_paragraph(props)
        if self.styles.is_toc(style):
            # The page has its own table of contents; Word's would repeat every heading.
            self.skip("目录已略过（网页另有目录）")
            return
        texts, content = self.paragraph_texts(p, props, style)
        kind, level = self.styles.kind(style)
        if kind != "paragraph" and len(texts) > 1:
            texts = [joined(texts)]
        centered = self.styles.centered(props, style)
        self.extras(content.before)
        for text in texts:
            self.add(kind, text.text, level=level, refs=tuple(text.refs), centered=centered, bold=text.bold)
        self.extras(content.after)

    def extras(self, items: list[tuple]) -> None:
        for kind, *details in items:
            if kind == "image":
                name, alt = details
                self.add("image", alt, image=name)
            else:
                self.body(details[0])

    def paragraph_texts(self, p, props, style) -> tuple[list[Text], Content]:
        """A paragraph's lines of text, its number written out before the first, and what it holds."""
        # Counted even for an empty paragraph, as Word does; not for a deleted one, which
        # accepting the changes merges into the next.
        label = "" if mark_deleted(props) else self.numbering.label(props, style)
        content = Content(style)
        self.inline(p, content)
        texts = content.texts()
        if label and texts:
            texts[0] = texts[0].prefixed(label)
        return texts, content

    def table(self, tbl) -> None:
        images: list[tuple] = []
        rows = self.rows(tbl, images)
        text = table_text(rows)
        if text.text.strip():
            cells = [[cell for cell, _ in row] for row in rows]
            self.add("table", text.text, rows=cells, refs=tuple(text.refs))
        self.extras(images)

    def rows(self, tbl, images: list[tuple]) -> list[list[tuple[Cell, Text]]]:
        """A table's rows of (cell, its text); a merged cell once, in the row and column it starts."""
        rows: list[list[tuple[Cell, Text]]] = []
        above: dict[int, tuple[Cell, Text]] = {}  # grid column -> the cell starting there, for vMerge
        for tr in children(tbl, (W_TR,)):
            row_props = tr.find(W_TRPR)
            if row_props is not None and row_props.find(W_DEL) is not None:
                continue  # a deleted row: changes are read accepted
            row: list[tuple[Cell, Text]] = []
            column = integer(value_of(row_props, W + "gridBefore"), 0)
            for tc in children(tr, (W_TC,)):
                cell_props = tc.find(W_TCPR)
                span = max(1, integer(value_of(cell_props, W + "gridSpan"), 1))
                text = self.flat(tc, images)
                if merge_of(cell_props, W + "vMerge") == "continue" and column in above:
                    merged, merged_text = above[column]
                    merged.rowspan += 1
                    merged_text.extend(text, " ")  # such a cell is empty in Word; nothing is lost if not
                elif merge_of(cell_props, W + "hMerge") == "continue" and row:
                    merged, merged_text = row[-1]  # the old way of merging across
                    merged.colspan += span
                    merged_text.extend(text, " ")
                else:
                    cell = Cell("", span)
                    row.append((cell, text))
                    for covered in range(column, column + span):
                        above.pop(covered, None)
                    above[column] = (cell, text)
                column += span
            rows.append(row)
        for row in rows:
            for cell, text in row:
                cell.text = text.text
        return rows

    def flat(self, container, images: list[tuple]) -> Text:
        """The text of a cell, a note or a text box in a cell as one line: its paragraphs (and any
        table or text box in them) joined by spaces. Its images go to `images`."""
        parts: list[Text] = []
        for item in children(container, (W_P, W_TBL)):
            if item.tag == W_TBL:
                parts += [text for row in self.rows(item, images) for _, text in row]
                continue
            props = item.find(W_PPR)
            texts, content = self.paragraph_texts(item, props, self.styles.of_paragraph(props))
            parts += texts
            for kind, *details in content.before + content.after:
                if kind == "image":
                    images.append((kind, *details))
                else:
                    parts.append(self.flat(details[0], images))
        return joined(parts, " ")

    # --- runs ---

    def inline(self, parent, content: Content) -> None:
        """The runs of a paragraph, through the hyperlinks, fields and insertions around them."""
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self.run(child, content)
            elif tag in INLINE_WRAPPERS:
                self.inline(child, content)
            elif tag == MC_ALTERNATE:
                self.inline(chosen(child), content)
            elif tag in (M + "oMath", M + "oMathPara"):
                content.add(math_text(child), False)
                self.skip("公式只保留了文字（分式写作 a/b，上下标写作 ^、_），排版已略去")

    def run(self, run, content: Content) -> None:
        props = run.find(W_RPR)
        if props is not None and is_on(props.find(W + "vanish")):
            if any((t.text or "").strip() for t in run.iter(W_T)):
                self.skip("隐藏文字未读入")
            return
        self.run_content(run, self.styles.bold(props, content.style), content)

    def run_content(self, parent, bold: bool, content: Content) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_T:
                content.add(child.text or "", bold)
            elif tag in (W + "tab", W + "ptab"):
                content.add(" ", bold)
            elif tag in (W + "br", W + "cr"):
                content.line_break()
            elif tag == W + "noBreakHyphen":
                content.add("-", bold)
            elif tag == W + "sym":
                char = symbol(child.get(W + "font"), child.get(W + "char"))
                content.add(char, bold)
                if not char:
                    self.skip(f"符号字体（{child.get(W + 'font')}）中的字符未能转换，已略过")
            elif tag in NOTE_REFERENCES:
                label = self.note_kinds[NOTE_REFERENCES[tag]].label(child.get(W + "id"))
                if label:
                    content.ref(label)
            elif tag == W + "drawing":
                frame = next(iter(child), None)  # wp:inline or wp:anchor
                self.shapes(child, alt_text(frame), content)
            elif tag == W + "pict":
                self.shapes(child, "", content)
            elif tag == W + "object":
                self.skip(f"嵌入对象（{object_kind(child)}）未能读取，已略过")
            elif tag == MC_ALTERNATE:
                self.run_content(chosen(child), bold, content)
            elif tag == W + "ruby":  # a phonetic guide: read the text it stands over
                self.inline(child.iterchildren(W + "rubyBase"), content)

    def shapes(self, element, alt: str, content: Content) -> None:
        """The pictures and text boxes of a drawing (groups and canvases included) or of VML."""
        for child in element:
            tag = child.tag
            if tag == A + "blip":
                self.picture(child.get(R + "embed"), child.get(R + "link"), alt, content)
            elif tag == V + "imagedata":
                link = child.get(R + "href") or child.get(O + "href")
                self.picture(child.get(R + "id"), link, alt or element.get("alt") or child.get(O + "title") or "", content)
            elif tag == W_TXBX_CONTENT:
                content.box(child)
            elif tag == A + "graphicData" and child.get("uri") in GRAPHICS_SKIPPED:
                self.skip(GRAPHICS_SKIPPED[child.get("uri")])
            elif tag == MC_ALTERNATE:
                self.shapes(chosen(child), alt, content)
            else:
                self.shapes(child, alt, content)

    def picture(self, rid: str | None, link: str | None, alt: str, content: Content) -> None:
        rel = self.part.rels.get(rid) if rid else None
        if rel is None or rel.is_external:
            linked = link or (rel is not None and rel.is_external)
            self.skip("链接的图片（未嵌入文档）未能读取，已略过" if linked else "图片文件缺失，已略过")
            return
        content.image(self.image_name(rel.target_part), alt)

    def image_name(self, part) -> str:
        """The image's name in `Source.images`: its file name in the package, made unique."""
        partname = str(part.partname)
        name = self.image_names.get(partname)
        if name is None:
            name = posixpath.basename(partname)
            stem, suffix = posixpath.splitext(name)
            number = 1
            while name in self.images:
                number += 1
                name = f"{stem}-{number}{suffix}"
            self.images[name] = part.blob
            self.image_names[partname] = name
            if suffix.lower() in WEB_UNFRIENDLY_IMAGES:
                self.skip(f"图片 {name} 是 {suffix[1:].upper()} 格式，网页上可能无法显示")
        return name

    # --- notes and warnings ---

    def notes(self) -> None:
        """Footnotes then endnotes, in the order of their labels; any note the body never
        references comes last, labelled on."""
        for notes in self.note_kinds.values():
            self.part = notes.part
            for note_id in notes.bodies:
                notes.label(note_id)
            for note_id in notes.order:
                element = notes.bodies[note_id]
                first = self.line
                self.tops[element] = first + 1
                images: list[tuple] = []
                text = self.flat(element, images)
                if text.text:
                    self.add("footnote", text.text, label=notes.labels[note_id])
                self.extras(images)
                if self.line == first:
                    self.line += 1
        self.part = self.document_part

    def line_of(self, element) -> int:
        while element is not None and element not in self.tops:
            element = element.getparent()
        return self.tops.get(element, 1)

    def warnings(self, roots: list) -> list[Problem]:
        problems = list(self.extra_problems)
        for what, lines in self.skipped.items():
            problems.append(Problem(self.path, lines[0], f"第 {where(lines)} 段：{what}", "warning"))
        revisions, first = count_revisions(roots)
        if revisions:
            kinds = "、".join(f"{kind} {count} 处" for kind, count in revisions.items())
            message = f"文档含有未接受的修订（{sum(revisions.values())} 处：{kinds}），"
            message += "已按接受全部修订后的内容读取；请在 Word 中核对"
            problems.append(Problem(self.path, self.line_of(first), message, "warning"))
        comments, first = count_comments(roots)
        if comments:
            problems.append(Problem(self.path, self.line_of(first), f"文档含有 {comments} 条批注，批注不会发布", "warning"))
        return sorted(problems, key=lambda problem: problem.line)


def table_text(rows: list[list[tuple[Cell, Text]]]) -> Text:
    """A table's text: a line a row, a tab between cells."""
    whole = Text()
    for number, row in enumerate(rows):
        if number:
            whole.text += "\n"
        for index, (_, text) in enumerate(row):
            if index:
                whole.text += "\t"
            whole.refs += [(offset + len(whole.text), mark) for offset, mark in text.refs]
            whole.text += text.text
    return whole


def where(lines: list[int]) -> str:
    """Lines as a message names them: "3、7、12", or the first five and how many in all."""
    unique = sorted(set(lines))
    shown = "、".join(str(line) for line in unique[:5])
    return shown if len(unique) <= 5 else f"{shown} 等 {len(unique)} 处"


def count_revisions(roots: list) -> tuple[dict[str, int], object]:
    counts: dict[str, int] = {}
    first = None
    for root in roots:
        for element in root.iter(*REVISIONS):
            # mc:Fallback repeats what mc:Choice holds.
            if next(element.iterancestors(MC_FALLBACK), None) is None:
                kind = REVISIONS[element.tag]
                counts[kind] = counts.get(kind, 0) + 1
                first = first if first is not None else element
    return counts, first


def count_comments(roots: list) -> tuple[int, object]:
    ids: set[str] = set()
    first = None
    for root in roots:
        for element in root.iter(W + "commentRangeStart", W + "commentReference"):
            ids.add(element.get(W + "id", ""))
            first = first if first is not None else element
    return len(ids), first


def mark_deleted(props) -> bool:
    """Whether a paragraph's mark is a tracked deletion (or moved away)."""
    mark = props.find(W_RPR) if props is not None else None
    return mark is not None and (mark.find(W_DEL) is not None or mark.find(W + "moveFrom") is not None)


def children(parent, tags: tuple[str, ...]):
    """`parent`'s children with these tags, looking through the content controls around them."""
    for child in parent:
        if child.tag in tags:
            yield child
        elif child.tag in BLOCK_WRAPPERS:
            yield from children(child, tags)


def chosen(alternate):
    """The one branch of mc:AlternateContent to read: the first (the Choice that Word 2010 and later
    show), never both, as they hold the same text box or picture twice."""
    return next((branch for branch in alternate if branch.tag in (MC_CHOICE, MC_FALLBACK)), ())


def alt_text(frame) -> str:
    properties = frame.find(WP + "docPr") if frame is not None else None
    if properties is None:
        return ""
    return " ".join((properties.get("descr") or properties.get("title") or "").split())


def object_kind(obj) -> str:
    ole = next(obj.iter(O + "OLEObject"), None)
    embedded = next(obj.iter(W + "objectEmbed", W + "objectLink"), None)
    program = ole.get("ProgID") if ole is not None else embedded.get(W + "progId") if embedded is not None else None
    if not program:
        return "类型不明"
    return next((kind for prefix, kind in OBJECT_KINDS if program.startswith(prefix)), program)


def math_text(element) -> str:
    """An equation as a line of text: a fraction as a/b, a superscript as a^b, a subscript as a_b."""
    tag = element.tag
    if tag == M + "t":
        return element.text or ""
    if tag == M + "f":
        return f"{math_part(element, 'num')}/{math_part(element, 'den')}"
    if tag in (M + "sSup", M + "sSub", M + "sSubSup"):
        sub, sup = math_part(element, "sub"), math_part(element, "sup")
        return math_text_of(element.find(M + "e")) + (f"_{sub}" if sub else "") + (f"^{sup}" if sup else "")
    if tag == M + "rad":
        return f"√{math_part(element, 'e')}"
    if tag == M + "d":  # delimiters: (…), […], |…|
        props = element.find(M + "dPr")
        begin, separator, end = (math_value(props, name, default) for name, default in (("begChr", "("), ("sepChr", "|"), ("endChr", ")")))
        return begin + separator.join(math_text(part) for part in element.iterchildren(M + "e")) + end
    return "".join(math_text(child) for child in element if isinstance(child.tag, str))


def math_text_of(element) -> str:
    return math_text(element) if element is not None else ""


def math_part(element, name: str) -> str:
    """The text of one part of a fraction, a script or a radical, in brackets if longer than a character."""
    text = math_text_of(element.find(M + name))
    return text if len(text) <= 1 else f"({text})"


def math_value(props, name: str, default: str) -> str:
    child = props.find(M + name) if props is not None else None
    return child.get(M + "val", default) if child is not None else default


def symbol(font: str | None, char: str | None) -> str:
    """The character of a w:sym: symbol fonts put theirs at U+F020-U+F0FF, which no web font has."""
    code = integer(char, 0, 16)
    if code < 0x100 and font and font.lower().startswith(("symbol", "wingdings")):
        code += 0xF000
    return symbol_text(chr(code) if code else "", font)


def symbol_text(text: str, font: str | None) -> str:
    """Text in a symbol font as Unicode: the common characters mapped, the others left out."""
    table = SYMBOL_FONTS.get((font or "symbol").lower(), {})
    return "".join(table.get(ord(char) - 0xF000, "") if 0xF000 <= ord(char) <= 0xF0FF else char for char in text)


SYMBOL_FONTS = {
    "symbol": {
        0xB7: "•", 0xB4: "×", 0xB8: "÷", 0xB1: "±", 0xA3: "≤", 0xB3: "≥", 0xB9: "≠", 0xBB: "≈", 0xB0: "°",
        0xAE: "→", 0xAC: "←", 0xAD: "↑", 0xAF: "↓", 0xD6: "√", 0xA5: "∞", 0xE5: "∑", 0xD5: "∏",
        0x61: "α", 0x62: "β", 0x67: "γ", 0x64: "δ", 0x65: "ε", 0x6C: "λ", 0x6D: "μ", 0x70: "π", 0x72: "ρ",
        0x73: "σ", 0x74: "τ", 0x66: "φ", 0x77: "ω", 0x44: "Δ", 0x53: "Σ", 0x57: "Ω",
    },
    "wingdings": {
        0x6C: "●", 0x6E: "■", 0xA7: "▪", 0x71: "❑", 0x75: "◆", 0x76: "❖", 0xA8: "◻", 0x6F: "□",
        0xD8: "➢", 0xE8: "➔", 0xF0: "⇨", 0xFC: "✔", 0xFB: "✘", 0xFD: "☒", 0xFE: "☑", 0x4A: "☺", 0xAB: "★",
    },
}


# --- styles -----------------------------------------------------------------------------------


@dataclass
class Style:
    name: str
    based_on: str | None
    justification: str | None
    bold: bool | None
    num_id: str | None
    level: int | None


class Styles:
    """styles.xml: the paragraph and character styles, each read through the styles it is based on."""

    def __init__(self, root):
        self.by_id: dict[str, Style] = {}
        self.default: str | None = None  # the paragraph style of a paragraph that names none
        self.kinds: dict[str | None, tuple[str, int]] = {}
        for element in root.iterchildren(W + "style"):
            style_id = element.get(W + "styleId")
            paragraph, run = element.find(W_PPR), element.find(W_RPR)
            numbering = paragraph.find(W + "numPr") if paragraph is not None else None
            self.by_id[style_id] = Style(
                name=value_of(element, W + "name") or style_id or "",
                based_on=value_of(element, W + "basedOn"),
                justification=value_of(paragraph, W + "jc"),
                bold=toggle(run.find(W + "b")) if run is not None else None,
                num_id=value_of(numbering, W + "numId"),
                level=integer(value_of(numbering, W + "ilvl"), None),
            )
            if element.get(W + "type") == "paragraph" and element.get(W + "default") in ("1", "true", "on"):
                self.default = style_id

    def chain(self, style_id: str | None):
        """The style and those it is based on, nearest first (a loop of basedOn ends)."""
        seen = set()
        while style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style_id, style
            style_id = style.based_on

    def of_paragraph(self, props) -> str | None:
        return value_of(props, W + "pStyle") or self.default

    def kind(self, style_id: str | None) -> tuple[str, int]:
        """("title", 0), ("heading", level 2-5) or ("paragraph", 0), by the nearest style name that says."""
        if style_id not in self.kinds:
            level = next((found for _, style in self.chain(style_id) if (found := word_heading_level(style.name))), 0)
            self.kinds[style_id] = ("title", 0) if level == 1 else ("heading", level) if level else ("paragraph", 0)
        return self.kinds[style_id]

    def is_toc(self, style_id: str | None) -> bool:
        name = self.by_id[style_id].name.lower() if style_id in self.by_id else ""
        return name.startswith(("toc ", "目录 "))  # "toc 1"…, "TOC Heading"

    def centered(self, props, style_id: str | None) -> bool:
        justification = value_of(props, W + "jc")
        if justification is None:
            justification = next((style.justification for _, style in self.chain(style_id) if style.justification), None)
        return justification == "center"

    def bold(self, run_props, paragraph_style: str | None) -> bool:
        """A run's bold: its own, else its character style's, else its paragraph style's."""
        if run_props is not None:
            own = toggle(run_props.find(W + "b"))
            if own is not None:
                return own
            character = self.inherited(value_of(run_props, W + "rStyle"))
            if character is not None:
                return character
        return bool(self.inherited(paragraph_style))

    def inherited(self, style_id: str | None) -> bool | None:
        return next((style.bold for _, style in self.chain(style_id) if style.bold is not None), None)

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None, str | None]:
        """The numbering a paragraph style gives: (numId, level, the style that set it)."""
        for found_id, style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.level, found_id
        return None, None, None


# --- numbering --------------------------------------------------------------------------------


@dataclass
class Level:
    start: int
    format: str
    text: str  # lvlText: "%1、", "（%2）", "%1.%2"
    suffix: str  # what follows the number: "tab", "space" or "nothing"
    restart: int | None  # lvlRestart: restart after a use of this level (1-based) or higher; 0 never
    legal: bool  # isLgl: every level's number in Arabic digits
    style: str | None  # the paragraph style this level belongs to
    font: str | None


def read_level(element) -> Level:
    number_format = value_of(element, W + "numFmt")
    if number_format is None:  # Word 2010 puts custom formats in mc:AlternateContent, a plain one as Fallback
        number_format = value_of(element.find(f"{MC_ALTERNATE}/{MC_FALLBACK}"), W + "numFmt")
    run = element.find(W_RPR)
    fonts = run.find(W + "rFonts") if run is not None else None
    return Level(
        # Word writes w:start; Pandoc and LibreOffice take 1 when it is missing, not the spec's 0.
        start=integer(value_of(element, W + "start"), 1),
        format=number_format or "decimal",
        text=value_of(element, W + "lvlText") or "",
        suffix=value_of(element, W + "suff") or "tab",
        restart=integer(value_of(element, W + "lvlRestart"), None),
        legal=is_on(element.find(W + "isLgl")),
        style=value_of(element, W + "pStyle"),
        font=fonts.get(W + "ascii") if fonts is not None else None,
    )


class Numbering:
    """numbering.xml, and the counters Word keeps while it numbers the paragraphs in order."""

    def __init__(self, root, styles: Styles):
        self.styles = styles
        self.abstracts: dict[str, dict[int, Level]] = {}
        self.style_links: dict[str, str] = {}  # abstractNum -> the numbering style it takes its levels from
        self.nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}  # numId -> (abstract, levels, starts)
        self.counters: dict[str, dict[int, int]] = {}
        if root is None:
            return
        for element in root.iterchildren(W + "abstractNum"):
            abstract_id = element.get(W + "abstractNumId")
            levels = {integer(lvl.get(W + "ilvl"), 0): read_level(lvl) for lvl in element.iterchildren(W + "lvl")}
            self.abstracts[abstract_id] = levels
            link = value_of(element, W + "numStyleLink")
            if link:
                self.style_links[abstract_id] = link
        for element in root.iterchildren(W + "num"):
            levels, starts = {}, {}
            for override in element.iterchildren(W + "lvlOverride"):
                ilvl = integer(override.get(W + "ilvl"), 0)
                if override.find(W + "lvl") is not None:
                    levels[ilvl] = read_level(override.find(W + "lvl"))
                start = integer(value_of(override, W + "startOverride"), None)
                if start is not None:
                    starts[ilvl] = start
            self.nums[element.get(W + "numId")] = (value_of(element, W + "abstractNumId"), levels, starts)

    def levels_of(self, abstract_id: str | None, depth: int = 0) -> dict[int, Level]:
        """An abstract numbering's levels; one linked to a numbering style takes that style's."""
        levels = self.abstracts.get(abstract_id, {})
        if not levels and abstract_id in self.style_links and depth < 5:
            num_id = self.styles.numbering(self.style_links[abstract_id])[0]
            if num_id in self.nums:
                return self.levels_of(self.nums[num_id][0], depth + 1)
        return levels

    def label(self, props, style: str | None) -> str:
        """The number Word shows before the paragraph ("一、", "（二）", "1.2"), counting it; or ""."""
        own = props.find(W + "numPr") if props is not None else None
        num_id, ilvl = value_of(own, W + "numId"), integer(value_of(own, W + "ilvl"), None)
        numbered_style = None
        if num_id is None:  # numbered by its style, if at all
            num_id, style_level, numbered_style = self.styles.numbering(style)
            ilvl = style_level if ilvl is None else ilvl
        if num_id not in self.nums:  # also numId 0: "no numbering", over a style's
            return ""
        abstract_id, overrides, starts = self.nums[num_id]
        levels = {**self.levels_of(abstract_id), **overrides}
        if ilvl is None and own is None:  # a style's numbering: the level that names the style
            ilvl = next((number for number, level in levels.items() if level.style in (style, numbered_style)), 0)
        ilvl = ilvl or 0
        if ilvl not in levels:
            return ""
        # Lists sharing an abstract numbering continue one another; a w:num that overrides
        # levels or start values is a list of its own (Word's "restart numbering").
        counters = self.counters.setdefault(num_id if overrides or starts else abstract_id, {})
        start = starts.get(ilvl, levels[ilvl].start)
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [number for number in counters if number > ilvl]:
            restart = levels[deeper].restart if deeper in levels else None
            if ilvl < (deeper if restart is None else restart):
                del counters[deeper]
        return self.render(levels, counters, starts, ilvl)

    def render(self, levels: dict[int, Level], counters: dict[int, int], starts: dict[int, int], ilvl: int) -> str:
        level = levels[ilvl]
        if level.format == "bullet":
            text = symbol_text(level.text, level.font)
        else:

            def number(match: re.Match) -> str:
                shown = int(match.group(1)) - 1
                if shown > ilvl or shown not in levels:
                    return ""
                # A level not yet used shows its start value, as Word does.
                value = counters.get(shown, starts.get(shown, levels[shown].start))
                return format_number(value, "decimal" if level.legal else levels[shown].format)

            text = re.sub(r"%([1-9])", number, level.text)
        text = text.strip()
        # A tab or space after "一、", "（一）", "1." or "①" is layout, not text; after "第一章"
        # or a bare "1" it keeps the words apart.
        if text and level.suffix != "nothing" and unicodedata.category(text[-1]) not in NO_SPACE_AFTER:
            text += " "
        return text


NO_SPACE_AFTER = {"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Sm", "Sc", "Sk", "So", "No"}  # punctuation, symbols, ①


def format_number(value: int, number_format: str) -> str:
    """A counter as Word writes it in a number format (ST_NumberFormat); Arabic if unknown."""
    if number_format == "none":
        return ""
    return NUMBER_FORMATS.get(number_format, str)(value) if value > 0 else str(value)


def chinese(value: int, digits: str, units: str, one_ten: bool) -> str:
    """A number in Chinese words: 十一, 二十, 一百零五; with `one_ten`, 壹拾 rather than 拾."""
    if value >= 10000:
        return str(value)
    out, zero = "", False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = value // power % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += ("" if digit == 1 and power == 10 and not out and not one_ten else digits[digit]) + unit
    return out


def roman(value: int) -> str:
    if value >= 4000:
        return str(value)
    out = ""
    for amount, numeral in zip((1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1), "M CM D CD C XC L XL X IX V IV I".split()):
        count, value = divmod(value, amount)
        out += numeral * count
    return out


def circled(value: int) -> str:
    """①-⑳, then ㉑-㉟ and ㊱-㊿; Arabic beyond."""
    for low, high, first in ((1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1)):
        if low <= value <= high:
            return chr(first + value - low)
    return str(value)


def in_range(value: int, count: int, first: int, otherwise: str) -> str:
    return chr(first + value - 1) if value <= count else otherwise


SIMPLIFIED = ("零一二三四五六七八九", "十百千")
STEMS, BRANCHES = "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉戌亥"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
IDEOGRAPH_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
NUMBER_FORMATS = {
    "decimal": str,
    "decimalHalfWidth": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate(FULL_WIDTH),
    "decimalFullWidth2": lambda n: str(n).translate(FULL_WIDTH),
    "decimalEnclosedCircle": circled,
    "decimalEnclosedCircleChinese": circled,
    "decimalEnclosedFullstop": lambda n: in_range(n, 20, 0x2488, f"{n}."),
    "decimalEnclosedParen": lambda n: in_range(n, 20, 0x2474, f"({n})"),
    "upperRoman": roman,
    "lowerRoman": lambda n: roman(n).lower(),
    "upperLetter": lambda n: chr(65 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "lowerLetter": lambda n: chr(97 + (n - 1) % 26) * ((n - 1) // 26 + 1),
    "chineseCounting": lambda n: chinese(n, *SIMPLIFIED, False),
    "chineseCountingThousand": lambda n: chinese(n, *SIMPLIFIED, False),
    "japaneseCounting": lambda n: chinese(n, *SIMPLIFIED, False),
    "taiwaneseCounting": lambda n: chinese(n, *SIMPLIFIED, False),
    "taiwaneseCountingThousand": lambda n: chinese(n, *SIMPLIFIED, False),
    "chineseLegalSimplified": lambda n: chinese(n, "零壹贰叁肆伍陆柒捌玖", "拾佰仟", True),
    "ideographLegalTraditional": lambda n: chinese(n, "零壹貳參肆伍陸柒捌玖", "拾佰仟", True),
    "ideographDigital": lambda n: str(n).translate(IDEOGRAPH_DIGITS),
    "taiwaneseDigital": lambda n: str(n).translate(IDEOGRAPH_DIGITS),
    "ideographTraditional": lambda n: STEMS[(n - 1) % 10],
    "ideographZodiac": lambda n: BRANCHES[(n - 1) % 12],
    "ideographZodiacTraditional": lambda n: STEMS[(n - 1) % 10] + BRANCHES[(n - 1) % 12],
    "ideographEnclosedCircle": lambda n: in_range(n, 10, 0x3280, str(n)),
}


# --- notes ------------------------------------------------------------------------------------


class Notes:
    """The footnotes or the endnotes, labelled as Word does: in the order the body references
    them, in the document's number format (footnotes 1, 2, 3…, endnotes i, ii, iii… unless set)."""

    def __init__(self, reading: Reading, reltype: str, kind: str, settings, section):
        self.part = related_part(reading.document_part, reltype)
        self.root = reading.part_root(self.part)
        self.bodies = {}  # id -> w:footnote / w:endnote, leaving out the separators
        if self.root is not None:
            for note in self.root.iterchildren(W + kind):
                if note.get(W + "type", "normal") == "normal":
                    self.bodies[note.get(W + "id")] = note
        self.format, self.start = ("decimal" if kind == "footnote" else "lowerRoman"), 1
        for place in (settings, section):  # the section's settings over the document's
            properties = place.find(W + kind + "Pr") if place is not None else None
            self.format = value_of(properties, W + "numFmt") or self.format
            self.start = integer(value_of(properties, W + "numStart"), self.start)
        self.labels: dict[str, str] = {}
        self.order: list[str] = []

    def label(self, note_id: str | None) -> str:
        if note_id not in self.bodies:
            return ""
        if note_id not in self.labels:
            self.labels[note_id] = format_number(self.start + len(self.order), self.format)
            self.order.append(note_id)
        return self.labels[note_id]


# --- small XML helpers ------------------------------------------------------------------------


def related_part(part, reltype: str):
    return next((rel.target_part for rel in part.rels.values() if rel.reltype == reltype and not rel.is_external), None)


def value_of(element, tag: str) -> str | None:
    """The w:val of `element`'s child `tag`, or None."""
    child = element.find(tag) if element is not None else None
    return child.get(W_VAL) if child is not None else None


def merge_of(cell_props, tag: str) -> str | None:
    """A cell's w:vMerge or w:hMerge: "restart", "continue" (the default) or None."""
    merge = cell_props.find(tag) if cell_props is not None else None
    return merge.get(W_VAL, "continue") if merge is not None else None


def integer(text: str | None, default, base: int = 10):
    try:
        return int(text, base) if text is not None else default
    except ValueError:
        return default


def toggle(element) -> bool | None:
    """A toggle property (w:b…): None if not set, else whether it is on."""
    return None if element is None else element.get(W_VAL, "true").lower() not in ("0", "false", "off")


def is_on(element) -> bool:
    return bool(toggle(element))
