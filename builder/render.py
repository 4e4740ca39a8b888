"""Render: a report -> its page (front matter, metadata card, outline and text), as Markdown or
HTML (see pages.py).

Text is text: whatever a report contains (<script>, &, *, #, [x](javascript:…)) is shown
literally. Headings are escaped Markdown, so that they form the page's table of contents;
paragraphs are HTML blocks with escaped content, which Markdown leaves as they are.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import Callable

from .facets import FACETS, value_page
from .markup import escape_html
from .pages import HtmlPage, MarkdownPage, Page
from .model import NOT_GIVEN, Block, Report
from .secrecy import is_masked
from .sections import anchor
from .similar import NEAR_DUPLICATE

ORIGINAL = "original"  # the name of a report's original beside its page, before its suffix
SIMILAR_ANCHOR = "similar"
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


def page_meta(report: Report) -> dict:
    """What a report's page says of it besides its text: its front matter, and MkDocs' page.meta."""
    meta = report.meta
    return {
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


def front_matter(report: Report) -> str:
    # JSON is YAML, and json.dumps is many times faster than yaml.safe_dump.
    return "---\n" + "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in page_meta(report).items()) + "---\n"



def render_block(block: Block, placeholder: re.Pattern, report: Report, out: Page, heading_id: str = "") -> str:
    if block.kind == "paragraph":
        # HTML in both forms: Markdown leaves an HTML block's content alone.
        return f"<p>{with_note_refs(block, placeholder)}</p>"
    if block.kind == "image":
        return out.image(block.text, f"reports/{report.id}/{block.image}")
    level = 1 if block.kind == "title" else block.level
    return out.heading(level, marked(block.text, placeholder, out.text), block.text, heading_id)


def card(report: Report, out: Page) -> str:
    rows = []
    for facet in FACETS:
        values = facet.values(report.meta)
        links = [out.link(value, value_page(facet, value)) for value in values] or [out.text(NOT_GIVEN)]
        rows.append(f"{out.strong(facet.label)}：{'、'.join(links)}")
    if report.meta.number:
        rows.append(f"{out.strong('文号')}：{out.text(report.meta.number)}")
    rows.append(f"{out.strong('字数')}：{report.meta.chars:,}")
    if report.meta.placeholders:
        rows.append(f"{out.strong('占位符')}：{out.text(f'{report.meta.placeholders} 处（原文中的 XX、* 等，已标出）')}")
    if is_masked(report.problems):
        rows.append(f"{out.strong('原件')}：{out.text('含有个人信息，本页已隐去，原件不提供下载')}")
    original = next((name for name in report.assets if name.startswith(ORIGINAL + ".")), None)
    if original:
        name = str(report.source.fields.get("original") or report.source.path.rsplit("/", 1)[-1])
        rows.append(f"{out.strong('原件')}：{out.link(f'下载 {name}', f'reports/{report.id}/{original}', download=name)}")
    return out.division("report-card", out.items(rows))


def render_body(report: Report, blocks: list[Block], placeholder: re.Pattern, out: Page) -> list[str]:
    """The body's blocks (`as_shown`), then its notes. Each table is numbered, so that the
    regions of a page have names of their own."""
    rendered, headings, tables = [], 0, 0
    for block in blocks:
        if block.kind == "footnote":
            continue
        if block.kind == "heading":
            headings += 1
            rendered.append(render_block(block, placeholder, report, out, anchor(headings)))
        elif block.kind == "table":
            tables += 1
            rendered.append(render_table(block, placeholder, tables))
        else:
            rendered.append(render_block(block, placeholder, report, out))
    notes = [block for block in blocks if block.kind == "footnote"]
    if notes:
        rendered.append(render_notes(notes, placeholder))
    return rendered


def as_shown(blocks: list[Block]) -> list[Block]:
    """The blocks with each heading at most one level below the one before it (an outline
    that starts at （一） begins at h2), as screen readers expect."""
    shown, level = [], 1
    for block in blocks:
        if block.kind == "heading":
            level = min(block.level, level + 1)
            block = replace(block, level=level)
        shown.append(block)
    return shown


def page_blocks(report: Report, blocks: list[Block]) -> list[Block]:
    """The blocks of the page: the page's title first. The document's own title line, when a
    title set by hand differs from it, stays in the text as a paragraph rather than be lost."""
    if blocks and blocks[0].kind == "title" and blocks[0].text == report.meta.title:
        return blocks
    own = [b if b.kind != "title" else replace(b, kind="paragraph") for b in blocks if b.kind != "title" or b.text != report.meta.title]
    return [Block("title", report.meta.title, 0)] + own


def render_page(report: Report, blocks: list[Block], placeholder: re.Pattern, similar: list[tuple[Report, float]], out: Page) -> str:
    """A report's page without front matter: title, metadata card, text, notes, similar reports."""
    title, *body = page_blocks(report, blocks)
    parts = [render_block(title, placeholder, report, out), card(report, out), *render_body(report, as_shown(body), placeholder, out)]
    return out.join([*parts, *similar_section(similar, out)])


def render_headings(report: Report, blocks: list[Block], placeholder: re.Pattern, out: HtmlPage) -> None:
    """Only the headings of the page, as render_page makes them: enough for `out.headings`,
    the table of contents."""
    title, *body = page_blocks(report, blocks)
    render_block(title, placeholder, report, out)
    for ordinal, block in enumerate((b for b in as_shown(body) if b.kind == "heading"), start=1):
        render_block(block, placeholder, report, out, anchor(ordinal))
    similar_heading(out)


def render_report(report: Report, blocks: list[Block], placeholder: re.Pattern, similar: list[tuple[Report, float]]) -> str:
    """A report's Markdown page, front matter first."""
    return front_matter(report) + "\n" + render_page(report, blocks, placeholder, similar, MarkdownPage(report.page_path))


def similar_section(similar: list[tuple[Report, float]], out: Page) -> list[str]:
    """The 相似报告 section that ends a report's page: `similar` holds (other report, similarity)."""
    lines = []
    for other, similarity in similar:
        mark = "（疑似重复）" if similarity >= NEAR_DUPLICATE else ""
        lines.append(f"{out.link(other.meta.title, other.page_path)}：相似度 {similarity:.0%}{mark}")
    content = out.items(lines) if lines else out.paragraph("报告库中没有与本篇相似的报告。")
    return [similar_heading(out), content]


def similar_heading(out: Page) -> str:
    return out.heading(2, out.text("相似报告"), "相似报告", SIMILAR_ANCHOR)
