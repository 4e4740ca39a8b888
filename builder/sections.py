"""Sections that readers compare across reports: the problems found and the plans made.

A report's section is one of its outline headings (存在问题、存在不足、下一步工作打算…) with
the text under it, up to the next heading of the same or a higher level. Headings are read in
simplified characters, so that 存在的問題 is a problems section too.
"""

from __future__ import annotations

import re

from .model import Block, Section
from .script import simplified

KINDS = {
    "problems": re.compile(r"存在(?:的)?(?:主要)?(?:问题|不足|差距|短板)|问题(?:和|与|及)不足|不足之处|问题及(?:原因|整改)"),
    "plans": re.compile(r"下一?步|下步|今后(?:的)?工作|工作(?:打算|计划|安排|思路)|努力方向|改进(?:措施|方向)"),
}
EXCERPT_CHARS = 200


def anchor(ordinal: int) -> str:
    """The id of a report's ordinal-th heading (1-based), on its page and in links to it."""
    return f"s{ordinal}"


def find_sections(blocks: list[Block]) -> list[Section]:
    sections = []
    headings = [i for i, block in enumerate(blocks) if block.kind == "heading"]
    for ordinal, index in enumerate(headings, start=1):
        heading = blocks[index]
        kinds = [kind for kind, pattern in KINDS.items() if pattern.search(simplified(heading.text))]
        if not kinds:
            continue
        body = []
        for block in blocks[index + 1 :]:
            if block.kind == "heading" and block.level <= heading.level:
                break
            body.append(block.text)
        text = " ".join(body)
        excerpt = text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "……"
        sections.extend(Section(kind, heading.text, anchor(ordinal), excerpt) for kind in kinds)
    return sections
