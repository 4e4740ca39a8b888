"""Render: a report -> its Markdown page (front matter, metadata card, outline and text).

Text is text: whatever a report contains (<script>, &, *, #, [x](javascript:…)) is shown
literally. Headings are escaped Markdown, so that they form the page's table of contents;
paragraphs are HTML blocks with escaped content, which Markdown leaves as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Callable

from .facets import FACETS, link_to_value, relative
from .markup import attribute_value, escape_html, escape_inline, link
from .model import NOT_GIVEN, Block, Report
from .sections import anchor
from .similar import NEAR_DUPLICATE

ORIGINAL = "original"  # the name of a report's original beside its page, before its suffix
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


def render_block(block: Block, placeholder: re.Pattern, report_id: str, heading_id: str = "") -> str:
    if block.kind == "paragraph":
        # A raw HTML block: Markdown leaves its content alone, so only HTML needs escaping.
        return f"<p>{with_note_refs(block, placeholder)}</p>"
    if block.kind == "image":
        # Markdown, not <img>: MkDocs then checks the file is there and makes the link relative.
        return f"![{escape_inline(block.text)}]({report_id}/{block.image})"
    level = 1 if block.kind == "title" else block.level
    # An id of our own (attr_list), so that other pages can link to a section.
    attributes = f" {{#{heading_id}}}" if heading_id else ""
    return "#" * level + " " + marked(block.text, placeholder, escape_inline) + attributes


def with_note_refs(block: Block, placeholder: re.Pattern) -> str:
    """A paragraph's text as HTML, with a link to each footnote where its reference stands."""
    out, position = [], 0
    for offset, label in sorted(block.refs):
        out.append(marked(block.text[position:offset], placeholder, escape_html))
        out.append(f'<sup class="note-ref"><a href="#{note_id(label)}">{escape_html(label)}</a></sup>')
        position = offset
    out.append(marked(block.text[position:], placeholder, escape_html))
    return "".join(out)


def note_id(label: str) -> str:
    # Labels are Word's (1, 2, i, ii…, or any text): hex keeps every label a valid id.
    return "note-" + label.encode("utf-8").hex()


def render_table(block: Block, placeholder: re.Pattern, ordinal: int) -> str:
    """A table as the document has it: merged cells once, spanning what they cover. The first
    row is the header when there are others. Scrollable on narrow screens, by keyboard too;
    named by its `ordinal` in the report."""
    rows = []
    for number, row in enumerate(block.rows or []):
        tag = "th" if number == 0 and len(block.rows) > 1 else "td"
        cells = []
        for cell in row:
            spans = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
            cells.append(f"<{tag}{spans}>{marked(cell.text, placeholder, escape_html)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head, body = (rows[:1], rows[1:]) if len(rows) > 1 else ([], rows)
    thead = f"<thead>{''.join(head)}</thead>" if head else ""
    return f'<div class="report-table" tabindex="0" role="region" aria-label="表格 {ordinal}"><table>{thead}<tbody>{"".join(body)}</tbody></table></div>'


def render_notes(notes: list[Block], placeholder: re.Pattern) -> str:
    """The notes at the end of the page. Footnotes and endnotes may share a label (both "1"):
    a reference leads to the first, and each note keeps an id of its own."""
    items, seen = [], set()
    for note in notes:
        ident = note_id(note.label)
        ident = ident if ident not in seen else f"{ident}-{len(seen)}"
        seen.add(ident)
        items.append(f'<li id="{ident}"><span class="note-label">{escape_html(note.label)}</span> {marked(note.text, placeholder, escape_html)}</li>')
    return '<aside class="report-notes" aria-label="注释"><hr><ol>' + "".join(items) + "</ol></aside>"


def front_matter(report: Report) -> str:
    meta = report.meta
    fields = {
        "report_id": report.id,
        "year": meta.year,
        **({"period": meta.period} if meta.period else {}),
        **({"issuer": meta.issuer} if meta.issuer else {}),
        **({"number": meta.number} if meta.number else {}),
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
    original = next((name for name in report.assets if name.startswith(ORIGINAL + ".")), None)
    for facet in FACETS:
        values = facet.values(report.meta)
        links = [link_to_value(facet, value, from_page) for value in values] or [NOT_GIVEN]
        rows.append(f"- **{facet.label}**：{'、'.join(links)}")
    if report.meta.number:
        rows.append(f"- **文号**：{escape_inline(report.meta.number)}")
    rows.append(f"- **字数**：{report.meta.chars:,}")
    if report.meta.placeholders:
        rows.append(f"- **占位符**：{report.meta.placeholders} 处（原文中的 XX、* 等，已标出）")
    if original:
        name = report.source.fields.get("original") or report.source.path.rsplit("/", 1)[-1]
        rows.append(f'- **原件**：[下载 {escape_inline(str(name))}]({report.id}/{original}){{download="{attribute_value(str(name))}"}}')
    return '<div class="report-card" markdown>\n\n' + "\n".join(rows) + "\n\n</div>"


def render_body(report: Report, blocks: list[Block], placeholder: re.Pattern) -> list[str]:
    """The body's blocks, then its notes. A heading is shown at most one level below the one
    before it (an outline that starts at （一） begins at h2), as screen readers expect; each
    table is numbered, so that the regions of a page have names of their own."""
    rendered, headings, tables, level = [], 0, 0, 1
    for block in blocks:
        if block.kind == "footnote":
            continue
        if block.kind == "heading":
            headings += 1
            level = min(block.level, level + 1)
            rendered.append(render_block(replace(block, level=level), placeholder, report.id, anchor(headings)))
        elif block.kind == "table":
            tables += 1
            rendered.append(render_table(block, placeholder, tables))
        else:
            rendered.append(render_block(block, placeholder, report.id))
    notes = [block for block in blocks if block.kind == "footnote"]
    if notes:
        rendered.append(render_notes(notes, placeholder))
    return rendered


def render_report(report: Report, placeholder: re.Pattern) -> str:
    blocks = report.blocks
    if not blocks or blocks[0].kind != "title" or blocks[0].text != report.meta.title:
        # The page's title first; the document's own title line, when a title set by hand
        # differs from it, stays in the text as a paragraph rather than be lost.
        own = [b if b.kind != "title" else replace(b, kind="paragraph") for b in blocks if b.kind != "title" or b.text != report.meta.title]
        blocks = [Block("title", report.meta.title, 0)] + own
    title, body = blocks[0], blocks[1:]
    parts = [
        front_matter(report),
        render_block(title, placeholder, report.id),
        card(report, report.page_path),
        *render_body(report, body, placeholder),
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
