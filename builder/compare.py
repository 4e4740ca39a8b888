"""The cross-report pages: every report's problems (存在问题) and plans (下一步工作) side by side,
a page for each year, grouped by unit, each excerpt linking to its section in the report.

One page for all years took 8-11 MB of HTML at 10,000 reports: too much for a browser to show
well, and made again whole whenever a report came or went. A year's page is a tenth of that;
the overview lists the years."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .facets import pinyin_key, year_label, year_page
from .model import NOT_GIVEN, Report
from .pages import Document, Island

PAGES = {
    "problems": ("problems.md", "存在问题", "各报告中“存在问题”“存在不足”等部分"),
    "plans": ("plans.md", "下一步工作", "各报告中“下一步工作打算”“下步措施”等部分"),
}


@dataclass(frozen=True)
class YearPage:
    """The page of one year's sections of one kind, and its line on the kind's overview."""

    path: str
    page: Document
    count: int  # sections on it
    units: int


def year_sections(year: int | None, reports: list[Report]) -> dict[str, YearPage]:
    """The pages of one year's sections (`reports`: that year's, newest first), for each kind of
    PAGES that some of them hold. A year at a time, so that a change to a few reports makes
    only their years' pages again."""
    found: dict[str, dict[str, list]] = {kind: defaultdict(list) for kind in PAGES}
    for report in reports:
        for section in report.sections:
            if section.kind in found:
                entry = (report.meta.title + " · " + section.heading, report.page_path + "#" + section.anchor, section.excerpt)
                found[section.kind][report.meta.unit or NOT_GIVEN].append(entry)
    pages = {}
    for kind, units in found.items():
        if not units:
            continue
        path, title, what = PAGES[kind]
        label, count = year_label(year), sum(map(len, units.values()))
        parts = [
            Island("titled", (1, f"{title}：{label}")),
            Island("paragraph", (f"{label}{what}，共 {count} 处，按单位排列。点击标题进入报告中的该部分。",)),
        ]
        for number, unit in enumerate(sorted(units, key=pinyin_key), 1):
            # Numbered, not named: a unit's name may hold what an id cannot.
            parts += [Island("titled", (2, unit, f"unit-{number}")), Island("link_list", (units[unit],))]
        pages[kind] = YearPage(year_page(path, year), Document(parts), count, len(units))
    return pages


def section_pages(by_year: dict[int | None, dict[str, YearPage]]) -> dict[str, Document]:
    """Every page of sections, by path: for each kind of PAGES, its years' pages (newest first)
    and the overview (PAGES' path), which lists them."""
    pages = {}
    years = sorted(by_year, key=lambda y: -(y or 0))
    for kind, (path, title, what) in PAGES.items():
        lines, total = [], 0
        for year in years:
            found = by_year[year].get(kind)
            if found is not None:
                pages[found.path] = found.page
                lines.append((year_label(year), found.path, f"（{found.count} 处，{found.units} 个单位）"))
                total += found.count
        overview = [Island("titled", (1, title)), Island("paragraph", (f"{what}，共 {total} 处，每年一页，按单位排列。",))]
        pages[path] = Document(overview + [Island("links", (lines,))] if lines else overview)
    return pages
