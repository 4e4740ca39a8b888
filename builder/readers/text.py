"""Plain text (.txt, in any common encoding) and Markdown (.md, with YAML front matter).

A line of text is a paragraph block, numbered by its line in the file's body. In Markdown
only ATX headings ("# ") mean anything: everything else in a report is text, and a text line
that starts with "#" is written escaped, as "\\#".
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

import yaml
from charset_normalizer import from_bytes

from ..model import Block, InputError, Source
from . import Reader

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


def decode_file(file: Path, path: str) -> tuple[str, str]:
    text, encoding = decode(file.read_bytes(), path)
    return normalise_newlines(text), encoding


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


def line_blocks(text: str) -> list[Block]:
    """A paragraph block for each line that holds anything, numbered by its line."""
    return [Block("paragraph", line.strip(), number) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]


def read_text(file: Path, path: str) -> Source:
    text, encoding = decode_file(file, path)
    return Source(path=path, blocks=line_blocks(text), encoding=encoding)


def read_markdown(file: Path, path: str) -> Source:
    text, encoding = decode_file(file, path)
    fields, field_lines, body, body_line = split_front_matter(text, path)
    return Source(path, markdown_blocks(body), fields, field_lines, body_line=body_line, encoding=encoding)


def markdown_blocks(body: str) -> list[Block]:
    """A Markdown body's lines as blocks: "# " lines are the title and headings, marks taken off."""
    blocks = []
    for number, line in enumerate(body.split("\n"), start=1):
        heading = ATX_HEADING.match(line)
        if heading:
            level = min(len(heading.group(1)), 5)
            blocks.append(Block("title" if level == 1 else "heading", heading.group(2).strip(), number, level if level > 1 else 0))
        elif line.strip():
            blocks.append(Block("paragraph", (line[1:] if line.startswith("\\#") else line).strip(), number))
    return blocks


TEXT = Reader("纯文本 (.txt)", ("text",), (".txt", ".text"), read_text)
MARKDOWN = Reader("Markdown (.md)", ("markdown",), (".md", ".markdown"), read_markdown)
