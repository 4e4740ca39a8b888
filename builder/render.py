"""Render: a report -> its Markdown page (front matter, metadata card, outline and text).

Text is text: whatever a report contains (<script>, &, *, #, [x](javascript:…)) is shown
literally. Headings are escaped Markdown, so that they form the page's table of contents;
paragraphs are HTML blocks with escaped content, which Markdown leaves as they are.
"""

from __future__ import annotations

import json
import re
from typing import Callable

from .facets import FACETS, link_to_value
from .markup import escape_html, escape_inline
from .model import NOT_GIVEN, Block, Report

PLACEHOLDER_MARK = '<mark class="placeholder">{}</mark>'


def marked(text: str, placeholder: re.Pattern, escape: Callable[[str], str]) -> str:
    """`text` escaped, with each placeholder wrapped in a visible mark."""
    out, position = [], 0
    for match in placeholder.finditer(text):
        out.append(escape(text[position : match.start()]))
        out.append(PLACEHOLDER_MARK.format(escape(match.group())))
        position = match.end()
    out.append(escape(text[position:]))
    return "".join(out)


def render_block(block: Block, placeholder: re.Pattern) -> str:
    if block.kind == "paragraph":
        # A raw HTML block: Markdown leaves its content alone, so only HTML needs escaping.
        return f"<p>{marked(block.text, placeholder, escape_html)}</p>"
    level = 1 if block.kind == "title" else block.level
    return "#" * level + " " + marked(block.text, placeholder, escape_inline)


def front_matter(report: Report) -> str:
    meta = report.meta
    fields = {
        "report_id": report.id,
        "year": meta.year,
        "unit": meta.unit,
        "type": meta.type,
        "tags": meta.tags,
        "source": meta.source,
        "chars": meta.chars,
        "placeholders": meta.placeholders,
    }
    # JSON is YAML, and json.dumps is many times faster than yaml.safe_dump.
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields.items()) + "---\n"


def card(report: Report, from_page: str) -> str:
    rows = []
    for facet in FACETS:
        values = facet.values(report.meta)
        links = [link_to_value(facet, value, from_page) for value in values] or [NOT_GIVEN]
        rows.append(f"- **{facet.label}**：{'、'.join(links)}")
    rows.append(f"- **字数**：{report.meta.chars:,}")
    if report.meta.placeholders:
        rows.append(f"- **占位符**：{report.meta.placeholders} 处（原文中的 XX、* 等，已标出）")
    return '<div class="report-card" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def render_report(report: Report, placeholder: re.Pattern) -> str:
    blocks = report.blocks
    if not blocks or blocks[0].kind != "title" or blocks[0].text != report.meta.title:
        blocks = [Block("title", report.meta.title, 0)] + [b for b in blocks if b.kind != "title"]
    title, body = blocks[0], blocks[1:]
    parts = [
        front_matter(report),
        render_block(title, placeholder),
        card(report, report.page_path),
        *(render_block(block, placeholder) for block in body),
    ]
    return "\n\n".join(parts) + "\n"

