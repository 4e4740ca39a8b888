"""Acceptance: the real sample archive built by MkDocs, checked in its HTML and catalogs."""

from __future__ import annotations

import csv
import gzip
import json
import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pypinyin import lazy_pinyin

from builder import index
from conftest import ROOT, mkdocs_build, mkdocs_env

NOISE = ["##paid", "哒哒", "公众号"]


class Page(HTMLParser):
    """The parts of a built page the tests look at: headings, links, text, scripts."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.links: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.text_parts: list[str] = []
        self._heading: tuple[int, list[str]] | None = None
        self._link: tuple[str, list[str]] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (int(tag[1]), [])
        elif tag == "a":
            self._link = (attrs.get("href") or "", [])
        elif tag == "script":
            self.scripts.append(attrs.get("src") or "(inline)")

    def handle_endtag(self, tag):
        if self._heading and tag == f"h{self._heading[0]}":
            self.headings.append((self._heading[0], "".join(self._heading[1]).strip().rstrip("¶").strip()))
            self._heading = None
        elif tag == "a" and self._link:
            self.links.append((self._link[0], "".join(self._link[1]).strip()))
            self._link = None

    def handle_data(self, data):
        self.text_parts.append(data)
        if self._heading:
            self._heading[1].append(data)
        if self._link:
            self._link[1].append(data)

    @property
    def text(self) -> str:
        return "".join(self.text_parts)


def page(site: Path, url: str) -> Page:
    return Page((site / url / "index.html").read_text(encoding="utf-8"))


def catalog(site: Path) -> dict[str, dict]:
    return {row["source"].rsplit("/", 1)[-1][:3]: row for row in json.loads((site / "catalog.json").read_text("utf-8"))}


def test_every_sample_is_published(built_site):
    rows = json.loads((built_site / "catalog.json").read_text("utf-8"))
    sources = sorted(row["source"] for row in rows)
    assert sources == sorted(f"source_reports/{p.name}" for p in (ROOT / "source_reports").iterdir() if p.suffix == ".txt")
    for row in rows:
        assert (built_site / row["url"] / "index.html").is_file()
        assert re.fullmatch(r"reports/[a-z0-9_-]+/", row["url"])


@pytest.mark.parametrize(
    "sample, year, kind, unit_check",
    [
        ("000", 2023, "工作报告", lambda u: u.endswith("党组")),
        ("001", 2022, "情况报告", lambda u: u.endswith("党组")),
        ("002", 2023, "工作总结", lambda u: u.endswith("局")),
        ("003", 2023, "述职报告", lambda u: u == "XX党委（党组）"),
        ("004", 2023, "述职报告", lambda u: u.startswith("机关") and u.endswith(("党委", "支部"))),
    ],
)
def test_sample_metadata_as_in_design(built_site, sample, year, kind, unit_check):
    row = catalog(built_site)[sample]
    assert row["year"] == year
    assert row["type"] == kind
    assert unit_check(row["unit"]), row["unit"]
    # The page's metadata card shows the same values, each linking to its index page.
    card_links = {text: href for href, text in page(built_site, row["url"]).links}
    for value in (str(year), kind, row["unit"], *row["tags"]):
        assert value in card_links, value
        target = (built_site / row["url"] / card_links[value]).resolve()
        assert (target / "index.html").is_file(), card_links[value]


def test_no_noise_anywhere_in_the_site(built_site):
    for file in built_site.rglob("*"):
        if file.stem == "original":  # the file as received, offered for download as it is
            continue
        if file.suffix in (".html", ".json", ".csv", ".xml", ".txt"):
            text = file.read_text(encoding="utf-8-sig")
        elif file.suffix == ".gz":  # the search index's texts and lists, and the sitemap
            text = gzip.decompress(file.read_bytes()).decode("utf-8", errors="replace")
        else:
            continue
        for noise in NOISE:
            assert noise not in text, f"{noise} in {file.relative_to(built_site)}"


def test_paywall_marker_inside_a_word_is_joined(built_site):
    raw = (ROOT / "source_reports" / "000_9342abefdd77c34e.txt").read_text("utf-8")
    assert "3个党##paidbegin##员示范岗" in raw
    assert "3个党员示范岗" in page(built_site, catalog(built_site)["000"]["url"]).text


@pytest.mark.parametrize(
    "sample, expected",
    [
        ("000", [(2, "一、上年度整改情况"), (2, "二、主要工作情况"), (3, "（一）学习入脑入心入行，成果深化内化转化"), (2, "四、下一步措施")]),
        ("003", [(2, "一、重点工作落实情况"), (3, "（一）聚焦政治引领"), (3, "（四）聚焦作风引领"), (2, "四、下步工作打算")]),
        ("004", [(2, "一、推进和落实党建工作情况"), (3, "（十）推进统战群团工作"), (2, "二、存在的主要问题及原因分析")]),
    ],
)
def test_outline_headings_at_their_levels(built_site, sample, expected):
    built = page(built_site, catalog(built_site)[sample]["url"])
    assert built.headings[0][0] == 1
    # A heading keeps the 。 that ended it on its line.
    headings = [(level, text.removesuffix("。")) for level, text in built.headings]
    for heading in expected:
        assert heading in headings
    # The heading's trailing text stays in the page as a paragraph.
    if sample == "003":
        assert "一是突出政治引领，强化政治XX建设" in built.text


def test_outline_is_the_table_of_contents(built_site):
    html = (built_site / catalog(built_site)["000"]["url"] / "index.html").read_text("utf-8")
    toc = html[html.index('data-md-component="toc"') :]
    assert "一、上年度整改情况" in toc and "（一）学习入脑入心入行，成果深化内化转化" in toc


def test_placeholders_are_marked(built_site):
    built = (built_site / catalog(built_site)["003"]["url"] / "index.html").read_text("utf-8")
    assert '<mark class="placeholder">XX</mark>党委（党组）' in built
    assert catalog(built_site)["003"]["placeholders"] >= 10


def test_reports_stay_out_of_the_navigation(built_site):
    home = page(built_site, "")
    nav_links = [href for href, _ in home.links if "reports/" in href]
    # The home page lists the newest reports in its body, not in a navigation of every report.
    assert len(nav_links) <= 10
    guide = page(built_site, "guide")
    assert not [href for href, _ in guide.links if "reports/" in href]


def test_index_pages_list_reports_with_counts(built_site):
    rows = catalog(built_site)
    years = page(built_site, "years")
    listed = [text for _, text in years.links if re.fullmatch(r"\d{4}", text)]
    assert listed == sorted({str(r["year"]) for r in rows.values()}, reverse=True)
    assert "（4 篇）" in years.text and "（1 篇）" in years.text

    units = page(built_site, "units")
    unit_names = [text for href, text in units.links if href.endswith("/") and text in {r["unit"] for r in rows.values()}]
    assert unit_names == sorted(unit_names, key=lambda name: (lazy_pinyin(name), name))

    year_2023 = page(built_site, "years/2023")
    titles = {text for _, text in year_2023.links}
    assert {r["title"] for r in rows.values() if r["year"] == 2023} <= titles
    assert {r["title"] for r in rows.values() if r["year"] != 2023}.isdisjoint(titles)
    for column in ("标题", "单位", "年度", "类型"):
        assert column in year_2023.text


def build_in_this_process(project: Path, site: Path) -> None:
    """`mkdocs build --strict`, in this process, where a test can change the builder's settings."""
    os.environ.update(mkdocs_env())
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()  # puts the finished site in place
        config.plugins.on_startup(command=None, dirty=False)  # as the other tests' builds in this process expect


def linked_reports(site: Path, folder: Path, links: list[tuple[str, str]]) -> set[str]:
    """The report addresses (`reports/x/`) among the links of the page in `folder`."""
    targets = [(folder / href).resolve() for href, _ in links]
    return {target.relative_to(site.resolve()).as_posix() + "/" for target in targets if target.parent.name == "reports"}


def test_a_value_of_more_reports_than_a_page_lists_is_a_page_for_each_year(project, tmp_path, monkeypatch):
    # A third 述职报告, of 2021, beside the samples' two of 2023.
    sources = project / "source_reports"
    shutil.copy(sources / "003_47bf4e8efca5e9b9.txt", sources / "earlier.txt")
    (sources / "earlier.yml").write_text("id: earlier\nyear: 2021\n", encoding="utf-8")
    monkeypatch.setattr(index, "ROWS_ON_ONE_PAGE", 2)
    site = tmp_path / "site"
    build_in_this_process(project, site)
    rows = json.loads((site / "catalog.json").read_text("utf-8"))
    of_type = {r["url"]: r["year"] for r in rows if r["type"] == "述职报告"}
    assert sorted(of_type.values()) == [2021, 2023, 2023]

    types = page(site, "types")
    overview = (site / "types" / next(href for href, text in types.links if text == "述职报告")).resolve()
    shown = Page((overview / "index.html").read_text("utf-8"))
    assert (1, "类型：述职报告") in shown.headings and "共 3 篇。每年一页" in shown.text
    years = [(text, href) for href, text in shown.links if text.endswith(" 年")]
    assert [text for text, _ in years] == ["2023 年", "2021 年"]  # newest first
    assert "2023 年（2 篇）" in shown.text and "2021 年（1 篇）" in shown.text
    assert not linked_reports(site, overview, shown.links)  # the reports are on the years' pages
    for label, href in years:
        folder = (overview / href).resolve()
        year_page = Page((folder / "index.html").read_text("utf-8"))
        assert (1, f"类型：述职报告 · {label}") in year_page.headings
        assert linked_reports(site, folder, year_page.links) == {url for url, year in of_type.items() if f"{year} 年" == label}

    # A value of fewer reports keeps its one page, with its table.
    single = (site / "types" / next(href for href, text in types.links if text == "工作报告")).resolve()
    shown = Page((single / "index.html").read_text("utf-8"))
    assert "共 1 篇。" in shown.text and "每年一页" not in shown.text
    assert linked_reports(site, single, shown.links) == {r["url"] for r in rows if r["type"] == "工作报告"}


def test_home_page_has_counts_and_newest_reports(built_site):
    home = page(built_site, "")
    assert "共收录 5 篇报告" in home.text
    titles = [text for href, text in home.links if href.startswith("reports/")]
    assert titles[0] in {r["title"] for r in catalog(built_site).values() if r["year"] == 2023}
    assert len(titles) == 5


def test_catalogs(built_site):
    rows = json.loads((built_site / "catalog.json").read_text("utf-8"))
    raw = (built_site / "catalog.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    for json_row, csv_row in zip(rows, table):
        for key in ("id", "title", "year", "unit", "type", "tags", "url", "source"):
            assert key in json_row and key in csv_row
        assert csv_row["title"] == json_row["title"]
        assert csv_row["tags"].split("；") == json_row["tags"]
        assert (ROOT / json_row["source"]).is_file()


def test_interface_is_chinese_and_needs_no_other_host(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    assert '<html lang="zh"' in html
    for file in built_site.rglob("*.html"):
        built = Page(file.read_text("utf-8"))
        for src in built.scripts:
            assert not re.match(r"(https?:)?//", src), (file, src)
        assert "fonts.googleapis" not in file.read_text("utf-8")


def test_header_search_leads_to_the_search_page(built_site):
    html = (built_site / "guide" / "index.html").read_text("utf-8")
    assert re.search(r'<form class="archive-header-search" role="search"[^>]* action="\.\./search/"', html)
    search = (built_site / "search" / "index.html").read_text("utf-8")
    assert 'id="search-results"' in search


HOSTILE = """</title><script>alert("x")</script> 报告标题

一、A & B <b>加粗</b> *星号* #井号
正文 [点我](javascript:alert(1)) 和 <img src=x onerror=alert(2)> 以及 `代码` 与 &amp; 实体。
"""


def test_report_text_is_shown_literally(project, tmp_path):
    (project / "source_reports" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    html = (site / "reports" / "hostile" / "index.html").read_text("utf-8")
    body = html[html.index('<article'):html.index('</article>')]
    assert "<script>alert" not in body and "<img src=x" not in body and "<b>加粗" not in body
    assert 'href="javascript:' not in html and "<script>alert" not in html
    text = Page(body).text
    for literal in ['</title><script>alert("x")</script>', "A & B <b>加粗</b> *星号* #井号", "[点我](javascript:alert(1))",
                    "<img src=x onerror=alert(2)>", "`代码`", "&amp; 实体"]:
        assert literal in text, literal


def test_a_page_of_docs_named_as_a_generated_one_is_refused(project, tmp_path):
    (project / "docs" / "stats.md").write_text("# 我的统计\n", encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/stats.md 与生成的页面同名" in result.stderr
