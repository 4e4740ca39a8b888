"""Parse: cleaned text -> blocks (title, outline headings, paragraphs).

The outline of Chinese official documents: 一、 (level 2) -> （一） (level 3) -> 1. 1． 1、
(level 4) -> （1） (level 5). A heading line often carries body text after its first 。;
the heading is the part before it and the rest stays a paragraph. 一是……二是…… are
enumerations inside a paragraph, not headings.
"""

from __future__ import annotations

import re

from .model import Block

CHINESE_NUMBER = "[一二三四五六七八九十百零〇]+"
OUTLINE = [
    (2, re.compile(rf"^{CHINESE_NUMBER}\s*[、.．]")),
    (3, re.compile(rf"^[（(]\s*{CHINESE_NUMBER}\s*[）)]")),
    (4, re.compile(r"^\d{1,2}\s*(?:[.．](?!\d)|、)")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
]
# Longer than this, a numbered line is a numbered paragraph rather than a heading.
MAX_HEADING_CHARS = 50
MAX_TITLE_CHARS = 60
SENTENCE_END = "。"


def outline_level(line: str) -> int:
    for level, pattern in OUTLINE:
        if pattern.match(line):
            return level
    return 0


def split_heading(line: str) -> tuple[str, str] | None:
    """(heading, trailing text) when `line` opens with an outline heading, else None."""
    if not outline_level(line):
        return None
    head, sep, rest = line.partition(SENTENCE_END)
    if len(head) > MAX_HEADING_CHARS:
        return None
    return head.strip(), rest.strip()


def looks_like_title(line: str) -> bool:
    return (
        len(line) <= MAX_TITLE_CHARS
        and not outline_level(line)
        and not line.endswith((SENTENCE_END, "：", ":", "；"))
    )


def parse(text: str, line_numbers: list[int] | None = None, heading_levels: dict[int, int] | None = None) -> list[Block]:
    """Blocks of a cleaned text.

    `line_numbers` gives each line's number in the text before cleaning (default: its own),
    which blocks carry and `heading_levels` (lines a Word file styled as headings) refers to.
    """
    heading_levels = heading_levels or {}
    blocks: list[Block] = []
    for index, raw in enumerate(text.split("\n")):
        line = raw.strip()
        if not line:
            continue
        number = line_numbers[index] if line_numbers is not None else index + 1
        styled = heading_levels.get(number)
        if styled == 1 or (not blocks and styled is None and looks_like_title(line)):
            blocks.append(Block("title", line, number))
            continue
        if styled:
            blocks.append(Block("heading", line, number, styled))
            continue
        heading = split_heading(line)
        if heading is None:
            blocks.append(Block("paragraph", line, number))
            continue
        head, rest = heading
        blocks.append(Block("heading", head, number, outline_level(line)))
        if rest:
            blocks.append(Block("paragraph", rest, number))
    return blocks
