"""Similar reports, the cross-report sections, statistics and print, in the built site."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter

import pytest

from builder.build import Project, generate, write_pages
from conftest import ROOT, mkdocs_build
from test_site import Page, catalog, page

SAMPLE = "002_f507f32534401310.txt"
CHANGED_SENTENCE = ("定期分析报告局思想政治工作，密切关注干部职工思想动态，及时做好思想疏导。", "每季度召开一次思想动态分析会。")


@pytest.fixture(scope="module")
def copied_site(tmp_path_factory):
    """The samples plus a copy of one of them with a sentence changed, built by MkDocs."""
    root = tmp_path_factory.mktemp("copied")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "source_reports", root / "source_reports")
    text = (root / "source_reports" / SAMPLE).read_text("utf-8")
    assert CHANGED_SENTENCE[0] in text
    (root / "source_reports" / "copy.txt").write_text(text.replace(*CHANGED_SENTENCE), encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    return site


def similar_entries(site, url):
    html = (site / url / "index.html").read_text("utf-8")
    section = html[html.index('id="similar"') :]
    section = section[: section.find("<h2", 10)] if "<h2" in section[10:] else section
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>：相似度 (\d+)%(（疑似重复）)?', section)


def test_every_report_page_lists_its_similar_reports(built_site):
    for row in catalog(built_site).values():
        built = page(built_site, row["url"])
        assert (2, "相似报告") in built.headings
        entries = similar_entries(built_site, row["url"])
        assert 0 < len(entries) <= 5
        percents = [int(p) for _, _, p, _ in entries]
        assert percents == sorted(percents, reverse=True)
        for href, _, _, _ in entries:
            assert (built_site / row["url"] / href / "index.html").resolve().is_file()


def test_a_copied_report_is_marked_as_near_duplicate(copied_site):
    rows = json.loads((copied_site / "catalog.json").read_text("utf-8"))
    original = next(r for r in rows if r["source"].endswith(SAMPLE))
    copy = next(r for r in rows if r["source"].endswith("copy.txt"))
    for this, other in ((original, copy), (copy, original)):
        href, title, percent, mark = similar_entries(copied_site, this["url"])[0]
        assert title == other["title"] and int(percent) >= 90 and mark == "（疑似重复）"
    # The other samples are not near-duplicates of anything.
    for row in rows:
        if row not in (original, copy):
            assert all(not mark for *_, mark in similar_entries(copied_site, row["url"]))


def test_similar_lists_kept_up_to_date_match_a_fresh_build(tmp_path):
    sources = tmp_path / "source_reports"
    shutil.copytree(ROOT / "source_reports", sources)
    project = Project.load(tmp_path, sources)
    generate(project)  # fills the cache and the lists
    text = (sources / SAMPLE).read_text("utf-8")
    (sources / "copy.txt").write_text(text.replace(*CHANGED_SENTENCE), encoding="utf-8")
    (sources / "000_9342abefdd77c34e.txt").unlink()

    kept_up = tmp_path / "kept-up"
    write_pages(generate(project, bodies=False), kept_up, project)
    fresh = tmp_path / "fresh"
    uncached = Project.load(tmp_path, sources, cache=False)
    write_pages(generate(uncached), fresh, uncached)
    for file in sorted(fresh.rglob("*.md")):
        assert (kept_up / file.relative_to(fresh)).read_text("utf-8") == file.read_text("utf-8"), file
    assert "copy" in (kept_up / "reports" / "002_f507f32534401310.md").read_text("utf-8")


@pytest.mark.parametrize("path, title", [("problems", "存在问题"), ("plans", "下一步工作")])
def test_cross_report_sections_link_to_their_sections(built_site, path, title):
    overview = page(built_site, path)
    assert overview.headings[0] == (1, title)
    by_id = {row["id"]: row for row in catalog(built_site).values()}
    years = [(href, text) for href, text in overview.links if re.fullmatch(r"(\d{4}|unknown)/", href)]
    # A page for each year, newest first, each listed with how many sections it holds.
    assert [href for href, _ in years] == sorted((href for href, _ in years), key=lambda h: (h != "unknown/", h), reverse=True)
    linked, total = {}, 0
    for href, label in years:
        year_page = page(built_site, f"{path}/{href}")
        assert year_page.headings[0] == (1, f"{title}：{label}")
        counted = int(re.search(rf"{re.escape(label)}（(\d+) 处", overview.text).group(1))
        links = [re.match(r"\.\./\.\./reports/([^/]+)/#(s\d+)$", href) for href, _ in year_page.links]
        found = [(match.group(1), match.group(2), text) for match, (_, text) in zip(links, year_page.links) if match]
        assert len(found) == counted
        total += counted
        # Grouped by unit: every unit of the year's reports heads its part.
        units = {t for level, t in year_page.headings if level == 2}
        for report_id, anchor, text in found:
            assert by_id[report_id]["unit"] in units and label.startswith(str(by_id[report_id]["year"] or "年度"))
            linked[report_id] = (anchor, text)
    assert f"共 {total} 处" in overview.text
    # At least four of the five samples have such a section.
    assert len(linked) >= 4
    for report_id, (anchor, text) in linked.items():
        report_page = (built_site / "reports" / report_id / "index.html").read_text("utf-8")
        heading = re.search(rf'<h(\d) id="{anchor}">(.*?)<a class="headerlink"', report_page)
        assert heading, (report_id, anchor)
        assert text.endswith(heading.group(2)), (text, heading.group(2))


def test_statistics_match_the_catalog(built_site):
    html = (built_site / "stats" / "index.html").read_text("utf-8")
    assert html.count("<svg") >= 3 and "<script" not in html[html.index("<article") : html.index("</article>")]
    rows = catalog(built_site).values()
    built = Page(html)
    text = built.text
    for year, count in Counter(str(r["year"]) for r in rows).items():
        assert re.search(rf"{year}\s*(\d+\s*)*{count}\s", text)
    for tag, count in Counter(t for r in rows for t in r["tags"]).items():
        assert re.search(rf"{re.escape(tag)}\s*{count}\b", text), tag
    assert "按年度和类型" in text and "按单位" in text and "标签频次" in text


@pytest.mark.browser
def test_a_report_prints_on_a4_without_navigation(built_site):
    from playwright.sync_api import sync_playwright

    from test_search_browser import CHROMIUM_ARGS, serve

    row = catalog(built_site)["003"]
    with serve(built_site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            tab = browser.new_page()
            tab.goto(base + row["url"])
            tab.emulate_media(media="print")
            hidden = tab.evaluate(
                """() => ['.md-header', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-footer']
                      .map(s => document.querySelector(s)).filter(Boolean)
                      .map(e => getComputedStyle(e).display)"""
            )
            assert hidden and set(hidden) == {"none"}
            order = tab.evaluate(
                "() => [...document.querySelector('article').children].slice(0, 4).map(e => e.tagName + '.' + e.className)"
            )
            assert order[0].startswith("H1") and any("report-card" in item for item in order[1:3])
            breaks = tab.evaluate("() => getComputedStyle(document.querySelector('article h2')).breakAfter")
            assert breaks in ("avoid", "avoid-page")
            pdf = tab.pdf(format="A4")
            assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2
        finally:
            browser.close()
