"""Parse: cleaned blocks -> the title, the outline headings and the paragraphs.

The outline of Chinese official documents: 一、 (level 2) -> （一） (level 3) -> 1. 1． 1、
(level 4) -> （1） (level 5), with half-width (一) and 1. as web copies write them; long
reports put 第一部分 and 第一章 above them. A heading line often carries body text after its
first 。; the heading is the part up to it and the rest stays a paragraph. 一是……二是……
are enumerations inside a paragraph, not headings. A short line standing alone between
paragraphs (亮点一：…, 强化责任落实) is a heading without a number.

The title is the line that names a kind of document (……工作总结, ……的报告, ……发言提纲),
never a red-head line (发文机关, 文号, 签发人) above it; without such a line, the first short one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .model import Block
from .script import simplified

CHINESE_NUMBER = "[一二三四五六七八九十百零〇]+"
OUTLINE = [
    (2, re.compile(rf"^{CHINESE_NUMBER}\s*[、.．]")),
    (3, re.compile(rf"^[（(]\s*{CHINESE_NUMBER}\s*[）)]")),
    (4, re.compile(r"^\d{1,2}\s*(?:[.．](?!\d)|、)")),
    (5, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
]
CHAPTERS = [
    ("part", re.compile(rf"^第\s*(?:{CHINESE_NUMBER}|\d{{1,2}})\s*(?:部分|篇)")),
    ("chapter", re.compile(rf"^第\s*(?:{CHINESE_NUMBER}|\d{{1,2}})\s*[章节節]")),
]
# A heading without a number: 亮点一：…, or a short line standing alone between paragraphs.
NAMED_POINT = re.compile(rf"^(?:亮点|特点|特色|做法|经验|举措|措施|成效|问题|启示|体会|方面|板块)\s*{CHINESE_NUMBER}\s*[：:]")
STANDALONE_CHARS = (4, 24)
LONG_PARAGRAPH = 40
STANDALONE_ENDS = tuple("。！？；：:;，,、…")
# What a title names: the kind of document (in simplified characters, see script.py).
TITLE_KIND = re.compile(
    r"(?:报告|总结|汇报|材料|要点|计划|规划|方案|安排|打算|提纲|发言|讲话|讲稿|致辞|党课|体会|心得|感悟|调研|剖析|述职|述责|述廉)"
    r"\s*(?:[（(][^()（）]{0,20}[）)])?\s*$"
)
# Red-head lines: the issuing body, the document number, the signer, the classification.
REDHEAD = re.compile(
    r"〔\s*\d{4}\s*〕|[\[【]\s*\d{4}\s*[\]】]\s*\d+\s*号|^签发人\s*[：:]|^(?:绝密|机密|秘密)(?:★|\s|$)|"
    r"^(?:特急|加急|平急)$|^(?:中共|中国共产党)?\S{2,24}(?:文件|委员会|党委|党组|组织部|办公室|办公厅)$"
)
# Longer than this, a numbered line is a numbered paragraph rather than a heading.
MAX_HEADING_CHARS = 50
MAX_TITLE_CHARS = 60
SENTENCE_END = "。"


def outline_level(line: str, parts: bool = False) -> int:
    """The page level of a line's outline number, 0 if it has none. `parts`: the document
    has 第一部分 above its 第一章, which then come one level down."""
    for kind, pattern in CHAPTERS:
        if pattern.match(line):
            return 3 if kind == "chapter" and parts else 2
    for level, pattern in OUTLINE:
        if pattern.match(line):
            return level
    if NAMED_POINT.match(line):
        return 3
    return 0


def split_heading(line: str) -> tuple[str, str] | None:
    """(heading, trailing text) when `line` opens with an outline heading, else None. The
    heading keeps its 。: nothing of the report is lost, and the text reads as written."""
    if not outline_level(line):
        return None
    head, sep, rest = line.partition(SENTENCE_END)
    if len(head) > MAX_HEADING_CHARS:
        return None
    return (head + sep).strip(), rest.strip()


def looks_like_title(line: str) -> bool:
    return (
        len(line) <= MAX_TITLE_CHARS
        and not outline_level(line)
        and not line.endswith((SENTENCE_END, "：", ":", "；"))
        and not REDHEAD.search(line)
    )


def names_a_document(line: str) -> bool:
    return looks_like_title(line) and bool(TITLE_KIND.search(simplified(line)))


SUBTITLE = ("——", "—", "--")  # ——在全市组织工作会议上的讲话: under a title, not one
# The title is looked for among the first lines only: further down, a line naming a
# document is a reference to another one (《关于……的通知》).
TITLE_WITHIN = 12


def title_index(blocks: list[Block]) -> int | None:
    """Which block is the title: one the document styles as such; else, of the first lines
    before the text begins, the last to name a kind of document (a web page puts its own
    headings, 关于党支部工作总结 or 2020年工作总结, above the report's); else the first one
    the document centres; else the first short line after any red-head."""
    texts = [i for i, b in enumerate(blocks) if b.kind in ("paragraph", "title", "heading")][:TITLE_WITHIN]
    for i in texts:
        if blocks[i].kind == "title":
            return i
    candidates = []
    for i in texts:
        if blocks[i].kind == "paragraph" and names_a_document(blocks[i].text) and not blocks[i].text.startswith(SUBTITLE):
            candidates.append(i)
        elif candidates and (len(blocks[i].text) >= LONG_PARAGRAPH or blocks[i].text.endswith(SENTENCE_END)):
            break  # the text has begun
    if candidates:
        return candidates[-1]
    for i in texts:  # the document sets it apart: centred (and bold) above the text
        if blocks[i].kind == "paragraph" and blocks[i].centered and looks_like_title(blocks[i].text):
            return i
    for i in texts:
        if REDHEAD.search(blocks[i].text):
            continue
        return i if blocks[i].kind == "paragraph" and looks_like_title(blocks[i].text) else None
    return None


def standalone_headings(blocks: list[Block], title: int | None) -> dict[int, int]:
    """The short lines that stand alone between paragraphs as headings without a number, and
    their levels: a run of them is a heading and its subheadings (主要做法及成效 / 注重源头培养),
    and one after a paragraph is a sibling of the heading before it."""
    def candidate(i: int) -> bool:
        block = blocks[i]
        text = block.text
        return (
            block.kind == "paragraph"
            and STANDALONE_CHARS[0] <= len(text) <= STANDALONE_CHARS[1]
            and not text.endswith(STANDALONE_ENDS)
            and not outline_level(text)
            and not REDHEAD.search(text)
            and not re.search(r"\d{4}\s*年|\d{1,2}\s*月\s*\d{1,2}\s*日", text)  # the signature's date
        )

    def long_paragraph(i: int) -> bool:
        return 0 <= i < len(blocks) and blocks[i].kind == "paragraph" and len(blocks[i].text) >= LONG_PARAGRAPH

    levels: dict[int, int] = {}
    last_level = 1
    # Not the line under the title: that is its author or its date (某某局党委　张某某).
    i = (title + 2) if title is not None else len(blocks)
    while i < len(blocks):
        if not candidate(i):
            if blocks[i].kind == "heading":
                last_level = blocks[i].level
            elif split_heading(blocks[i].text) and blocks[i].kind == "paragraph":
                last_level = outline_level(blocks[i].text)
            i += 1
            continue
        end = i
        while end + 1 < len(blocks) and candidate(end + 1):
            end += 1
        before = blocks[i - 1]
        if long_paragraph(end + 1) and (before.kind in ("heading", "title") or long_paragraph(i - 1)):
            if end > i or last_level == 1:
                # A run: a heading and its subheadings, from the top level, or below the
                # numbered heading (（一）…) it follows.
                first = 2 if last_level <= 2 else min(last_level + 1, 5)
            else:
                first = last_level  # alone: a sibling of the heading before
            for offset, index in enumerate(range(i, end + 1)):
                levels[index] = min(first + offset, 5)
            last_level = levels[end]
        i = end + 1
    return levels


def parse(blocks: list[Block]) -> list[Block]:
    """The title and the outline of a cleaned document.

    A block the reader already knows to be the title or a heading (from the document's styles)
    stays one. Tables, images and footnotes pass through.
    """
    title = title_index(blocks)
    blocks = title_from_first_heading(blocks) if title is None else blocks
    title = title_index(blocks) if title is None else title
    parts = any(CHAPTERS[0][1].match(b.text) for b in blocks if b.kind == "paragraph")
    standalone = standalone_headings(blocks, title)
    parsed: list[Block] = []
    for i, block in enumerate(blocks):
        if i == title:
            parsed.append(replace(block, kind="title", level=0))
            continue
        if block.kind == "title":  # a second Title style: a heading of the top level
            block = replace(block, kind="heading", level=2)
        if block.kind != "paragraph":
            parsed.append(block)
            continue
        if i in standalone:
            parsed.append(replace(block, kind="heading", level=standalone[i]))
            continue
        heading = split_heading(block.text)
        if heading is None:
            parsed.append(block)
            continue
        head, rest = heading
        parsed.append(replace(block, kind="heading", text=head, level=outline_level(block.text, parts), refs=()))
        if rest:
            # Footnote references stay with the part of the text they stand in.
            cut = len(block.text) - len(rest)
            parsed.append(replace(block, text=rest, refs=tuple((o - cut, l) for o, l in block.refs if o >= cut)))
    return parsed


def title_from_first_heading(blocks: list[Block]) -> list[Block]:
    """A title set in Word's 标题 1 (Heading 1) with no Title style: it becomes the title,
    and the document's other styled headings move up a level, as they were meant."""
    first = next((i for i, b in enumerate(blocks) if b.kind in ("paragraph", "heading")), None)
    if first is None or blocks[first].kind != "heading" or not names_a_document(blocks[first].text):
        return blocks
    others = [b for b in blocks[first + 1 :] if b.kind == "heading"]
    if any(b.level == 2 for b in others):
        return blocks  # the first of several top-level headings
    return [
        replace(b, kind="title", level=0) if i == first else replace(b, level=max(2, b.level - 1)) if b.kind == "heading" else b
        for i, b in enumerate(blocks)
    ]
