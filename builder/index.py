"""Index: all reports -> the pages that list them (home, year/unit/type/tag indexes, search)
and the catalog (catalog.json, catalog.csv).
"""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from dataclasses import dataclass

from .facets import FACETS, Facet, pinyin_key, slug, value_page, year_label, year_page
from .compare import section_pages
from .pages import Cell, Document, Island, Listing
from .stats import stats_page
from .model import NOT_GIVEN, Report

NEWEST_ON_HOME = 10
# A value's reports are on one page up to this many; more are a page per year under an
# overview of the years. At 10,000 reports a tag most reports have listed 9,790 of them on one
# page (1.9 MB of HTML), which every new report of that tag made again whole.
ROWS_ON_ONE_PAGE = 200
YEAR_CELL = 2  # of a table row (table_row)
CATALOG_FIELDS = ["id", "title", "year", "period", "unit", "type", "tags", "issuer", "number", "url", "source", "chars", "placeholders"]
# search.js is an async module: it runs as soon as it is loaded, before the theme's scripts
# (which take some 100 ms of the page's first 250 ms), and needs only the elements above it.
# meta.json, which it reads first, is asked for while the theme's scripts run.
SEARCH_PAGE = """# 全文检索

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


def group(reports: list[Report], rows: list[tuple[Cell, ...]], facet: Facet) -> tuple[dict[str, list[tuple[Cell, ...]]], list[tuple[Cell, ...]]]:
    """The table rows of `reports` (`rows`, in the same order) by value of `facet`, and those
    of the reports that have none."""
    groups: dict[str, list[tuple[Cell, ...]]] = defaultdict(list)
    missing = []
    for report, row in zip(reports, rows):
        values = facet.values(report.meta)
        for value in values:
            groups[value].append(row)
        if not values:
            missing.append(row)
    return groups, missing


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


def value_pages(page: str, title: str, summary: str, rows: list[tuple[Cell, ...]]) -> dict[str, Document]:
    """The page of a value's reports (their `rows`, newest first) at `page`, with `summary`
    under its title. Of more than ROWS_ON_ONE_PAGE reports over several years: an overview of
    the years at `page`, and a page for each year beside it (`types/<value>/2024.md`)."""
    by_year: dict[int | None, list[tuple[Cell, ...]]] = defaultdict(list)  # newest first, as the rows
    for row in rows:
        by_year[int(row[YEAR_CELL]) if row[YEAR_CELL] != NOT_GIVEN else None].append(row)
    if len(rows) <= ROWS_ON_ONE_PAGE or len(by_year) == 1:
        return {page: listed(title, summary, report_table(rows))}
    pages, years = {}, []
    for year, year_rows in by_year.items():
        label, path = year_label(year), year_page(page, year)
        pages[path] = listed(f"{title} · {label}", f"共 {len(year_rows)} 篇。", report_table(year_rows))
        years.append((label, path, f"（{len(year_rows)} 篇）"))
    pages[page] = Document([Island("titled", (1, title)), Island("paragraph", (f"{summary}每年一页：",)), Island("links", (years,))])
    return pages


def facet_pages(facet: Facet, groups: dict[str, list[tuple[Cell, ...]]], missing: list[tuple[Cell, ...]]) -> dict[str, Listing]:
    """The overview and value pages of `facet`, from its `group`s of rows (newest first)."""
    pages = {}
    values = value_order(facet, list(groups))
    for value in values:
        pages.update(value_pages(value_page(facet, value), f"{facet.label}：{value}", f"共 {len(groups[value])} 篇。", groups[value]))
    entries = [(value, value_page(facet, value), f"（{len(groups[value])} 篇）") for value in values]
    if missing:
        page = f"{facet.folder}/{slug('unknown')}.md"
        pages.update(value_pages(page, f"{facet.label}：{NOT_GIVEN}", f"共 {len(missing)} 篇。可在报告的 front matter 或 .yml 中填写。", missing))
        entries.append((NOT_GIVEN, page, f"（{len(missing)} 篇）"))
    overview = Island("links", (entries,))
    pages[f"{facet.folder}/index.md"] = Listing([f"# 按{facet.label}\n\n共 {len(groups)} 个{facet.label}。\n\n", overview, "\n"])
    return pages


def home_page(reports: list[Report], value_counts: dict[str, int], rows: list[tuple[Cell, ...]]) -> Listing:
    """The home page; `reports` newest first, `rows` their table rows; `value_counts` by facet name."""
    counts = "、".join(f"[{value_counts[facet.name]} 个{facet.label}]({facet.folder}/index.md)" for facet in FACETS)
    years = sorted({r.meta.year for r in reports if r.meta.year})
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
            f"共收录 **{len(reports)}** 篇报告{span}；{counts}。",
            "",
            "## 最新报告",
            "",
            "",
        ]
    )
    return Listing([head, report_table(rows[:NEWEST_ON_HOME]), "\n"])


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


def index_pages(ordered: list[Report]) -> dict[str, str | Listing]:
    """Every listing page and catalog file, by path in the docs tree; `ordered`: the reports
    newest first (newest_first)."""
    lines = listed_reports(ordered)
    rows = [lines[report.id].row for report in ordered]
    groups = {facet.name: group(ordered, rows, facet) for facet in FACETS}
    value_counts = {name: len(by_value) for name, (by_value, _) in groups.items()}
    pages = {"index.md": home_page(ordered, value_counts, rows), "search.md": SEARCH_PAGE}
    for facet in FACETS:
        pages.update(facet_pages(facet, *groups[facet.name]))
    pages.update(section_pages(ordered))
    pages["stats.md"] = stats_page(ordered)
    by_id = sorted(ordered, key=lambda r: r.id)
    pages["catalog.json"] = catalog_json(by_id, lines)
    pages["catalog.csv"] = catalog_csv(by_id, lines)
    return pages
