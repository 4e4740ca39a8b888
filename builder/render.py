"""Render: a report -> its Markdown page (front matter, metadata card, outline and text).

Text is text: whatever a report contains (<script>, &, *, #, [x](javascript:…)) is shown
literally. Headings are escaped Markdown, so that they form the page's table of contents;
paragraphs are HTML blocks with escaped content, which Markdown leaves as they are.
"""

from __future__ import annotations

import json
import re
from typing import Callable

from .facets import FACETS, link_to_value, relative
from .markup import escape_html, escape_inline, link
from .model import NOT_GIVEN, Block, Report
from .sections import anchor
from .similar import NEAR_DUPLICATE

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


def render_block(block: Block, placeholder: re.Pattern, heading_id: str = "") -> str:
    if block.kind == "paragraph":
        # A raw HTML block: Markdown leaves its content alone, so only HTML needs escaping.
        return f"<p>{marked(block.text, placeholder, escape_html)}</p>"
    level = 1 if block.kind == "title" else block.level
    # An id of our own (attr_list), so that other pages can link to a section.
    attributes = f" {{#{heading_id}}}" if heading_id else ""
    return "#" * level + " " + marked(block.text, placeholder, escape_inline) + attributes


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


def render_body(blocks: list[Block], placeholder: re.Pattern) -> list[str]:
    rendered, headings = [], 0
    for block in blocks:
        if block.kind == "heading":
            headings += 1
            rendered.append(render_block(block, placeholder, anchor(headings)))
        else:
            rendered.append(render_block(block, placeholder))
    return rendered


def render_report(report: Report, placeholder: re.Pattern) -> str:
    blocks = report.blocks
    if not blocks or blocks[0].kind != "title" or blocks[0].text != report.meta.title:
        blocks = [Block("title", report.meta.title, 0)] + [b for b in blocks if b.kind != "title"]
    title, body = blocks[0], blocks[1:]
    parts = [
        front_matter(report),
        render_block(title, placeholder),
        card(report, report.page_path),
        *render_body(body, placeholder),
    ]
    return "\n\n".join(parts) + "\n"



def link_from_report(report: Report) -> str:
    """A link to `report` from any report's page (they are all in one folder)."""
    return link(report.meta.title, relative(report.page_path, "reports/page.md"))


def similar_section(similar: list[tuple[str, float]]) -> str:
    """The 相似报告 section that ends a report's page: `similar` holds (`link_from_report`
    of the other report, similarity). A report is listed on several pages: its link is made once."""
    lines = ["", "## 相似报告 {#similar}", ""]
    if not similar:
        lines.append("报告库中没有与本篇相似的报告。")
    for other, similarity in similar:
        mark = "（疑似重复）" if similarity >= NEAR_DUPLICATE else ""
        lines.append(f"- {other}：相似度 {similarity:.0%}{mark}")
    return "\n".join(lines) + "\n"
