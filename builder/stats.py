"""The statistics page (统计): charts as inline SVG made at build time, with the same numbers
in tables — no JavaScript, nothing fetched from elsewhere."""

from __future__ import annotations

from collections import Counter
from html import escape

from .facets import pinyin_key
from .model import NOT_GIVEN, Report
from .pages import Island, Listing

BAR_HEIGHT, GAP, LABEL_WIDTH, BAR_WIDTH = 22, 6, 150, 420
# Colours of Material's palette that stay apart in print and for colour-blind readers.
COLOURS = ["#3f51b5", "#ff9800", "#009688", "#e91e63", "#8bc34a", "#9c27b0", "#795548", "#607d8b", "#00bcd4", "#cddc39"]
TOP_UNITS = 20


def svg_bars(title: str, rows: list[tuple[str, dict[str, int]]], series: list[str]) -> str:
    """A horizontal bar chart: one bar a row, stacked by series, with its total at the end."""
    top = max((sum(parts.values()) for _, parts in rows), default=0) or 1
    legend = 24 if len(series) > 1 else 0
    height = legend + len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 60
    # Inside a <div>, a raw HTML block: Markdown would otherwise read the labels as Markdown.
    out = [
        '<div class="archive-figure">',
        f'<svg class="archive-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    if legend:
        x = LABEL_WIDTH
        for index, name in enumerate(series):
            out.append(f'<rect x="{x}" y="6" width="12" height="12" fill="{COLOURS[index % len(COLOURS)]}"/>')
            out.append(f'<text x="{x + 16}" y="16" font-size="12">{escape(name)}</text>')
            x += 16 + 14 * len(name) + 12
    for row, (label, parts) in enumerate(rows):
        y = legend + GAP + row * (BAR_HEIGHT + GAP)
        out.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" font-size="12" text-anchor="end">{escape(label)}</text>')
        x = float(LABEL_WIDTH)
        for index, name in enumerate(series):
            value = parts.get(name, 0)
            if value:
                w = BAR_WIDTH * value / top
                colour = COLOURS[index % len(COLOURS)]
                out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{colour}"><title>{escape(label)} {escape(name)}：{value}</title></rect>')
                x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}" font-size="12">{sum(parts.values())}</text>')
    out.append("</svg></div>")
    return "".join(out)


def table(head: list[str], rows: list[list[str]]) -> Island:
    return Island("table", (head, rows))


def stats_page(reports: list[Report]) -> Listing:
    types = sorted({r.meta.type or NOT_GIVEN for r in reports}, key=pinyin_key)
    by_year: dict[str, Counter] = {}
    for report in reports:
        year = str(report.meta.year or NOT_GIVEN)
        by_year.setdefault(year, Counter())[report.meta.type or NOT_GIVEN] += 1
    years = sorted(by_year, reverse=True)
    units = Counter(r.meta.unit or NOT_GIVEN for r in reports)
    top_units = sorted(units.items(), key=lambda item: (-item[1], pinyin_key(item[0])))
    tags = Counter(tag for r in reports for tag in r.meta.tags)
    tag_rows = sorted(tags.items(), key=lambda item: (-item[1], pinyin_key(item[0])))
    shown_units = top_units[:TOP_UNITS]
    return Listing(
        [
            f"# 统计\n\n共 {len(reports)} 篇报告。图中数字即报告篇数，下方表格列出同样的数字。\n\n## 按年度和类型\n\n",
            svg_bars("各年度报告数（按类型）", [(y, by_year[y]) for y in years], types) + "\n\n",
            table(["年度", *types, "合计"], [[y, *(str(by_year[y][t]) for t in types), str(sum(by_year[y].values()))] for y in years]),
            "\n\n## 按单位\n\n",
            svg_bars(f"报告数最多的 {len(shown_units)} 个单位", [(u, {"报告": n}) for u, n in shown_units], ["报告"]) + "\n\n",
            table(["单位", "报告数"], [[u, str(n)] for u, n in top_units]),
            "\n\n## 标签频次\n\n",
            svg_bars("各标签的报告数", [(t, {"报告": n}) for t, n in tag_rows], ["报告"]) + "\n\n",
            table(["标签", "报告数"], [[t, str(n)] for t, n in tag_rows]),
            "\n",
        ]
    )
