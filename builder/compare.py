"""The cross-report pages: every report's problems (存在问题) and plans (下一步工作) side by side,
a page for each year, grouped by unit, each excerpt linking to its section in the report.

One page for all years took 8-11 MB of HTML at 10,000 reports: too much for a browser to show
well, and made again whole whenever a report came or went. A year's page is a tenth of that;
the overview lists the years."""

from __future__ import annotations

from collections import defaultdict

from .facets import pinyin_key, year_label, year_page
from .model import NOT_GIVEN, Report
from .pages import Document, Island

PAGES = {
    "problems": ("problems.md", "存在问题", "各报告中“存在问题”“存在不足”等部分"),
    "plans": ("plans.md", "下一步工作", "各报告中“下一步工作打算”“下步措施”等部分"),
}


def section_pages(reports: list[Report]) -> dict[str, Document]:
    """The pages collecting the sections of each kind of PAGES, by path: the overview (PAGES'
    path), which lists the years, and a page for each year (`problems/2024.md`…); `reports`
    newest first. One pass over the reports for all kinds."""
    found: dict[str, dict[int | None, dict[str, list]]] = {kind: defaultdict(lambda: defaultdict(list)) for kind in PAGES}
    for report in reports:
        for section in report.sections:
            if section.kind in found:
                entry = (report.meta.title + " · " + section.heading, report.page_path + "#" + section.anchor, section.excerpt)
                found[section.kind][report.meta.year][report.meta.unit or NOT_GIVEN].append(entry)
    pages = {}
    for kind, by_year in found.items():
        pages.update(kind_pages(kind, by_year))
    return pages


def kind_pages(kind: str, by_year: dict[int | None, dict[str, list]]) -> dict[str, Document]:
    """The overview and year pages of one kind, from its entries by year and unit."""
    path, title, what = PAGES[kind]
    pages, years, total = {}, [], 0
    for year in sorted(by_year, key=lambda y: -(y or 0)):
        units = by_year[year]
        count = sum(map(len, units.values()))
        label, page = year_label(year), year_page(path, year)
        parts = [
            Island("titled", (1, f"{title}：{label}")),
            Island("paragraph", (f"{label}{what}，共 {count} 处，按单位排列。点击标题进入报告中的该部分。",)),
        ]
        for number, unit in enumerate(sorted(units, key=pinyin_key), 1):
            # Numbered, not named: a unit's name may hold what an id cannot.
            parts += [Island("titled", (2, unit, f"unit-{number}")), Island("link_list", (units[unit],))]
        pages[page] = Document(parts)
        years.append((label, page, f"（{count} 处，{len(units)} 个单位）"))
        total += count
    overview = [Island("titled", (1, title)), Island("paragraph", (f"{what}，共 {total} 处，每年一页，按单位排列。",))]
    pages[path] = Document(overview + [Island("links", (years,))] if years else overview)
    return pages
