"""The cross-report pages: every report's problems (存在问题) and plans (下一步工作) side by side,
grouped by year and unit, each excerpt linking to its section in the report."""

from __future__ import annotations

from collections import defaultdict

from .facets import pinyin_key
from .model import NOT_GIVEN, Report
from .pages import Document, Island

PAGES = {
    "problems": ("problems.md", "存在问题", "各报告中“存在问题”“存在不足”等部分"),
    "plans": ("plans.md", "下一步工作", "各报告中“下一步工作打算”“下步措施”等部分"),
}


def section_page(reports: list[Report], kind: str) -> tuple[str, Document]:
    """(path, page) of the page collecting the sections of `kind`; `reports` newest first."""
    path, title, what = PAGES[kind]
    by_year: dict[int | None, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    count = 0
    for report in reports:
        for section in report.sections:
            if section.kind == kind:
                entry = (report.meta.title + " · " + section.heading, report.page_path + "#" + section.anchor, section.excerpt)
                by_year[report.meta.year][report.meta.unit or NOT_GIVEN].append(entry)
                count += 1
    parts = [Island("titled", (1, title)), Island("paragraph", (f"{what}，共 {count} 处，按年度和单位排列。点击标题进入报告中的该部分。",))]
    for year in sorted(by_year, key=lambda y: -(y or 0)):
        year_id = str(year or "unknown")
        parts.append(Island("titled", (2, str(year or NOT_GIVEN), year_id)))
        for number, unit in enumerate(sorted(by_year[year], key=pinyin_key), 1):
            # Numbered, not named: a unit's name may hold what an id cannot, and it recurs each year.
            parts += [Island("titled", (3, unit, f"{year_id}-{number}")), Island("link_list", (by_year[year][unit],))]
    return path, Document(parts)
