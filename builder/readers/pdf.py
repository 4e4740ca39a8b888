"""PDF and scanned images: the text layer where a page has one, OCR where it has none.

A PDF page's text layer is read with pypdfium2 (PDFium) glyph by glyph, each with its box,
and put in reading order by position rather than in the order the file draws it (LibreOffice,
for one, draws quotation marks and dashes after the rest of the line). A page whose text
layer is missing (a scan: images over most of it, less than a line of text) or unreadable
(most glyphs without a character) is rendered and read by OCR, and so is an image file:
RapidOCR, whose models ship inside its wheel, loaded once per process and only when needed.
Its text boxes then take the glyphs' place.

Glyphs (or boxes) on the same level make a line. Lines make paragraphs as a reader of the
page would join them: a line ends its paragraph when the next line is an outline heading
(一、 （一） 1. （1） 第一章…) or starts apart (indented, centred, right-aligned); when the line
stops well short of the text's right edge (a title, a heading, a paragraph's last line, a
signature); when a wider gap than the page's usual line spacing follows it; or, in a document
that does not indent its paragraphs' first lines, when it ends a sentence (。！？：；…).
Page numbers ("- 1 -", "第 1 页 共 4 页", "1/4"…) and running headers and footers (the same
text at the same place on most pages) are left out, and a warning names them.

Nothing is left out unsaid: warnings name the pages with images (not carried over), with
ruled tables (read row by row), with glyphs that have no character, the pages read by OCR
with its mean confidence, and the text boxes OCR found but could not read. A PDF that cannot
be opened (encrypted, damaged) or holds no text at all is an InputError.

Every block is a "paragraph" (parse finds the title and headings among them); `centered`
marks a centred line. `Block.line` is the number of the block's first line among all the
lines of the document, counted from 1 through the pages in order and down each page, the
dropped page numbers and headers included: line 37 is the 37th line of text in the PDF.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from ..model import Block, InputError, Problem, Source
from . import Reader

# OCR reads a scanned page at the scan's own resolution (resampling it costs accuracy: 2
# characters wrong in 1,500 at 150 dpi, 4 when enlarged to 182 dpi), but no finer than this
# many pixels on the long side, to which RapidOCR shrinks any image (its max_side_len).
OCR_PIXELS = 2000
# A page is a scan when images cover this share of it and its text layer holds less than a
# line (a page number or a stamp added over the scan).
SCAN_COVER = 0.5
SCAN_MAX_CHARS = 20
OCR_MIN_SCORE = 0.5  # RapidOCR's own threshold: below it a reading is noise, not text
# Layout rules, in ems of the line's own text.
WIDE_GAP = 1.0  # a gap this wide within a line is a space (tab stops, table cells)
TAB = 0.4  # after an outline number, a gap this wide is a tab (0.5 em or more), not a space (0.2-0.3)
SHORT = 1.5  # room left at a line's end, beyond the next line's first word, that ends a paragraph
INDENT = 0.8  # a line starting this far right of the left edge starts a paragraph
MAX_INDENT = 4.0  # further right still, it is centred or right-aligned, not indented
EXTRA_GAP = 0.5  # this much more space above a line than the page's usual spacing
FURNITURE_LINES = 2  # how many lines at the top and bottom of a page may be headers or footers

# The numbers of an outline's headings (一、 （一） 1. 1、 （1）), and its parts and chapters.
OUTLINE_NUMBER = re.compile(
    r"[一二三四五六七八九十]+、|[（(]([一二三四五六七八九十]+|\d{1,2})[）)]|\d{1,2}[.．、](?!\d)"
)
HEADING = re.compile(rf"第[一二三四五六七八九十百零〇\d]+(部分|编|章|节|条|篇)|{OUTLINE_NUMBER.pattern}")
# What a line cannot break within: a Latin word or number, or one character; with the
# punctuation that may not start a line.
FIRST_WORD = re.compile(r"([A-Za-z0-9.%+\-/]+|.)[，。、；：！？）》」』”’…—%,.;:!?)]*")
SENTENCE_END = re.compile(r"[。！？：；!?;:][”’』」）》)]*$")
PAGE_NUMBER = re.compile(
    r"[-—–－·•一]?\s*\d{1,3}\s*[-—–－·•一]?"  # OCR may read a dash as 一
    r"|第\s*\d{1,3}\s*页\s*[,，/／]?\s*(共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*[/／]\s*\d{1,3}"
    r"|(page|p\.)\s*\d{1,3}(\s*(of|/)\s*\d{1,3})?",
    re.IGNORECASE,
)
# Some PDF fonts map characters to look-alikes: Kangxi radicals and compatibility
# ideographs (⼯ for 工), ligatures (ﬁ). NFKC gives the ordinary character; it is not applied
# to the whole text, where it would make full-width punctuation half-width.
LOOK_ALIKES = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]")
QUOTE_LIKE = "“”‘’—…·"  # punctuation set with Chinese text, though not full-width in Unicode


@dataclass
class Piece:
    """A glyph of the text layer, or a text box OCR found; in points (pixels for an image
    file), y growing downwards."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    em: float  # the height of the text: the font's size (text layer), the box's (OCR)
    # Text layer: the glyph's place in the file's drawing order, how many space characters
    # come before it there, and whether a gap does, drawn by moving on (a tab, a typed space
    # LibreOffice draws no character for) and which PDFium reads as a space.
    index: int = 0
    spaces: int = 0
    gap: bool = False

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    em: float
    ocr: bool = False
    number: int = 0  # among all the document's lines, from 1
    centered: bool = False


@dataclass
class Page:
    lines: list[Line]
    left: float = 0.0  # where the page's lines usually start and end
    right: float = 0.0
    spacing: float = 0.0  # the usual space between two lines of a paragraph


@dataclass
class Ocr:
    """The pages OCR read, its confidence summed over the characters it read, and the page
    of each text box it found but could not read."""

    pages: list[int] = field(default_factory=list)
    score: float = 0.0
    chars: int = 0
    missed: list[int] = field(default_factory=list)


# --- readers -----------------------------------------------------------------------------


def missing_pdf() -> str | None:
    if find_spec("pypdfium2") is None:
        return "缺少 PDF 读取库 pypdfium2：请执行 pip install pypdfium2"
    return None


def missing_ocr() -> str | None:
    if find_spec("rapidocr_onnxruntime") is None or find_spec("PIL") is None:
        return "缺少文字识别（OCR）库：请执行 pip install rapidocr-onnxruntime"
    return missing_pdf()


def read_pdf(file: Path, path: str) -> Source:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(file)
    except pdfium.PdfiumError as error:
        raise InputError(path, 1, open_error(error)) from None
    try:
        return read_pages(pdf, path)
    except pdfium.PdfiumError as error:  # a page PDFium cannot load
        raise InputError(path, 1, f"无法读取 PDF，文件可能已损坏（{error}）") from None
    finally:
        pdf.close()


def read_image(file: Path, path: str) -> Source:
    import numpy
    from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

    engine = ocr_engine(path)
    ocr, pages = Ocr(), []
    try:
        with Image.open(file) as image:
            # A multi-page TIFF holds one scanned page in each frame.
            for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
                pixels = numpy.asarray(ImageOps.exif_transpose(frame).convert("L"))
                pages.append(Page(lines_of(ocr_pieces(engine, pixels, 1.0, ocr, number), ocr=True)))
                ocr.pages.append(number)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise InputError(path, 1, f"无法打开图片，文件可能已损坏或过大：{error}") from None
    return source(path, pages, ocr, "image (OCR)", [])


def open_error(error: Any) -> str:
    code = getattr(error, "err_code", None)
    if code == 4:  # FPDF_ERR_PASSWORD
        return "PDF 已加密，需要密码才能打开：请在原软件中另存一份不加密的 PDF"
    if code == 5:  # FPDF_ERR_SECURITY
        return "PDF 使用了不支持的加密方式，无法打开：请另存一份不加密的 PDF"
    return f"无法打开 PDF，文件可能已损坏（{error}）"


def read_pages(pdf: Any, path: str) -> Source:
    pages: list[Page] = []
    ocr = Ocr()
    engine = None
    # The pages each warning is about: scans left unread (OCR not installed), images and
    # tables, glyphs without a character.
    unread: list[int] = []
    pictured: list[int] = []
    tables: list[int] = []
    unmapped: list[int] = []
    images = lost_glyphs = 0
    for number, page in enumerate(pdf, start=1):
        glyphs, lost = text_layer(page)
        pictures = page_images(page)
        lines: list[Line] = []
        if not needs_ocr(page, glyphs, lost, pictures):
            lines = lines_of(glyphs)
            images += len(pictures)
            lost_glyphs += lost
            pictured += [number] if pictures else []
            unmapped += [number] if lost else []
            tables += [number] if ruled_table(page) else []
        elif missing_ocr():
            unread.append(number)
        else:
            engine = engine or ocr_engine(path)
            scale = ocr_scale(page, pictures)
            pixels = page.render(scale=scale, grayscale=True).to_numpy()
            lines = lines_of(ocr_pieces(engine, pixels, scale, ocr, number), ocr=True)
            ocr.pages.append(number)
        pages.append(Page(lines))
    if unread and not any(page.lines for page in pages):
        raise InputError(path, 1, f"PDF 没有文字层，需要文字识别（OCR）：{missing_ocr()}")
    notes = []
    if unread:
        notes.append((unread, f"第 {page_list(unread)} 页没有文字层，未能读取：{missing_ocr()}"))
    if pictured:
        notes.append((pictured, f"第 {page_list(pictured)} 页有 {images} 幅图片未能带入，只读取了文字"))
    if tables:
        message = f"第 {page_list(tables)} 页有表格：表格的文字按行读出，单元格内换行的文字会被拆开，请与原件核对"
        notes.append((tables, message))
    if unmapped:
        message = f"第 {page_list(unmapped)} 页有 {lost_glyphs} 个字符的字体没有对应的文字编码，已略过"
        notes.append((unmapped, message))
    return source(path, pages, ocr, "pdf (OCR)" if ocr.pages else "pdf", notes)


def source(path: str, pages: list[Page], ocr: Ocr, encoding: str, notes: list[tuple[list[int], str]]) -> Source:
    """The blocks of the pages read, and the warnings about what was dropped or guessed,
    each at the first line of the first page it is about (`notes`: those pages, the warning)."""
    starts = []  # the number of each page's first line
    number = 0
    for page in pages:
        starts.append(number + 1)
        for line in page.lines:
            number += 1
            line.number = number
    dropped = furniture(pages)
    gone = {id(line) for line in dropped}
    for page in pages:
        page.lines = [line for line in page.lines if id(line) not in gone]
        measure(page)
    blocks = [block(lines) for lines in paragraphs(pages)]
    if not blocks:
        raise InputError(path, 1, "OCR 没有识别出任何文字" if ocr.pages else "没有读到任何文字")
    problems = [Problem(path, starts[numbers[0] - 1], message, "warning") for numbers, message in notes]
    if dropped:
        texts = list(dict.fromkeys(line.text for line in dropped))
        examples = "、".join(f"“{text}”" for text in texts[:3]) + ("等" if len(texts) > 3 else "")
        message = f"已略过页眉页脚和页码 {len(dropped)} 行：{examples}"
        problems.append(Problem(path, dropped[0].number, message, "warning"))
    if ocr.pages:
        which = "" if len(ocr.pages) == len(pages) else f"第 {page_list(ocr.pages)} 页的"
        confidence = round(100 * ocr.score / max(ocr.chars, 1))
        message = f"{which}文字由 OCR 识别（平均置信度 {confidence}%），请与原件核对"
        problems.append(Problem(path, starts[ocr.pages[0] - 1], message, "warning"))
    if ocr.missed:
        missed = sorted(set(ocr.missed))
        message = f"第 {page_list(missed)} 页有 {len(ocr.missed)} 处文字 OCR 未能识别，已略过，请与原件核对"
        problems.append(Problem(path, starts[missed[0] - 1], message, "warning"))
    problems.sort(key=lambda problem: problem.line)
    return Source(path=path, blocks=blocks, encoding=encoding, problems=problems)


def page_list(numbers: list[int]) -> str:
    """Page numbers as a reader writes them, runs as ranges: 1—3、5."""
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return "、".join(str(first) if first == last else f"{first}—{last}" for first, last in runs)


# --- the text layer ----------------------------------------------------------------------


def text_layer(page: Any) -> tuple[list[Piece], int]:
    """The page's glyphs (spaces only as a count on the glyph after them), and how many
    glyphs have no character: fonts without a Unicode map.

    A glyph stands on its baseline, an em high: its font size times the text's scale (some
    writers set the size to 1 and scale the text, and some fonts declare boxes several lines
    high, so neither the size nor PDFium's box would do alone); across, it spans its advance.
    """
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    height = page.get_height()
    box, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    glyphs: list[Piece] = []
    spaces, gap = 0, False
    lost = 0
    for index in range(raw.FPDFText_CountChars(textpage)):
        code = raw.FPDFText_GetUnicode(textpage, index)
        char = chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else "\ufffd"
        if char in "\r\n":
            continue  # PDFium's own line ends: lines are found from the positions
        if char.isspace():
            if raw.FPDFText_IsGenerated(textpage, index) == 1:
                gap = True
            else:
                spaces += 1
            continue
        if char in "\ufffd\ufffe" or raw.FPDFText_HasUnicodeMapError(textpage, index) == 1:
            lost += 1
            continue
        raw.FPDFText_GetLooseCharBox(textpage, index, box)
        raw.FPDFText_GetCharOrigin(textpage, index, x, y)
        raw.FPDFText_GetMatrix(textpage, index, matrix)
        em = raw.FPDFText_GetFontSize(textpage, index) * math.hypot(matrix.c, matrix.d) or box.top - box.bottom
        baseline = height - y.value
        text = LOOK_ALIKES.sub(lambda found: unicodedata.normalize("NFKC", found[0]), char)
        top, bottom = baseline - 0.8 * em, baseline + 0.2 * em
        glyphs.append(Piece(text, box.left, top, box.right, bottom, em, len(glyphs), spaces, gap))
        spaces, gap = 0, False
    textpage.close()
    return glyphs, lost


@dataclass
class Picture:
    """An image drawn on a page: where (in points, y growing upwards), and its size in pixels."""

    left: float
    bottom: float
    right: float
    top: float
    pixels: int  # on its long side


def page_images(page: Any) -> list[Picture]:
    """The images drawn on the page, in forms too."""
    import pypdfium2.raw as raw

    return [
        Picture(*image.get_bounds(), max(image.get_px_size()))
        for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,))
    ]


def ruled_table(page: Any) -> bool:
    """Whether the page draws the rules of a table of two rows and two columns or more."""
    import pypdfium2.raw as raw

    across = down = 0
    for rule in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = rule.get_bounds()
        across += top - bottom < 2 and right - left > 20
        down += right - left < 2 and top - bottom > 8
    return across >= 3 and down >= 3


def needs_ocr(page: Any, glyphs: list[Piece], lost: int, images: list[Picture]) -> bool:
    if lost > len(glyphs):
        return True  # the text layer cannot be read, but the page can still be seen
    left, bottom, right, top = page.get_bbox()  # in the images' coordinates, unrotated
    covered = 0.0
    for image in images:
        across = min(image.right, right) - max(image.left, left)
        down = min(image.top, top) - max(image.bottom, bottom)
        covered += max(across, 0.0) * max(down, 0.0)
    return covered >= SCAN_COVER * (right - left) * (top - bottom) and len(glyphs) < SCAN_MAX_CHARS


def ocr_scale(page: Any, images: list[Picture]) -> float:
    """Pixels a point to render a page at for OCR: its largest image's own resolution."""
    finest = OCR_PIXELS / max(page.get_size())
    if not images:
        return finest  # a page whose fonts have no Unicode map
    scan = max(images, key=lambda image: (image.right - image.left) * (image.top - image.bottom))
    return min(scan.pixels / max(scan.right - scan.left, scan.top - scan.bottom, 1.0), finest)


# --- OCR ---------------------------------------------------------------------------------


@cache
def load_engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    # Without the classifier that turns upside-down lines round: on pages set in Noto CJK it
    # turned 4 lines in 100 over and lost them. Every box comes back, however unsure the
    # reading, so that those it cannot read are counted rather than dropped unseen.
    return RapidOCR(use_cls=False, text_score=0.0)


def ocr_engine(path: str) -> Any:
    try:
        return load_engine()
    except ImportError as error:  # OpenCV without its system libraries, a broken install
        raise InputError(path, 1, f"无法加载文字识别（OCR）引擎 RapidOCR：{error}") from None


def ocr_pieces(engine: Any, pixels: Any, scale: float, ocr: Ocr, page: int) -> list[Piece]:
    """The text boxes OCR reads in a grey image rendered at `scale` pixels a point."""
    result, _ = engine(pixels)
    pieces = []
    for corners, text, score in result or []:
        text = ocr_punctuation(text.strip())
        if not text or float(score) < OCR_MIN_SCORE:
            ocr.missed.append(page)
            continue
        xs = [x / scale for x, _ in corners]
        ys = [y / scale for _, y in corners]
        pieces.append(Piece(text, min(xs), min(ys), max(xs), max(ys), max(ys) - min(ys)))
        ocr.score += float(score) * len(text)
        ocr.chars += len(text)
    return pieces


MEASURE_WORDS = "个次名人项场期篇家户支条件起年月日号届轮批位处所座元万亿千百十倍天周岁级类种套份部本张台辆批股组"
COUNT_BEFORE = "第共近约达全每前后逾超计余"


def ocr_punctuation(text: str) -> str:
    """Put right what OCR (RapidOCR's Chinese model) gets wrong in Chinese punctuation."""
    cjk = r"\u4e00-\u9fff"
    text = text.replace("丶", "、")  # a radical no report writes, read for 、
    text = re.sub(r"(?<=\d)．", ".", text)  # "1." followed by a tab, read as "1．"
    # A space stands between Latin words, or Chinese words set apart ("第一部分 附则"); a gap
    # next to punctuation or between Chinese and Latin is the typesetter's.
    wide = "\u3000-\u303f\uff00-\uffef" + QUOTE_LIKE  # full-width punctuation
    text = re.sub(rf"(?<=[{wide}]) +| +(?=[{wide}])|(?<=[{cjk}]) +(?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) +(?=[{cjk}])", "", text)
    text = re.sub(rf"(?<=[{cjk}])([.·˙]*…[.…·˙]*|[.·˙]{{2,}})", "……", text)  # dots, or … and dots
    text = re.sub(rf"(?<=[{cjk}])[·°.˙](?=[{cjk}“]|$)", "。", text)  # a full stop read as a dot
    for half, full in zip(",:;?!()", "，：；？！（）"):
        text = re.sub(rf"(?<=[{cjk}）”]){re.escape(half)}|{re.escape(half)}(?=[{cjk}“（])", full, text)
    return text


def stray_strokes(text: str) -> str:
    """A vertical stroke, often the edge of a line, read as a lone 1, l or | between two
    characters (引1领). A digit inside Chinese text counts something: it comes before a
    measure word or after 第, 共, 近…; one that does neither is no number. Run on the
    paragraph, as the stroke may end one line and its neighbour start the next."""
    cjk = r"\u4e00-\u9fff"
    return re.sub(rf"(?<=[{cjk}])(?<![{COUNT_BEFORE}])(?<!\d)[1lI|](?!\d)(?=[{cjk}])(?![{MEASURE_WORDS}])", "", text)


def pair_quotes(text: str) -> str:
    """OCR reads “ and ” alike, or as ": make them open and close in turn. A ’ that closes
    nothing is a comma it misread."""
    out = []
    for char in text:
        if char in '"“”':
            char = "”" if out.count("“") > out.count("”") else "“"
        elif char == "’" and "‘" not in out:
            char = "，"
        out.append(char)
    return "".join(out)


# --- lines -------------------------------------------------------------------------------


def lines_of(pieces: list[Piece], ocr: bool = False) -> list[Line]:
    """Group pieces whose middles are level into lines, top to bottom."""
    rows: list[list[Piece]] = []
    middle = tallest = 0.0  # of the last row: the mean of its middles, its tallest piece
    for piece in sorted(pieces, key=lambda piece: piece.middle):
        height = piece.bottom - piece.top
        if rows and abs(piece.middle - middle) <= min(height, tallest) / 2:
            rows[-1].append(piece)
            middle += (piece.middle - middle) / len(rows[-1])
            tallest = max(tallest, height)
        else:
            rows.append([piece])
            middle, tallest = piece.middle, height
    return [line_of(sorted(row, key=lambda piece: piece.x0), ocr) for row in rows]


def line_of(row: list[Piece], ocr: bool) -> Line:
    text = row[0].text
    for before, after in zip(row, row[1:]):
        # Word puts a tab after its automatic numbers (一、 （一） 1.): not part of the text,
        # and wider than a typed space, which a writer may draw as a gap too.
        tab = after.x0 - before.x1 >= TAB * before.em
        numbered = OUTLINE_NUMBER.fullmatch(text) and tab and not after.spaces
        text += ("" if numbered else separator(before, after)) + after.text
    ems = sorted(piece.em for piece in row)
    return Line(
        text,
        min(piece.x0 for piece in row),
        min(piece.top for piece in row),
        max(piece.x1 for piece in row),
        max(piece.bottom for piece in row),
        ems[len(ems) // 2],
        ocr,
    )


def separator(before: Piece, after: Piece) -> str:
    """What stands between two pieces of a line: a space, or nothing.

    Chinese runs without spaces; a space the PDF holds between a Chinese character and a
    Latin letter or digit is the typesetter's (LibreOffice's "2023 年") and is dropped.
    """
    left, right = before.text[-1], after.text[0]
    width = after.x0 - before.x1
    # The file's spaces stand between these two only if it draws them one after the other.
    spaces = after.spaces if after.index == before.index + 1 else 0
    spaced = spaces or (after.gap and after.index == before.index + 1)
    if width > WIDE_GAP * max(before.em, after.em):
        return " " * max(spaces, 1)
    if spaced:
        latin_meets_chinese = (is_cjk(left) and is_latin(right)) or (is_latin(left) and is_cjk(right))
        return "" if latin_meets_chinese else " " * max(spaces, 1)
    if not (is_cjk(left) or is_cjk(right)) and width > 0.25 * max(before.em, after.em):
        return " "  # OCR boxes of Latin words set apart
    return ""


def is_cjk(char: str) -> bool:
    return unicodedata.east_asian_width(char) in "WF" or char in QUOTE_LIKE


def is_latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


# --- page numbers, headers and footers ---------------------------------------------------


def furniture(pages: list[Page]) -> list[Line]:
    """Page numbers, and lines repeated at the same place on most pages, among the lines at
    the top and bottom of each page: what is not the report's text."""
    edges = [
        (number, line)
        for number, page in enumerate(pages)
        for line in page.lines[:FURNITURE_LINES] + page.lines[FURNITURE_LINES:][-FURNITURE_LINES:]
    ]
    alike: dict[str, list[tuple[int, Line]]] = {}
    for number, line in edges:
        alike.setdefault(furniture_key(line), []).append((number, line))
    dropped = []
    for _, line in edges:
        near = {number for number, other in alike[furniture_key(line)] if abs(other.top - line.top) <= 2 * line.em}
        if PAGE_NUMBER.fullmatch(line.text) or (len(pages) > 1 and 2 * len(near) > len(pages)):
            dropped.append(line)
    return sorted(dropped, key=lambda line: line.number)


def furniture_key(line: Line) -> str:
    """The line's text, but for the page numbers it holds, which differ from page to page."""
    return re.sub(r"\d+", "#", re.sub(r"\s", "", line.text))


# --- paragraphs --------------------------------------------------------------------------


def measure(page: Page) -> None:
    """Find where the page's lines usually start and end, and how far apart they stand.

    Quantiles rather than extremes, so that a wide table or an OCR speck in the margin does
    not move the edges.
    """
    if not page.lines:
        return
    page.left = quantile([line.x0 for line in page.lines], 0.1)
    page.right = quantile([line.x1 for line in page.lines], 0.9)
    gaps = [after.top - before.bottom for before, after in zip(page.lines, page.lines[1:])]
    page.spacing = quantile(gaps, 0.25) if gaps else 0.0
    for line in page.lines:
        inset, outset = line.x0 - page.left, page.right - line.x1
        line.centered = inset > INDENT * line.em and abs(inset - outset) <= WIDE_GAP * line.em


def quantile(values: list[float], share: float) -> float:
    values = sorted(values)
    return values[round(share * (len(values) - 1))]


def paragraphs(pages: list[Page]) -> list[list[Line]]:
    flow = [(line, page) for page in pages for line in page.lines]
    indents = indents_paragraphs(flow)
    groups: list[list[Line]] = []
    for index, (line, page) in enumerate(flow):
        if index == 0 or ends_paragraph(flow[index - 1], (line, page), indents):
            groups.append([line])
        else:
            groups[-1].append(line)
    return groups


def ends_paragraph(current: tuple[Line, Page], following: tuple[Line, Page], indents: bool) -> bool:
    (line, page), (after, after_page) = current, following
    # More space above the next line than between a paragraph's lines.
    apart = page is after_page and after.top - line.bottom > page.spacing + EXTRA_GAP * line.em
    if HEADING.match(after.text):
        return True
    # A title wrapped over lines stays whole: a centred line right under a centred one, or
    # under a full one, in the same size (within what OCR's box heights vary by).
    full = line.x0 - page.left <= INDENT * line.em and not short(line, after, page)
    alike = abs(line.em - after.em) < 0.2 * max(line.em, after.em)
    if after.centered and (line.centered or full) and alike and not apart:
        return bool(SENTENCE_END.search(line.text))
    if after.x0 - after_page.left > INDENT * after.em:
        return True  # indented, centred or right-aligned: it starts something
    if short(line, after, page) or apart:
        return True
    # A full line ending a sentence may end a paragraph or only the line; in a document that
    # indents its paragraphs' first lines, the next line's flush start says it is the latter.
    return not indents and bool(SENTENCE_END.search(line.text))


def short(line: Line, after: Line, page: Page) -> bool:
    """Whether the line stops short of the right edge by more than the next line's first word
    needs: then it was not wrapped there, it ended. Widths are guessed from the characters:
    an em for a Chinese one, about half for a Latin letter or digit."""
    word = FIRST_WORD.match(after.text)
    width = sum(1.0 if is_cjk(char) else 0.55 for char in word[0]) * after.em if word else 0.0
    return page.right - line.x1 > width + SHORT * line.em


def indents_paragraphs(flow: list[tuple[Line, Page]]) -> bool:
    """Whether the document marks paragraphs by indenting their first line: whether most
    lines after a short one (a paragraph's last, a heading) are indented."""
    starts = indented = 0
    for (line, page), (after, after_page) in zip(flow, flow[1:]):
        if short(line, after, page) and not HEADING.match(after.text):
            starts += 1
            inset = after.x0 - after_page.left
            indented += INDENT * after.em < inset <= MAX_INDENT * after.em
    return 2 * indented > starts


def block(lines: list[Line]) -> Block:
    text = lines[0].text
    for line in lines[1:]:
        text += ("" if is_cjk(text[-1]) or is_cjk(line.text[0]) else " ") + line.text
    if any(line.ocr for line in lines):
        text = stray_strokes(pair_quotes(text))
    return Block("paragraph", text, lines[0].number, centered=all(line.centered for line in lines))


PDF = Reader("PDF", ("pdf",), (".pdf",), read_pdf, missing_pdf)
IMAGE = Reader("扫描图片 (.png, .jpg)", ("image",), (".png", ".jpg", ".jpeg", ".tif", ".tiff"), read_image, missing_ocr)
