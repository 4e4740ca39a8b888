"""The statistics page (统计): charts as inline SVG made at build time, with the same numbers
in tables — no JavaScript, nothing fetched from elsewhere."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

from .facets import pinyin_key
from .model import NOT_GIVEN, Report
from .pages import Island, Listing

# One layout for every screen: each row's label on a line of its own above its bar, so that
# the chart is narrow. At its natural width it is shown as is; on a phone (some 340 px of
# text column at 375 px) it shrinks by at most a seventh, and its 14-unit text stays at
# 12 px or more.
WIDTH, FONT, BAR_HEIGHT, GAP = 400, 14, 16, 10
LINE = FONT + 6  # a line of text
TOTAL_ROOM = 40  # right of the longest bar, for its total
# Colours of Material's palette that stay apart in print and for colour-blind readers.
COLOURS = ["#3f51b5", "#ff9800", "#009688", "#e91e63", "#8bc34a", "#9c27b0", "#795548", "#607d8b", "#00bcd4", "#cddc39"]
TOP_UNITS = 20


def text_width(text: str) -> float:
    """About how wide `text` is set at FONT: a Chinese character is square, others half."""
    return sum(FONT if ord(ch) > 0x2E7F else FONT * 0.6 for ch in text)


def svg_text(x: float, y: float, text: str) -> str:
    """A line of text, squeezed into the chart's width if it is longer."""
    fit = f' textLength="{WIDTH - x:.0f}" lengthAdjust="spacingAndGlyphs"' if x + text_width(text) > WIDTH else ""
    return f'<text x="{x:.1f}" y="{y}" font-size="{FONT}"{fit}>{escape(text)}</text>'


def legend(series: list[str]) -> tuple[list[str], float]:
    """The series' colour keys, wrapped into lines of the chart's width; and their height."""
    if len(series) < 2:
        return [], 0
    out, x, y = [], 0.0, 0
    for index, name in enumerate(series):
        width = FONT + 4 + text_width(name) + 12
        if x and x + width > WIDTH:
            x, y = 0.0, y + LINE
        out.append(f'<rect x="{x:.1f}" y="{y + 3}" width="{FONT}" height="{FONT}" fill="{COLOURS[index % len(COLOURS)]}"/>')
        out.append(svg_text(x + FONT + 4, y + FONT + 1, name))
        x += width
    return out, y + LINE + GAP


def svg_bars(title: str, rows: list[tuple[str, dict[str, int]]], series: list[str]) -> str:
    """A horizontal bar chart: a bar a row under its label, stacked by series, with its total at the end."""
    top = max((sum(parts.values()) for _, parts in rows), default=0) or 1
    keys, top_y = legend(series)
    row_height = LINE + BAR_HEIGHT + GAP
    height = top_y + len(rows) * row_height
    # Inside a <div>, a raw HTML block: Markdown would otherwise read the labels as Markdown.
    out = [
        '<div class="archive-figure">',
        f'<svg class="archive-chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>',
        *keys,
    ]
    for row, (label, parts) in enumerate(rows):
        y = top_y + row * row_height
        out.append(svg_text(0, y + FONT, label))
        x, bar_y = 0.0, y + LINE
        for index, name in enumerate(series):
            value = parts.get(name, 0)
            if value:
                w = (WIDTH - TOTAL_ROOM) * value / top
                colour = COLOURS[index % len(COLOURS)]
                out.append(f'<rect x="{x:.1f}" y="{bar_y}" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{colour}"><title>{escape(label)} {escape(name)}：{value}</title></rect>')
                x += w
        out.append(svg_text(x + 6, bar_y + FONT - 1, str(sum(parts.values()))))
    out.append("</svg></div>")
    return "".join(out)


def table(head: list[str], rows: list[list[str]]) -> Island:
    return Island("table", (head, rows))


@dataclass(frozen=True)
class Tally:
    """How many reports the archive has of each year and type, each unit, and each tag (未注明
    for a year, type or unit not given); only counts above zero."""

    by_year: dict[str, Counter]  # year -> type -> reports
    units: Counter
    tags: Counter
    total: int


def tally(earlier: Tally | None, gone: list[Report], came: list[Report]) -> Tally:
    """The counts of `earlier` (None: an empty archive) after the reports `gone` went and `came`
    came: a change to a few reports does not count the whole archive again."""
    by_year = {year: Counter(types) for year, types in earlier.by_year.items()} if earlier else {}
    units, tags = (Counter(earlier.units), Counter(earlier.tags)) if earlier else (Counter(), Counter())
    for reports, step in ((gone, -1), (came, 1)):
        for report in reports:
            meta = report.meta
            by_year.setdefault(str(meta.year or NOT_GIVEN), Counter())[meta.type or NOT_GIVEN] += step
            units[meta.unit or NOT_GIVEN] += step
            for tag in meta.tags:
                tags[tag] += step
    by_year = {year: +types for year, types in by_year.items() if +types}
    return Tally(by_year, +units, +tags, (earlier.total if earlier else 0) + len(came) - len(gone))


def stats_page(counts: Tally) -> Listing:
    types = sorted({kind for by_type in counts.by_year.values() for kind in by_type}, key=pinyin_key)
    by_year = counts.by_year
    years = sorted(by_year, reverse=True)
    top_units = sorted(counts.units.items(), key=lambda item: (-item[1], pinyin_key(item[0])))
    tag_rows = sorted(counts.tags.items(), key=lambda item: (-item[1], pinyin_key(item[0])))
    shown_units = top_units[:TOP_UNITS]
    return Listing(
        [
            f"# 统计\n\n共 {counts.total} 篇报告。图中数字即报告篇数，下方表格列出同样的数字。\n\n## 按年度和类型\n\n",
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
