"""Read PDF and scanned images (builder.readers.pdf): text layer, OCR, paragraphs, errors.

The PDFs are made here: a Word report written with python-docx and printed to PDF by
LibreOffice (headless, with a profile of its own), then its pages rendered to images and
wrapped into an image-only PDF, as a scanner would give it.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pypdfium2 as pdfium
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from PIL import Image

from builder.model import InputError
from builder.readers import pdf as pdf_reader
from builder.readers.pdf import IMAGE, PDF, ocr_punctuation, read_image, read_pdf, stray_strokes

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "office"
OCR_WARNING = re.compile(r"文字由 OCR 识别（平均置信度 \d+%），请与原件核对")
SCAN_DPI = 150

NO_LIBREOFFICE = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui fonts-noto-cjk"
needs_libreoffice = pytest.mark.skipif(shutil.which("soffice") is None, reason=NO_LIBREOFFICE)

# A paragraph long enough to wrap over several lines, with what Chinese typesetting moves
# about: quotation marks, dashes, an ellipsis, book-title marks, numbers next to characters.
LONG = (
    "今年以来，我们坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，"
    "围绕“稳增长、促改革、调结构、惠民生、防风险”的总体要求，统筹推进各项工作，"
    "全年完成地区生产总值（GDP）同比增长6.5%，一般公共预算收入完成12.3亿元，"
    "完成年度目标的103.2%，《政府工作报告》确定的32项重点任务全部完成——这些成绩来之不易……"
)
# Plain text only, so that it can be found in the PDF's own text to check it crosses a page.
ACROSS = "为确保各项任务落到实处，市政府建立了重点工作台账制度，" * 20 + "做到件件有着落、事事有回音。"
REPORT = [
    ("title", "某某市人民政府2023年工作总结和2024年工作打算"),
    ("heading", "一、2023年主要工作情况"),
    ("text", LONG),
    ("heading", "（一）坚持稳中求进，经济运行持续向好"),
    ("text", "第一方面，" + LONG),
    ("text", "第二方面，" + LONG),
    ("text", ACROSS),
    ("heading", "1. 抓好项目建设"),
    ("text", "全年实施重点项目126个，完成投资385.6亿元。" + LONG + "项目建设取得新突破。"),
    ("heading", "2、优化营商环境"),
    ("text", LONG + LONG),
    ("heading", "二、存在的问题"),
    ("text", "经济下行压力较大，部分企业生产经营困难；民生领域还有不少短板。"),
    ("heading", "三、2024年工作打算"),
    ("heading", "（1）扎实推进高质量发展"),
    ("text", LONG),
    ("heading", "第一部分 附则"),
    ("text", "本总结经市政府常务会议审议通过。"),
    ("signature", "某某市人民政府"),
    ("signature", "2024年1月15日"),
]
EXPECTED = [text for _, text in REPORT]
HEADER = "某某市人民政府办公室"


def add_field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that LibreOffice fills in on each page."""
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText" if text == code else "w:t")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def write_report(file: Path, indent: bool, picture: Path | None = None) -> None:
    """The report as Word sets it: first lines indented two characters, a running header and
    "- N -" page numbers; or (indent=False) flush paragraphs and "第 N 页 共 M 页"."""
    document = docx.Document()
    document.styles["Normal"].font.size = Pt(14)
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        footer.add_run("- ")
        add_field(footer, "PAGE")
        footer.add_run(" -")
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(HEADER)
    else:
        footer.add_run("第 ")
        add_field(footer, "PAGE")
        footer.add_run(" 页 共 ")
        add_field(footer, "NUMPAGES")
        footer.add_run(" 页")
    for kind, text in REPORT:
        paragraph = document.add_paragraph(text)
        if kind == "title":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif kind == "signature":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind == "text" and indent:
            paragraph.paragraph_format.first_line_indent = Pt(28)
        if picture and kind == "title":
            document.add_picture(str(picture))
    document.save(str(file))


def to_pdf(file: Path, *options: str) -> Path:
    """Print a document to PDF with LibreOffice; `options` go to its PDF export filter."""
    profile = file.parent / "libreoffice-profile"
    target = "pdf:writer_pdf_Export:" + json.dumps(dict(options)) if options else "pdf"
    command = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target]
    subprocess.run([*command, "--outdir", str(file.parent), str(file)], check=True, capture_output=True, timeout=180)
    return file.with_suffix(".pdf")


def scan(pdf: Path, target: Path) -> Path:
    """An image-only PDF of the pages of `pdf`, as a scanner at SCAN_DPI makes it."""
    pages = [page.render(scale=SCAN_DPI / 72, grayscale=True).to_pil() for page in pdfium.PdfDocument(pdf)]
    pages[0].save(target, "PDF", resolution=SCAN_DPI, save_all=True, append_images=pages[1:])
    return target


def page_texts(pdf: Path) -> list[str]:
    """Each page's text as PDFium gives it, without white space."""
    return [re.sub(r"\s", "", page.get_textpage().get_text_range()) for page in pdfium.PdfDocument(pdf)]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def found_in(text: str, block: str) -> float:
    """How whole `text` is in `block`: the characters of it found there in order, over the
    length of the stretch of the block they span (or of the text, if longer). 1.0 when the
    block holds it as it is; a character missing, wrong or added costs about 1/len(text)."""
    matcher = difflib.SequenceMatcher(None, text, block, autojunk=False)
    matches = [match for match in matcher.get_matching_blocks() if match.size]
    if not matches:
        return 0.0
    span = matches[-1].b + matches[-1].size - matches[0].b
    return sum(match.size for match in matches) / max(len(text), span)


@pytest.fixture(scope="module", params=[True, False], ids=["indented", "flush"])
def report_pdf(request, tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip(NO_LIBREOFFICE)
    folder = tmp_path_factory.mktemp("indented" if request.param else "flush")
    write_report(folder / "report.docx", indent=request.param)
    return to_pdf(folder / "report.docx")


@pytest.fixture(scope="module")
def scanned_pdf(tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip(NO_LIBREOFFICE)
    folder = tmp_path_factory.mktemp("scan")
    write_report(folder / "report.docx", indent=True)
    return scan(to_pdf(folder / "report.docx"), folder / "scan.pdf")


def test_readers_are_usable():
    assert PDF.missing() is None
    assert IMAGE.missing() is None


def test_a_missing_library_is_named_with_how_to_install_it(monkeypatch):
    monkeypatch.setattr(pdf_reader, "find_spec", lambda name: None)
    assert "pip install pypdfium2" in PDF.missing()
    assert "pip install rapidocr-onnxruntime" in IMAGE.missing()


# --- the text layer ----------------------------------------------------------------------


@needs_libreoffice
def test_text_pdf_gives_each_paragraph_whole_as_one_block(report_pdf):
    source = read_pdf(report_pdf, "report.pdf")
    assert source.encoding == "pdf"
    assert [block.text for block in source.blocks] == EXPECTED
    assert all(block.kind == "paragraph" for block in source.blocks)
    assert source.blocks[0].centered  # the title
    assert not source.blocks[2].centered


@needs_libreoffice
def test_a_paragraph_across_a_page_break_is_one_block(report_pdf):
    pages = page_texts(report_pdf)
    first, last = ACROSS[:20], ACROSS[-20:]
    # The document is made so that this paragraph starts on one page and ends on the next.
    start = next(number for number, text in enumerate(pages) if first in text)
    assert last not in pages[start] and last in pages[start + 1]
    blocks = [block.text for block in read_pdf(report_pdf, "report.pdf").blocks]
    assert ACROSS in blocks


@needs_libreoffice
def test_page_numbers_and_running_headers_are_dropped_and_named(report_pdf):
    source = read_pdf(report_pdf, "report.pdf")
    pages = len(pdfium.PdfDocument(report_pdf))
    assert pages >= 3
    text = "\n".join(block.text for block in source.blocks)
    assert HEADER not in text and "- 1 -" not in text and "页 共" not in text
    dropped = [problem for problem in source.problems if "页眉页脚和页码" in problem.message]
    assert len(dropped) == 1 and dropped[0].severity == "warning"
    running = 2 if HEADER in "".join(page_texts(report_pdf)) else 1  # a header and a footer a page
    assert f"已略过页眉页脚和页码 {pages * running} 行" in dropped[0].message


@needs_libreoffice
def test_block_lines_grow_through_the_document(report_pdf):
    lines = [block.line for block in read_pdf(report_pdf, "report.pdf").blocks]
    assert lines[0] >= 1
    assert lines == sorted(set(lines))


@needs_libreoffice
def test_images_in_a_text_pdf_are_named_in_a_warning(tmp_path):
    picture = tmp_path / "chart.png"
    Image.new("RGB", (300, 150), "steelblue").save(picture)
    write_report(tmp_path / "report.docx", indent=True, picture=picture)
    source = read_pdf(to_pdf(tmp_path / "report.docx"), "report.pdf")
    assert [block.text for block in source.blocks] == EXPECTED
    assert any("第 1 页有 1 幅图片未能带入" in problem.message for problem in source.problems)


# --- errors ------------------------------------------------------------------------------


@needs_libreoffice
def test_an_encrypted_pdf_is_an_input_error(tmp_path):
    write_report(tmp_path / "report.docx", indent=True)
    encrypt = ("EncryptFile", {"type": "boolean", "value": True})
    pdf = to_pdf(tmp_path / "report.docx", encrypt, ("DocumentOpenPassword", {"type": "string", "value": "secret"}))
    with pytest.raises(InputError) as error:
        read_pdf(pdf, "secret.pdf")
    assert error.value.line == 1 and "加密" in error.value.message


@needs_libreoffice
def test_a_truncated_pdf_is_an_input_error(tmp_path, report_pdf):
    damaged = tmp_path / "damaged.pdf"
    damaged.write_bytes(report_pdf.read_bytes()[:4000])
    with pytest.raises(InputError) as error:
        read_pdf(damaged, "damaged.pdf")
    assert error.value.line == 1 and "已损坏" in error.value.message


def test_a_pdf_that_is_not_one_is_an_input_error(tmp_path):
    file = tmp_path / "fake.pdf"
    file.write_bytes(b"%PDF-1.7\nthis is no PDF at all\n")
    with pytest.raises(InputError, match="已损坏"):
        read_pdf(file, "fake.pdf")


def test_a_pdf_without_text_is_an_input_error(tmp_path):
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.save(tmp_path / "blank.pdf")
    with pytest.raises(InputError, match="没有读到任何文字"):
        read_pdf(tmp_path / "blank.pdf", "blank.pdf")


def test_an_image_without_text_is_an_input_error(tmp_path):
    Image.new("L", (800, 1100), 255).save(tmp_path / "blank.png")
    with pytest.raises(InputError, match="OCR 没有识别出任何文字"):
        read_image(tmp_path / "blank.png", "blank.png")


def test_a_damaged_image_is_an_input_error(tmp_path):
    file = tmp_path / "scan.png"
    file.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    with pytest.raises(InputError, match="无法打开图片"):
        read_image(file, "scan.png")


# --- OCR ---------------------------------------------------------------------------------


def assert_reads_like_the_report(blocks: list[str], expected: list[str]) -> None:
    """Each paragraph of the report is one block, as OCR reads it: at least 90% alike."""
    for text in expected:
        best = max(blocks, key=lambda block: similarity(text, block))
        assert similarity(text, best) >= 0.9, (text, best)


@needs_libreoffice
def test_a_scanned_pdf_is_read_by_ocr(scanned_pdf):
    source = read_pdf(scanned_pdf, "scan.pdf")
    assert source.encoding == "pdf (OCR)"
    blocks = [block.text for block in source.blocks]
    assert_reads_like_the_report(blocks, EXPECTED)
    assert len(blocks) == len(EXPECTED)  # headings apart, paragraphs whole across pages
    assert not any(HEADER in block or re.fullmatch(r"-\s*\d+\s*-", block) for block in blocks)
    assert any(OCR_WARNING.fullmatch(problem.message) for problem in source.problems)


@needs_libreoffice
def test_a_pdf_of_text_and_scanned_pages_reads_each_its_way(tmp_path, scanned_pdf):
    text_pdf = scanned_pdf.parent / "report.pdf"
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(text_pdf), [0])
    mixed.import_pages(pdfium.PdfDocument(scanned_pdf), [1])
    mixed.import_pages(pdfium.PdfDocument(text_pdf), list(range(2, len(pdfium.PdfDocument(text_pdf)))))
    mixed.save(tmp_path / "mixed.pdf")
    source = read_pdf(tmp_path / "mixed.pdf", "mixed.pdf")
    assert source.encoding == "pdf (OCR)"
    blocks = [block.text for block in source.blocks]
    assert blocks[:2] == EXPECTED[:2] and blocks[-4:] == EXPECTED[-4:]  # text pages: exact
    assert_reads_like_the_report(blocks, EXPECTED)
    assert len(blocks) == len(EXPECTED)
    assert any(re.fullmatch(r"第 2 页的" + OCR_WARNING.pattern, problem.message) for problem in source.problems)


@needs_libreoffice
def test_a_scan_without_ocr_installed_is_an_input_error_naming_it(monkeypatch, scanned_pdf):
    monkeypatch.setattr(pdf_reader, "missing_ocr", lambda: "缺少文字识别（OCR）库：请执行 pip install rapidocr-onnxruntime")
    with pytest.raises(InputError, match="没有文字层.*rapidocr-onnxruntime"):
        read_pdf(scanned_pdf, "scan.pdf")


@pytest.mark.parametrize(
    "read, meant",
    [
        ("读原著丶学原文", "读原著、学原文"),  # a radical for the enumeration comma
        ("同频共振·现将", "同频共振。现将"),  # a full stop read as a dot
        ("工作总结如下:", "工作总结如下："),
        ("完成(GDP)增长", "完成（GDP）增长"),
        ("来之不易…..", "来之不易……"),
        ("二、 存在的问题", "二、存在的问题"),
        ("第一部分 附则", "第一部分 附则"),
        ("增长 6.5%", "增长6.5%"),
        ("1．抓好集中学习", "1.抓好集中学习"),
        ("in a word, yes", "in a word, yes"),
    ],
)
def test_ocr_punctuation_is_put_right(read, meant):
    assert ocr_punctuation(read) == meant


@pytest.mark.parametrize(
    "read, meant",
    [
        ("坚持党建引1领审计监督", "坚持党建引领审计监督"),  # a stroke read as a lone 1
        ("坚持党建引l领", "坚持党建引领"),
        ("全年开展1次、共1人、第1章、12个支部", "全年开展1次、共1人、第1章、12个支部"),  # numbers that count stay
    ],
)
def test_a_stray_stroke_is_no_number(read, meant):
    assert stray_strokes(read) == meant


@needs_libreoffice
def test_a_scanned_image_is_read_by_ocr(tmp_path, scanned_pdf):
    page = pdfium.PdfDocument(scanned_pdf)[0].render(scale=SCAN_DPI / 72, grayscale=True).to_pil()
    page.save(tmp_path / "scan.png")
    source = read_image(tmp_path / "scan.png", "scan.png")
    assert source.encoding == "image (OCR)"
    blocks = [block.text for block in source.blocks]
    assert_reads_like_the_report(blocks, EXPECTED[:5])
    assert any(OCR_WARNING.fullmatch(problem.message) for problem in source.problems)


# --- the shared corpus (when ../shared is there) ----------------------------------------


def corpus_truth(name: str) -> dict:
    if not (CORPUS / name).is_file():
        pytest.skip(f"the shared corpus is not here: {CORPUS}")
    return next(item for item in json.loads((CORPUS / "truth.json").read_text(encoding="utf-8")) if item["file"] == name)


def test_corpus_text_pdf_keeps_every_sentence_and_heading():
    truth = corpus_truth("pdf_textlayer.pdf")
    blocks = [block.text for block in read_pdf(CORPUS / "pdf_textlayer.pdf", "pdf_textlayer.pdf").blocks]
    for keep in truth["keep"]:
        assert any(keep in block for block in blocks), keep
    for heading in truth["headings"]:
        assert any(block.startswith(heading) for block in blocks), heading
    assert blocks[0] == truth["title"]


def test_corpus_scanned_pdf_comes_close():
    """OCR misses what a scan cannot show: the space in "1. 抓好" (so headings are compared
    without spaces); and reads a stray "1" into one of the sentences (so sentences are found
    98% whole)."""
    truth = corpus_truth("pdf_scanned.pdf")
    source = read_pdf(CORPUS / "pdf_scanned.pdf", "pdf_scanned.pdf")
    blocks = [block.text for block in source.blocks]
    for keep in truth["keep"]:
        assert max(found_in(keep, block) for block in blocks) >= 0.98, keep
    for heading in truth["headings"]:
        assert any(block.replace(" ", "").startswith(heading.replace(" ", "")) for block in blocks), heading
    assert blocks[0] == truth["title"]
    assert any(OCR_WARNING.fullmatch(problem.message) for problem in source.problems)
