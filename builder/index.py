"""Index: all reports -> the pages that list them (home, year/unit/type/tag indexes, search)
and the catalog (catalog.json, catalog.csv).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from itertools import groupby

from .compare import YearPage, section_pages, year_sections
from .facets import FACETS, Facet, pinyin_key, slug, value_page, year_label, year_page
from .model import NOT_GIVEN, Report
from .pages import Cell, Document, Island, Listing
from .stats import Tally, stats_page, tally

NEWEST_ON_HOME = 10
# A value's reports are on one page up to this many; more are a page per year under an
# overview of the years. At 10,000 reports a tag most reports have listed 9,790 of them on one
# page (1.9 MB of HTML), which every new report of that tag made again whole.
ROWS_ON_ONE_PAGE = 200
CATALOG_FIELDS = ["id", "title", "year", "period", "unit", "type", "tags", "issuer", "number", "url", "source", "chars", "placeholders"]
# search.js is an async module: it runs as soon as it is loaded, and needs only the elements
# above it; meta.json, which it reads first, is asked for while the page is parsed. The theme's
# scripts wait for its first results (theme_scripts, main.html), as their start-up took some
# 100 ms of the page's one thread while the first search waited.
SEARCH_PAGE = """---
theme_scripts: after_search
---

# 全文检索

<form id="search-form" class="archive-search" role="search" aria-label="全文检索" action="./">
  <input id="search-input" type="search" name="q" placeholder="输入要查找的词语，多个词用空格分开" autocomplete="off" aria-label="检索词" aria-describedby="search-help">
  <label class="archive-search__sort"><span>排序</span>
    <select id="search-sort" name="sort">
      <option value="">相关度</option>
      <option value="new">最新</option>
    </select>
  </label>
  <button type="submit">搜索</button>
</form>
<p id="search-help" class="archive-search__help">空格分开的词须同时出现；<code>"…"</code> 内为含空格的短语；<code>A|B</code> 表示 A 或 B；<code>-词</code> 表示不含该词。简体、繁体互相检索，全角半角、大小写不分。</p>
<div id="search-filters"></div>
<p id="search-status" aria-live="polite"></p>
<ol id="search-results"></ol>
<link rel="preload" href="../search-index/meta.json" as="fetch" crossorigin>
<link rel="modulepreload" href="../assets/archive/query.js">
<script type="module" async src="../assets/archive/search.js"></script>

<noscript>全文检索需要浏览器启用 JavaScript。</noscript>
"""


def newest_first(reports: list[Report]) -> list[Report]:
    return sorted(reports, key=lambda r: (-(r.meta.year or 0), r.title_pinyin, r.meta.title, r.id))


def value_order(facet: Facet, values: list[str]) -> list[str]:
    if facet.newest_first:
        return sorted(values, reverse=True)
    return sorted(values, key=pinyin_key)


# A facet's reports by value, as ids in the archive's order (newest first); under None, those
# that have no value. Ids, not reports: a list of thousands is filtered and sorted in C.
Groups = dict[str | None, list[str]]


def regroup(facet: Facet, groups: Groups, gone: list[Report], came: list[Report], position: dict[str, int]) -> tuple[Groups, set[str | None]]:
    """`groups` of `facet` after the reports `gone` went and `came` came (newest first), and
    the values whose reports changed. `position`: each report's place in the archive's order."""
    touched: dict[str | None, list[str]] = {}
    for report in gone:
        for value in facet.values(report.meta) or [None]:
            touched.setdefault(value, [])
    for report in came:
        for value in facet.values(report.meta) or [None]:
            touched.setdefault(value, []).append(report.id)
    gone_ids = {report.id for report in gone}
    groups = dict(groups)
    for value, added in touched.items():
        kept = [report_id for report_id in groups.get(value, ()) if report_id not in gone_ids]
        merged = sorted(kept + added, key=position.__getitem__) if kept and added else kept or added
        if merged:
            groups[value] = merged
        else:
            groups.pop(value, None)
    return groups, set(touched)


TABLE_HEAD = ["标题", "单位", "年度", "类型"]


def table_row(report: Report) -> tuple[Cell, ...]:
    meta = report.meta
    return (meta.title, report.page_path), meta.unit or NOT_GIVEN, str(meta.year or NOT_GIVEN), meta.type or NOT_GIVEN


def report_table(rows: list[tuple[Cell, ...]]) -> Island:
    """The table of reports with these rows (made beforehand: a report is listed on several pages)."""
    return Island("table", (TABLE_HEAD, rows))


def listed(title: str, summary: str, table: Island) -> Document:
    """A page of reports (a unit's, a year's…): its title, a line, the table. Rendered whole
    from these (pages.Document): there is one for each value of each facet."""
    return Document([Island("titled", (1, title)), Island("paragraph", (summary,)), table])


def value_pages(page: str, title: str, summary: str, by_year: dict[int | None, list[tuple[Cell, ...]]]) -> dict[str, Document]:
    """The page of a value's reports at `page`, with `summary` under its title, from their rows
    by year (`rows_by_year`). Of more than ROWS_ON_ONE_PAGE reports over several years: an
    overview of the years at `page`, and a page for each year beside it (`types/<value>/2024.md`)."""
    if sum(map(len, by_year.values())) <= ROWS_ON_ONE_PAGE or len(by_year) == 1:
        return {page: listed(title, summary, report_table([row for rows in by_year.values() for row in rows]))}
    pages, years = {}, []
    for year, year_rows in by_year.items():
        label, path = year_label(year), year_page(page, year)
        pages[path] = listed(f"{title} · {label}", f"共 {len(year_rows)} 篇。", report_table(year_rows))
        years.append((label, path, f"（{len(year_rows)} 篇）"))
    pages[page] = Document([Island("titled", (1, title)), Island("paragraph", (f"{summary}每年一页：",)), Island("links", (years,))])
    return pages


def rows_by_year(ids: list[str], reports: dict[str, Report], rows: dict[str, tuple[Cell, ...]]) -> dict[int | None, list[tuple[Cell, ...]]]:
    """The table rows of the reports `ids` (newest first) by year, newest first: in that order,
    the reports of a year are together."""
    return {year: list(map(rows.__getitem__, same)) for year, same in groupby(ids, key=lambda report_id: reports[report_id].meta.year or None)}


def facet_value_pages(facet: Facet, value: str | None, by_year: dict[int | None, list[tuple[Cell, ...]]]) -> dict[str, Document]:
    """The pages of one value of `facet` (None: of the reports without one), from its reports'
    rows by year."""
    count = sum(map(len, by_year.values()))
    if value is None:
        return value_pages(unknown_page(facet), f"{facet.label}：{NOT_GIVEN}", f"共 {count} 篇。可在报告的 front matter 或 .yml 中填写。", by_year)
    return value_pages(value_page(facet, value), f"{facet.label}：{value}", f"共 {count} 篇。", by_year)


def unknown_page(facet: Facet) -> str:
    return f"{facet.folder}/{slug('unknown')}.md"


def facet_overview(facet: Facet, values: list[str], groups: Groups) -> Listing:
    """The page listing the values of `facet` (in `value_order`) with their counts."""
    entries = [(value, value_page(facet, value), f"（{len(groups[value])} 篇）") for value in values]
    if None in groups:
        entries.append((NOT_GIVEN, unknown_page(facet), f"（{len(groups[None])} 篇）"))
    return Listing([f"# 按{facet.label}\n\n共 {len(values)} 个{facet.label}。\n\n", Island("links", (entries,)), "\n"])


def home_page(total: int, years: list[int], value_counts: dict[str, int], rows: list[tuple[Cell, ...]]) -> Listing:
    """The home page: `total` reports of the `years` (in order), `rows` the table rows of the
    newest; `value_counts` by facet name."""
    counts = "、".join(f"[{value_counts[facet.name]} 个{facet.label}]({facet.folder}/index.md)" for facet in FACETS)
    span = f"，年度 {years[0]}–{years[-1]}" if years else ""
    head = "\n".join(
        [
            "---",
            "hide:",
            "  - toc",
            "---",
            "",
            "# 报告库",
            "",
            '<form class="archive-search archive-search--home" role="search" aria-label="全文检索" action="search/">',
            '  <input type="search" name="q" placeholder="全文检索：输入要查找的词语" aria-label="检索词">',
            '  <button type="submit">搜索</button>',
            "</form>",
            "",
            f"共收录 **{total}** 篇报告{span}；{counts}。",
            "",
            "## 最新报告",
            "",
            "",
        ]
    )
    return Listing([head, report_table(rows), "\n"])


def catalog_row(r: Report) -> dict:
    return {
        "id": r.id,
        "title": r.meta.title,
        "year": r.meta.year,
        "period": r.meta.period,
        "unit": r.meta.unit,
        "type": r.meta.type,
        "tags": r.meta.tags,
        "issuer": r.meta.issuer,
        "number": r.meta.number,
        "url": r.url,
        "source": r.meta.source,
        "chars": r.meta.chars,
        "placeholders": r.meta.placeholders,
    }


@dataclass(frozen=True)
class Listed:
    """What the listing pages and catalogs take from one report, made once for each report."""

    row: tuple[Cell, ...]  # its row in the tables of reports
    json_line: str  # its line in catalog.json
    csv_line: str  # its line in catalog.csv

    @classmethod
    def of(cls, report: Report) -> "Listed":
        row = catalog_row(report)
        # A report a line: readable, and json's fast encoder (an indent makes it the slow one).
        json_line = json.dumps(row, ensure_ascii=False)
        out = io.StringIO()
        csv.DictWriter(out, fieldnames=CATALOG_FIELDS, lineterminator="\r\n").writerow({**row, "tags": "；".join(row["tags"]), "year": row["year"] or ""})
        return cls(table_row(report), json_line, out.getvalue())


# The Listed of each report of the last index_pages, by the report object's id (with the
# object, which the id stands for only while it lives). Under `mkdocs serve` a rebuild gets
# the same objects for the reports that did not change (cache.LOADED): their lines are not made
# again (0.6 s of a rebuild at 10,000 reports, profiled).
LISTED: dict[int, tuple[Report, Listed]] = {}


def listed_reports(reports: list[Report]) -> dict[str, Listed]:
    """The Listed of each report, by id."""
    kept = {}
    for report in reports:
        known = LISTED.get(id(report))
        kept[id(report)] = known if known is not None and known[0] is report else (report, Listed.of(report))
    LISTED.clear()
    LISTED.update(kept)
    return {report.id: listed for report, listed in kept.values()}


def catalog_json(reports: list[Report], lines: dict[str, Listed]) -> str:
    """catalog.json: `reports` sorted by id."""
    return "[\n" + ",\n".join(lines[r.id].json_line for r in reports) + "\n]\n"


def catalog_csv(reports: list[Report], lines: dict[str, Listed]) -> str:
    """catalog.csv: `reports` sorted by id. A BOM first, so that Excel opens it as UTF-8."""
    out = io.StringIO()
    csv.DictWriter(out, fieldnames=CATALOG_FIELDS, lineterminator="\r\n").writeheader()
    return "\ufeff" + out.getvalue() + "".join(lines[r.id].csv_line for r in reports)


@dataclass(frozen=True)
class Listings:
    """Every listing page and catalog file of an archive (`pages`, by path in the docs tree),
    with what they were made from, which the next build in this process (`mkdocs serve`)
    starts from: after a change to a few reports, only the pages of the values, and the years
    of sections, that those reports hold are made again (1 s a save at 10,000 reports, whole)."""

    pages: dict[str, str | Listing]
    reports: dict[str, Report]  # by id
    groups: dict[str, Groups]  # by facet name
    value_pages: dict[tuple[str, str | None], dict[str, Document]]  # (facet name, value) -> its pages
    sections: dict[int | None, dict[str, YearPage]]  # year -> kind -> its page (compare.py)
    counts: Tally


def index_pages(ordered: list[Report], earlier: Listings | None = None) -> Listings:
    """The listings of the reports `ordered` newest first (newest_first); `earlier`, those of
    an earlier build in this process, which were made from the same Report objects for the
    reports that did not change (cache.LOADED). Made from them or from nothing, the pages are
    the same."""
    reports = {report.id: report for report in ordered}
    before = earlier.reports if earlier else {}
    gone = [report for report_id, report in before.items() if reports.get(report_id) is not report]
    came = [report for report in ordered if before.get(report.id) is not report]
    position = {report.id: number for number, report in enumerate(ordered)}
    lines = listed_reports(ordered)
    rows = {report_id: listed.row for report_id, listed in lines.items()}
    groups, changed, made = {}, {}, dict(earlier.value_pages) if earlier else {}
    overviews, value_counts = {}, {}
    for facet in FACETS:
        groups[facet.name], changed[facet.name] = regroup(facet, earlier.groups[facet.name] if earlier else {}, gone, came, position)
        by_value = groups[facet.name]
        for value in changed[facet.name]:
            made.pop((facet.name, value), None)
            if value in by_value:
                made[(facet.name, value)] = facet_value_pages(facet, value, rows_by_year(by_value[value], reports, rows))
        values = value_order(facet, [value for value in by_value if value is not None])
        overviews[facet.name] = (values, facet_overview(facet, values, by_value))
        value_counts[facet.name] = len(values)
    by_year = groups["year"]
    sections = dict(earlier.sections) if earlier else {}
    for value in changed["year"]:  # the years of sections to make again
        year = int(value) if value is not None else None
        sections.pop(year, None)
        if value in by_year:
            sections[year] = year_sections(year, list(map(reports.__getitem__, by_year[value])))
    counts = tally(earlier.counts if earlier else None, gone, came)
    years = sorted(int(value) for value in by_year if value is not None and int(value))

    pages = {
        "index.md": home_page(len(ordered), years, value_counts, [rows[report.id] for report in ordered[:NEWEST_ON_HOME]]),
        "search.md": SEARCH_PAGE,
    }
    for facet in FACETS:
        values, overview = overviews[facet.name]
        for value in values + ([None] if None in groups[facet.name] else []):
            pages.update(made[(facet.name, value)])
        pages[f"{facet.folder}/index.md"] = overview
    pages.update(section_pages(sections))
    pages["stats.md"] = stats_page(counts)
    by_id = sorted(ordered, key=lambda r: r.id)
    pages["catalog.json"] = catalog_json(by_id, lines)
    pages["catalog.csv"] = catalog_csv(by_id, lines)
    return Listings(pages, reports, groups, made, sections, counts)
