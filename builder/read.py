"""Read: a file of any supported format and encoding -> `Source` (text + values set by hand).

One reader per format behind one function, as Pelican's readers.py does. Values set by hand
come from YAML front matter (in .md files) and from a sidecar `<name>.yml` beside any source.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any, Callable

import yaml
from charset_normalizer import from_bytes

from .model import InputError, Source

SIDECAR_SUFFIX = ".yml"
BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
ATX_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
# More bad bytes or control characters than this share of a file: no text at all.
MAX_BAD_SHARE = 0.01
# A long report is some 50,000 characters; a file of many megabytes is something else, and
# would cost the search index dearly.
MAX_FILE_BYTES = 10 * 2**20
BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Return (text, encoding) for the bytes of a text file."""
    if not data.strip(b" \t\r\n\x00"):
        raise InputError(path, 1, "文件为空")
    text, encoding = detect(data, path)
    controls = len(BINARY_CONTROLS.findall(text))
    if controls > MAX_BAD_SHARE * len(text):
        raise InputError(path, 1, "不是文本文件（含有大量控制字符），已跳过")
    return text, encoding


def detect(data: bytes, path: str) -> tuple[str, str]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    # NUL bytes are no UTF-8 text, but UTF-16 without a BOM has them: leave it to detection.
    if b"\x00" not in data:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as error:
            # A few bad bytes in an otherwise UTF-8 file are a damaged copy, not another
            # encoding: say where, rather than publish a text with holes in it.
            damaged = data.decode("utf-8", errors="replace")
            if damaged.count("\ufffd") <= MAX_BAD_SHARE * len(damaged):
                line = data[: error.start].count(b"\n") + 1
                raise InputError(path, line, "含有无效的 UTF-8 字节，文件可能已损坏：请从原件重新复制或另存为 UTF-8") from None
    guess = from_bytes(data).best()
    if guess is None or guess.encoding in ("utf_8", "ascii"):
        raise InputError(path, 1, "无法识别文件编码，可能不是文本文件")
    return str(guess), guess.encoding


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], dict[str, int], str, int]:
    """(fields, their lines, body, line where the body starts) of a text with YAML front matter."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, {}, text, 1
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() in ("---", "..."):
            break
    else:
        raise InputError(path, 1, "front matter 没有结束标记 ---")
    yaml_text = "\n".join(lines[1:end])
    fields = load_yaml(yaml_text, path, first_line=2)
    return fields, key_lines(yaml_text, first_line=2), "\n".join(lines[end + 1 :]), end + 2


def key_lines(yaml_text: str, first_line: int = 1) -> dict[str, int]:
    """The line of each top-level key, so that a bad value is reported where it stands."""
    lines = {}
    for number, line in enumerate(yaml_text.split("\n"), start=first_line):
        key = TOP_LEVEL_KEY.match(line)
        if key:
            lines.setdefault(key.group(1), number)
    return lines


def load_yaml(text: str, path: str, first_line: int = 1) -> dict[str, Any]:
    try:
        fields = yaml.safe_load(text)
    except yaml.YAMLError as error:
        # An unclosed quote or bracket is reported at the end of the text; where it opens
        # (context_mark) is the line to fix.
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)
        line = first_line + (mark.line if mark else 0)
        problem = getattr(error, "problem", None) or "格式错误"
        raise InputError(path, line, f"YAML 格式错误：{problem}") from None
    if fields is None:
        return {}
    if not isinstance(fields, dict):
        raise InputError(path, first_line, "YAML 应为“键: 值”形式")
    return fields


def read_text(file: Path, path: str) -> Source:
    text, encoding = decode(file.read_bytes(), path)
    return Source(path=path, text=normalise_newlines(text), encoding=encoding)


def read_markdown(file: Path, path: str) -> Source:
    source = read_text(file, path)
    source.fields, source.field_lines, body, source.body_line = split_front_matter(source.text, path)
    source.text, source.heading_levels = markdown_headings(body)
    return source


def markdown_headings(body: str) -> tuple[str, dict[int, int]]:
    """A Markdown body's "# " headings as heading levels (# is the title), the marks taken off.

    Only ATX headings mean anything: everything else in a report is text, and a text line
    that starts with "#" is written escaped, as "\\#".
    """
    lines, levels = [], {}
    for number, line in enumerate(body.split("\n"), start=1):
        heading = ATX_HEADING.match(line)
        if heading:
            levels[number] = min(len(heading.group(1)), 5)
            line = heading.group(2).strip()
        elif line.startswith("\\#"):
            line = line[1:]
        lines.append(line)
    return "\n".join(lines), levels


def read_docx(file: Path, path: str) -> Source:
    import docx  # python-docx; imported here as only .docx sources need it
    import docx.enum.style
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(file))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise InputError(path, 1, f"不是有效的 Word (.docx) 文件：{error}") from None
    # Paragraph.style looks its style up among all of the document's styles on every call;
    # one table of names by style id makes reading a long document many times faster.
    style_names = {style.style_id: style.name for style in document.styles}
    default_style = document.styles.default(docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    lines: list[str] = []
    heading_levels: dict[int, int] = {}
    for item in document.iter_inner_content():
        if isinstance(item, docx.table.Table):
            # A row is a line, its cells (and the paragraphs inside them) side by side.
            lines.extend("　".join(" ".join(cell.text.split()) for cell in row.cells) for row in item.rows)
            continue
        # A paragraph can hold line breaks; each becomes a line of its own.
        parts = [part.strip() for part in item.text.split("\n") if part.strip()]
        if not parts:
            continue
        style_id = item._p.style  # python-docx has no public way to get the id alone
        level = word_heading_level(style_names.get(style_id) or (default_style.name if default_style else ""))
        if level:
            heading_levels[len(lines) + 1] = level
        lines.extend(parts)
    return Source(path=path, text="\n".join(lines), encoding="docx", heading_levels=heading_levels)


def word_heading_level(style: str) -> int:
    """Page level of a Word paragraph style: Title -> 1, Heading 1 -> 2 ... Heading 4 -> 5."""
    name = style.lower()
    if name in ("title", "标题"):
        return 1
    for prefix in ("heading ", "标题 "):
        if name.startswith(prefix) and name[len(prefix) :].isdigit():
            return min(int(name[len(prefix) :]) + 1, 5)
    return 0


READERS: dict[str, Callable[[Path, str], Source]] = {
    ".txt": read_text,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
}


def read_source(file: Path, root: Path) -> Source:
    """Read one source file; `root` is the project folder its path is shown relative to."""
    path = display_path(file, root)
    reader = READERS.get(file.suffix.lower())
    if reader is None:
        raise InputError(path, 1, f"不支持的文件格式 {file.suffix}（支持 {', '.join(READERS)}）")
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path, 1, f"文件过大（{size / 2**20:.1f} MB），上限为 {MAX_FILE_BYTES // 2**20} MB：请确认这是一篇报告")
    source = reader(file, path)
    sidecar = file.with_suffix(SIDECAR_SUFFIX)
    if sidecar.is_file():
        sidecar_path = display_path(sidecar, root)
        text, _ = decode(sidecar.read_bytes(), sidecar_path)
        text = normalise_newlines(text)
        fields = load_yaml(text, sidecar_path)
        source.fields.update(fields)
        source.field_lines.update(key_lines(text))
        source.field_files.update(dict.fromkeys(fields, sidecar_path))
    return source


def display_path(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def is_source(file: Path) -> bool:
    return file.suffix.lower() in READERS and not file.name.startswith((".", "~$"))
