"""Reading time per format: one report in every format the builder reads, each read by
`builder.read.read_source`, in ms per document and ms per page.

    python benchmarks/formats.py                      # source_reports/000_*.txt
    python benchmarks/formats.py --text FILE --runs 5 --ocr-runs 2 --out /tmp/bench-formats

From one report text (its first line the title, 一、 lines top headings, （一） lines
sub-headings) it makes, in `--out`:

  report-utf8.txt, report-gbk.txt   the text as it is, UTF-8 and GBK
  report.md                         Markdown: # title, ## 一、, ### （一）
  report.docx                       python-docx, laid out as GB/T 9704 sets out an official
                                    document (A4, 22 lines of 28 characters, 三号 16 pt text with
                                    first-line indents): the title centred, Heading 1/2 styles,
                                    a table, a footnote
  report.doc/.odt/.rtf              LibreOffice headless from the .docx
  report.pdf                        LibreOffice's PDF of the .docx (a text layer)
  report-scan.pdf                   its pages rendered at --dpi (grey) and wrapped, image only
  report-page1.png                  its first page, rendered likewise
  report.html                       a WeChat-like page (#activity-name, #js_name, #js_content
                                    of <section>/<p>/<span>, promotion, scripts)

Pages: the PDF's page count, for every format but the PNG (one page). Timing, in this process:
a warm-up read, then the median (and best) of --runs reads. LibreOffice's formats are timed
twice: converting (`builder.readers.office.CACHE_DIR` an empty folder for every run; the first
conversion of the process also makes LibreOffice's profile and is shown apart) and reading the
cached conversion. OCR: the first read loads the models (shown apart), then --ocr-runs reads.
Each result also says how much of the report's text the reader gave back (`text_kept`: the
report's characters found in order in what was read, white space aside; for the PNG, those of
the first page's text layer), so that a fast read of the wrong text does not pass unnoticed.

Output: a table on stdout and benchmarks/results/<date>-formats-<commit>.json.
"""

from __future__ import annotations

import argparse
import datetime
import difflib
import html
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the working tree's builder, before any installed copy

from builder import read as read_module  # noqa: E402
from builder.readers import office  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"
TOP = re.compile(r"^[一二三四五六七八九十]+、")
SUB = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
HEADING_CHARS = 40  # a 一、 or （一） line longer than this is a paragraph that starts with its heading
TABLE = [
    ["指标", "2022年", "2023年", "增减"],
    ["党员人数（名）", "126", "131", "+5"],
    ["开展主题党日（次）", "12", "14", "+2"],
    ["谈心谈话（人次）", "86", "97", "+11"],
]
FOOTNOTE = "数据来源于党员管理信息系统，截至当年12月31日。"
WECHAT_PROMOTION = ["点击上方蓝字关注我们", "往期推荐", "喜欢此内容的人还喜欢", "长按识别二维码关注"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- The report in every format ---------------------------------------------------------------


def report_lines(file: Path) -> list[str]:
    text = file.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    return [line.strip() for line in text.split("\n")]


def kind_of(number: int, line: str) -> str:
    if number == 0:
        return "title"
    if len(line) <= HEADING_CHARS and TOP.match(line):
        return "h1"
    if len(line) <= HEADING_CHARS and SUB.match(line):
        return "h2"
    return "p"


def write_texts(lines: list[str], out: Path) -> dict[str, Path]:
    text = "\n".join(lines) + "\n"
    files = {"txt (UTF-8)": out / "report-utf8.txt", "txt (GBK)": out / "report-gbk.txt", "md": out / "report.md"}
    files["txt (UTF-8)"].write_text(text, encoding="utf-8")
    files["txt (GBK)"].write_bytes(text.encode("gbk"))  # fails loudly on a character GBK lacks
    markdown = []
    for number, line in enumerate(lines):
        kind = kind_of(number, line) if line else "blank"
        markdown.append({"title": "# ", "h1": "## ", "h2": "### "}.get(kind, "") + line)
    files["md"].write_text("\n\n".join(line for line in markdown if line) + "\n", encoding="utf-8")
    return files


def write_docx(lines: list[str], file: Path) -> Path:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2024, 1, 1)
    section = document.sections[0]  # A4, the margins of GB/T 9704
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(37), Mm(35), Mm(28), Mm(26)
    for name, size in (("Normal", 16), ("Title", 22), ("Heading 1", 16), ("Heading 2", 16)):
        style = document.styles[name]
        style.font.size = Pt(size)
        style.font.name = "Noto Sans CJK SC"
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "Noto Sans CJK SC")
        style.paragraph_format.line_spacing = Pt(29)  # 22 lines a page
    table_done = footnote_done = False
    body_paragraphs = 0
    for number, line in enumerate(lines):
        if not line:
            continue
        kind = kind_of(number, line)
        if kind == "title":
            paragraph = document.add_heading(line, level=0)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if kind in ("h1", "h2"):
            document.add_heading(line, level=1 if kind == "h1" else 2)
            continue
        paragraph = document.add_paragraph(line)
        paragraph.paragraph_format.first_line_indent = Pt(32)
        body_paragraphs += 1
        if body_paragraphs == 3 and not footnote_done:
            run = paragraph.add_run()
            run._r.append(parse_xml(f'<w:footnoteReference {nsdecls("w")} w:id="1"/>'))
            run.font.superscript = True
            footnote_done = True
        if body_paragraphs == 4 and not table_done:
            table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
            table.style = "Table Grid"
            for row, values in zip(table.rows, TABLE):
                for cell, value in zip(row.cells, values):
                    cell.text = value
            table_done = True
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes {nsdecls("w")}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {html.escape(FOOTNOTE)}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, footnotes.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)
    document.save(str(file))
    return file


def soffice(source: Path, target: str, out: Path, profile: Path) -> Path:
    """LibreOffice headless: `source` converted to `target` ("doc", "pdf"…) in `out`."""
    command = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}", "--convert-to", target, "--outdir", str(out), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    made = out / f"{source.stem}.{target.split(':')[0]}"
    if not made.is_file():
        raise SystemExit(f"LibreOffice made no {made}")
    return made


def write_scans(pdf: Path, out: Path, dpi: int) -> tuple[Path, Path]:
    """An image-only PDF of the pages of `pdf` (grey, at `dpi`, as a scanner makes it), and
    its first page as a PNG."""
    import pypdfium2 as pdfium

    pages = [page.render(scale=dpi / 72, grayscale=True).to_pil() for page in pdfium.PdfDocument(pdf)]
    scan = out / "report-scan.pdf"
    pages[0].save(scan, "PDF", resolution=dpi, save_all=True, append_images=pages[1:])
    png = out / "report-page1.png"
    pages[0].save(png, "PNG", dpi=(dpi, dpi))
    return scan, png


def write_wechat(lines: list[str], file: Path) -> Path:
    """A page as saved from a WeChat article: meta, scripts, #activity-name, #js_name,
    #publish_time, and the body in #js_content as <section>s and <p>s of <span>s."""
    title = next(line for line in lines if line)
    body = [
        '<section style="text-align:center"><span style="color:#888;font-size:14px">'
        f"{html.escape(WECHAT_PROMOTION[0])}</span></section>"
    ]
    body_paragraphs = 0
    for number, line in enumerate(lines[1:], start=1):
        if not line:
            body.append("<p><br></p>")
            continue
        kind = kind_of(number, line)
        if kind in ("h1", "h2"):
            body.append(f'<section><p style="margin-top:12px"><strong><span style="font-size:17px">{html.escape(line)}</span></strong></p></section>')
            continue
        # WeChat's editor cuts a paragraph into spans at sentence ends and style changes.
        pieces = [piece for piece in re.split(r"(?<=[。；！？])", line) if piece]
        spans = "".join(f'<span style="font-size:15px;letter-spacing:1px">{html.escape(piece)}</span>' for piece in pieces)
        body.append(f'<p style="text-indent:2em;line-height:1.75em">{spans}</p>')
        body_paragraphs += 1
        if body_paragraphs == 4:
            rows = "".join(
                "<tr>" + "".join(f'<td style="border:1px solid #ccc"><span>{html.escape(value)}</span></td>' for value in row) + "</tr>"
                for row in TABLE
            )
            body.append(f'<section><table style="width:100%"><tbody>{rows}</tbody></table></section>')
    body += [f'<p style="text-align:center"><span style="color:#888">{html.escape(text)}</span></p>' for text in WECHAT_PROMOTION[1:]]
    page = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:type" content="article">
<title>{html.escape(title)}</title>
<style>.rich_media_content{{overflow:hidden;color:#333;font-size:17px;word-wrap:break-word;text-align:justify}}</style>
<script>var ct = "1700000000"; var msg_title = '{html.escape(title)}'.html(false); window.__wx = {{appmsgid: 2247483650}};</script>
</head>
<body id="activity-detail" class="zh_CN mm_appmsg">
<div class="rich_media_wrp" id="img-content">
<h1 class="rich_media_title" id="activity-name">
{html.escape(title)}
</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_text">原创</span>
<span class="rich_media_meta rich_media_meta_nickname" id="profileBt"><a href="javascript:void(0);" id="js_name">机关党建之声</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2024-01-15 08:30</em>
</div>
<div class="rich_media_content js_underline_content" id="js_content" style="visibility: hidden;">
{chr(10).join(body)}
</div>
<div id="js_pc_qr_code" class="qr_code_pc_outer"><p>微信扫一扫<br>关注该公众号</p></div>
</div>
<script>document.getElementById("js_content").style.visibility = "visible";</script>
</body>
</html>
"""
    file.write_text(page, encoding="utf-8")
    return file


def make_formats(text_file: Path, out: Path, dpi: int) -> tuple[dict[str, Path], list[str]]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    lines = report_lines(text_file)
    files = write_texts(lines, out)
    docx_file = files["docx"] = write_docx(lines, out / "report.docx")
    with tempfile.TemporaryDirectory(prefix="bench-lo-profile-") as profile:
        for name, target in (("doc", "doc:MS Word 97"), ("odt", "odt"), ("rtf", "rtf"), ("pdf (text layer)", "pdf")):
            log(f"LibreOffice: {docx_file.name} -> {target}")
            files[name] = soffice(docx_file, target, out, Path(profile))
    files["pdf (scan)"], files["png (one page)"] = write_scans(files["pdf (text layer)"], out, dpi)
    files["html (WeChat)"] = write_wechat(lines, out / "report.html")
    return files, lines


# --- Timing ---------------------------------------------------------------------------------


def read(file: Path, root: Path):
    return read_module.read_source(file, root)


def timed(file: Path, root: Path, before=None) -> float:
    """Seconds of one read_source (after `before()`, which is not timed)."""
    if before:
        before()
    start = time.perf_counter()
    read(file, root)
    return time.perf_counter() - start


def summary(times: list[float]) -> dict:
    return {
        "runs": len(times),
        "median_ms": round(statistics.median(times) * 1000, 2),
        "best_ms": round(min(times) * 1000, 2),
        "all_ms": [round(t * 1000, 2) for t in times],
    }


def what_was_read(file: Path, root: Path, reference: str) -> dict:
    source = read(file, root)
    kinds: dict[str, int] = {}
    for block in source.blocks:
        kinds[block.kind] = kinds.get(block.kind, 0) + 1
    got = re.sub(r"\s", "", "".join(block.text for block in source.blocks))
    return {
        "encoding": source.encoding,
        "blocks": kinds,
        "chars": len(got),
        "text_kept": round(kept(reference, got), 4),
        "problems": [f"{p.severity}: {p.message}" if hasattr(p, "severity") else str(p) for p in source.problems][:5],
    }


def kept(reference: str, got: str) -> float:
    """The share of `reference`'s characters found, in order, in `got`."""
    matcher = difflib.SequenceMatcher(None, reference, got, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / max(1, len(reference))


def pdf_pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(pdf))


def first_page_text(pdf: Path) -> str:
    """The first page's text layer, white space aside: what the PNG of that page holds."""
    import pypdfium2 as pdfium

    return re.sub(r"\s", "", pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range())


def bench(files: dict[str, Path], root: Path, pages: int, runs: int, ocr_runs: int, references: dict[str, str]) -> list[dict]:
    rows = []

    def row(name: str, stage: str, times: list[float], n_pages: int, note: str = "") -> None:
        entry = {"format": name, "stage": stage, "file": files[name].name, "bytes": files[name].stat().st_size, "pages": n_pages,
                 **summary(times), "note": note}
        entry["ms_per_page"] = round(entry["median_ms"] / n_pages, 2)
        rows.append(entry)
        log(f"{name:<18} {stage:<28} {entry['median_ms']:>10.1f} ms  {entry['ms_per_page']:>9.1f} ms/page")

    saved_cache = office.CACHE_DIR
    try:
        for name in ("txt (UTF-8)", "txt (GBK)", "md", "docx", "html (WeChat)", "pdf (text layer)"):
            timed(files[name], root)  # warm-up: imports, PDFium loaded
            row(name, "read", [timed(files[name], root) for _ in range(runs)], pages)

        # LibreOffice: conversions (each into an empty cache), then the cached conversion.
        with tempfile.TemporaryDirectory(prefix="bench-formats-cache-") as caches:
            count = iter(range(10**6))

            def empty_cache():
                office.CACHE_DIR = Path(caches) / f"c{next(count)}"

            for name in ("doc", "odt", "rtf"):
                first = []
                if name == "doc":  # the process's first conversion: LibreOffice's profile made too
                    first = [timed(files[name], root, empty_cache)]
                    row(name, "convert, first in process", first, pages, "includes making LibreOffice's profile")
                convert_runs = [timed(files[name], root, empty_cache) for _ in range(max(3, runs // 2 + 1))]
                row(name, "convert (cache empty)", convert_runs, pages)
                office.CACHE_DIR = Path(caches) / f"{name}-cached"
                timed(files[name], root)  # converts and stores
                timed(files[name], root)  # warm-up of the cached read
                row(name, "cached conversion", [timed(files[name], root) for _ in range(runs)], pages)

        # OCR: the first read loads RapidOCR's models.
        row("png (one page)", "OCR, first in process", [timed(files["png (one page)"], root)], 1, "includes loading the OCR models")
        row("png (one page)", "OCR", [timed(files["png (one page)"], root) for _ in range(ocr_runs)], 1)
        row("pdf (scan)", "OCR", [timed(files["pdf (scan)"], root) for _ in range(ocr_runs)], pages)
    finally:
        office.CACHE_DIR = saved_cache

    # What each reader gave back (outside the timing; LibreOffice's through a fresh cache).
    with tempfile.TemporaryDirectory(prefix="bench-formats-cache-") as cache:
        office.CACHE_DIR = Path(cache)
        read_back = {name: what_was_read(file, root, references[name]) for name, file in files.items()}
        office.CACHE_DIR = saved_cache
    for entry in rows:
        entry["read"] = read_back[entry["format"]]
    return rows


# --- Report ---------------------------------------------------------------------------------


def machine() -> dict:
    def first(path: str, key: str) -> str:
        try:
            return next(line.split(":", 1)[1].strip() for line in open(path) if line.startswith(key))
        except (OSError, StopIteration):
            return ""

    git = lambda *a: subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True).stdout.strip()
    libreoffice = subprocess.run(["soffice", "--version"], capture_output=True, text=True).stdout.strip()
    versions = {}
    for package in ("pypdfium2", "rapidocr-onnxruntime", "onnxruntime", "python-docx", "lxml", "charset-normalizer", "opencc"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "nproc": os.cpu_count(),
        "cpu": first("/proc/cpuinfo", "model name"),
        "memory": first("/proc/meminfo", "MemTotal"),
        "python": platform.python_version(),
        "os": platform.platform(),
        "libreoffice": libreoffice,
        "packages": versions,
        "date": datetime.datetime.now().isoformat(timespec="seconds"),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_builder": [line for line in git("status", "--porcelain", "--", "builder").splitlines() if line],
        "loadavg_start": list(os.getloadavg()),
    }


def table(rows: list[dict]) -> str:
    lines = [f"{'format':<18} {'stage':<28} {'pages':>5} {'ms / document':>14} {'ms / page':>10} {'best ms':>9} {'text kept':>9}",
             "-" * 99]
    ms = lambda value, width: f"{value:>{width},.2f}" if value < 10 else f"{value:>{width},.1f}"
    for r in rows:
        lines.append(
            f"{r['format']:<18} {r['stage']:<28} {r['pages']:>5} {ms(r['median_ms'], 14)} {ms(r['ms_per_page'], 10)} "
            f"{ms(r['best_ms'], 9)} {r['read']['text_kept']:>9.1%}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    default_text = next(iter(sorted((ROOT / "source_reports").glob("000_*.txt"))), None)
    parser.add_argument("--text", type=Path, default=default_text, help="the report text (default source_reports/000_*.txt)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench-formats"), help="folder for the files made (emptied first)")
    parser.add_argument("--runs", type=int, default=5, help="timed reads per format (median shown)")
    parser.add_argument("--ocr-runs", type=int, default=2, help="timed reads of the scans")
    parser.add_argument("--dpi", type=int, default=200, help="resolution of the scans")
    parser.add_argument("--no-json", action="store_true", help="print only, write no result file")
    args = parser.parse_args(argv)
    if shutil.which("soffice") is None:
        raise SystemExit("LibreOffice (soffice) is needed: apt-get install libreoffice-writer-nogui fonts-noto-cjk")

    facts = machine()
    log(f"making {args.out} from {args.text}")
    files, lines = make_formats(args.text, args.out, args.dpi)
    pages = pdf_pages(files["pdf (text layer)"])
    reference = re.sub(r"\s", "", "".join(lines))
    log(f"{pages} pages, {len(reference)} characters (white space aside)")
    references = dict.fromkeys(files, reference)
    references["png (one page)"] = first_page_text(files["pdf (text layer)"])
    rows = bench(files, args.out, pages, args.runs, args.ocr_runs, references)
    facts["loadavg_end"] = list(os.getloadavg())
    print(table(rows))
    result = {
        "machine": facts,
        "text": str(args.text),
        "characters": len(reference),
        "pages": pages,
        "dpi": args.dpi,
        "files": {name: {"file": str(file), "bytes": file.stat().st_size} for name, file in files.items()},
        "results": rows,
    }
    if not args.no_json:
        RESULTS.mkdir(exist_ok=True)
        out = RESULTS / f"{datetime.date.today().isoformat()}-formats-{facts['commit']}.json"
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
