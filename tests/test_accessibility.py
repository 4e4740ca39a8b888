"""Accessibility of the built site, in headless Chromium at a desktop's and a phone's width.

axe-core (npm, pinned in package.json; `npm ci` of scripts/test puts it into node_modules/)
finds no violation of WCAG 2.1 A/AA or of its best practices on every kind of page: home, a
report, search with results, each index page and a value page of each, 存在问题, 下一步工作,
统计. Beyond what axe checks: every control shows its keyboard focus plainly (the focused and
unfocused renderings differ by at least a 1-pixel ring of 3:1 contrast around the control,
after WCAG 2.4.13's measure); a search field is the first or second stop of the Tab key; a table
wider than a phone's screen scrolls by keyboard and says that it scrolls; the charts' text is
at least 11 px on a phone. Reports unlike the samples pass too: one with two tables and an
outline that starts at （一）; and so do the pages of a value split by year (its overview of the
years, a year's page), which the samples are too few to have.
"""

from __future__ import annotations

import io
import json
import shutil
import urllib.parse
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from builder import index

# The browser and the site under a sub-path, as the search tests have them.
from conftest import copy_project, mkdocs_build
from test_site import build_in_this_process
from test_search_browser import THEME_STARTED, browser, serve, site_url, wait_finished  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"desktop": 1280, "phone": 375}
AXE_RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
QUERY = "主题教育"  # found in several samples (test_search_browser checks it)
FACET_FOLDERS = ("years", "units", "types", "tags")
# Tab presses from a freshly loaded page to a search field, at most.
TABS_TO_SEARCH = 3
MIN_CHART_TEXT_PX = 11
# After WCAG 2.4.13 (focus appearance): the change is at least as large as a 1 px thick
# perimeter of the control (2.4.13 asks for 2 px; the archive's own ring is 2 px, Material's
# are thinner), with a contrast of 3:1 between its focused and unfocused pixels. Material's
# own light focus colours and a border that changes by one faint pixel fail it.
FOCUS_RING_PX, FOCUS_CONTRAST = 1, 3.0
NO_MOTION = "*, *::before, *::after { transition: none !important; animation: none !important; }"


def page_paths(site: Path) -> dict[str, str]:
    """A page of every kind the builder generates, by name -> path below the site's root."""
    catalog = json.loads((site / "catalog.json").read_text(encoding="utf-8"))
    paths = {
        "home": "",
        "report": catalog[0]["url"],
        "search with results": "search/?" + urllib.parse.urlencode({"q": QUERY}),
        "problems": "problems/",
        "plans": "plans/",
        "stats": "stats/",
    }
    for folder in ("problems", "plans"):
        years = sorted(p.parent.relative_to(site).as_posix() for p in (site / folder).glob("*/index.html"))
        assert years, f"the built site has no page of a year in {folder}/"
        paths[f"{folder}: a year"] = years[0] + "/"
    for folder in FACET_FOLDERS:
        values = sorted(p.parent.relative_to(site).as_posix() for p in (site / folder).glob("*/index.html"))
        assert values, f"the built site has no value page in {folder}/"
        paths[folder] = f"{folder}/"
        paths[f"{folder}: a value"] = values[0] + "/"
    return paths


PAGES = ["home", "report", "search with results", *FACET_FOLDERS, *(f"{f}: a value" for f in FACET_FOLDERS), "problems", "problems: a year", "plans", "plans: a year", "stats"]


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail(f"axe-core is not installed ({AXE}): run `npm ci` in {ROOT}", pytrace=False)
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module", params=list(WIDTHS), ids=list(WIDTHS))
def width(request) -> int:
    return WIDTHS[request.param]


@pytest.fixture
def page(browser, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    yield page
    context.close()


def open_page(page, site_url: str, path: str) -> None:
    """The page loaded and settled: Material's scripts and ours have run, results shown."""
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("search/"):
        wait_finished(page)
        page.wait_for_function(THEME_STARTED)  # the search page starts the theme after its search
    # Material wraps each table in a scrolling box, then archive.js marks the ones that scroll.
    page.wait_for_function(
        "document.querySelectorAll('.md-typeset table:not([class])').length"
        " === document.querySelectorAll('.md-typeset__scrollwrap table').length"
    )
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(page, site_url, built_site, axe_source, name):
    path = page_paths(built_site)[name]
    open_page(page, site_url, path)
    if name == "search with results":
        assert page.locator("#search-results > li").count() > 0, "the search found nothing"
    problems = axe_problems(page, axe_source)
    assert not problems, f"{path or 'home'}:\n" + "\n".join(problems)


def axe_problems(page, axe_source: str) -> list[str]:
    """What axe finds against AXE_RULES on the page as it is, a line each."""
    page.evaluate(axe_source)
    result = page.evaluate("rules => axe.run(document, {runOnly: {type: 'tag', values: rules}})", AXE_RULES)
    assert len(result["passes"]) > 10, "axe checked almost nothing: is it running?"
    return [f"{v['id']} ({v['impact']}): {node['target']} {node['failureSummary']}" for v in result["violations"] for node in v["nodes"]]


# A report as offices write them, unlike the samples: an outline that starts at （一） (h3 by
# the conventions, right under the title) and two tables, each a scrolling region of the page.
UNLIKE_THE_SAMPLES = """<html><head><meta charset="utf-8"><title>2023年度机关党支部工作总结</title></head>
<body><article>
<h1>2023年度机关党支部工作总结</h1>
<p>今年以来，机关党支部认真开展主题教育，现将全年工作总结如下。</p>
<p>（一）组织生活情况</p>
<p>全年召开支部党员大会和支委会的情况见下表。</p>
<table><tr><th>项目</th><th>次数</th><th>参加人数</th><th>说明</th></tr>
<tr><td>支部党员大会</td><td>4</td><td>30</td><td>全体党员参加</td></tr></table>
<p>（二）发展党员情况</p>
<table><tr><th>季度</th><th>发展党员</th><th>入党积极分子</th><th>说明</th></tr>
<tr><td>一季度</td><td>1</td><td>2</td><td>按期转正</td></tr></table>
<p>机关党支部　2023年12月28日</p>
</article></body></html>
"""


@pytest.fixture(scope="module")
def unlike_the_samples(tmp_path_factory):
    """The site of an archive holding that one report, served; and the report's path."""
    root = copy_project(tmp_path_factory.mktemp("unlike"), with_samples=False)
    (root / "source_reports" / "tables.html").write_text(UNLIKE_THE_SAMPLES, encoding="utf-8")
    result = mkdocs_build(root, root / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    (entry,) = json.loads((root / "site" / "catalog.json").read_text(encoding="utf-8"))
    with serve(root / "site") as url:
        yield url, entry["url"]


def test_axe_finds_no_violation_on_a_report_unlike_the_samples(page, unlike_the_samples, axe_source):
    url, path = unlike_the_samples
    open_page(page, url, path)
    assert page.locator(".report-table").count() == 2
    assert page.locator(".md-content h2").count() >= 2, "the outline is not shown as headings"
    assert not axe_problems(page, axe_source)


@pytest.fixture(scope="module")
def split_by_year(tmp_path_factory):
    """The site of the samples and a third 述职报告, of 2021, built with a value's reports on
    one page up to two: 述职报告 is an overview of its years and a page for each. Served;
    with the addresses of the overview and of its page of 2021."""
    root = copy_project(tmp_path_factory.mktemp("split"))
    sources = root / "source_reports"
    shutil.copy(sources / "003_47bf4e8efca5e9b9.txt", sources / "earlier.txt")
    (sources / "earlier.yml").write_text("id: earlier\nyear: 2021\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(index, "ROWS_ON_ONE_PAGE", 2)
        build_in_this_process(root, root / "site")
    site = root / "site"
    (overview,) = [p.parent for p in (site / "types").glob("*/2021/index.html")]
    with serve(site) as url:
        yield url, overview.parent.relative_to(site).as_posix() + "/", overview.relative_to(site).as_posix() + "/"


@pytest.mark.parametrize("which", ["the years", "a year"])
def test_axe_finds_no_violation_on_a_value_split_by_year(page, split_by_year, axe_source, which):
    url, years, year = split_by_year
    open_page(page, url, years if which == "the years" else year)
    title = "类型：述职报告" + ("" if which == "the years" else " · 2021 年")
    assert page.locator("h1").first.inner_text().replace("¶", "").strip() == title
    assert not axe_problems(page, axe_source)


# --- Keyboard ---------------------------------------------------------------------------------


def luminance(pixel: tuple[int, ...]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = pixel[:3]
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrasting_pixels(before: Image.Image, after: Image.Image) -> int:
    """How many pixels changed between the two images by a contrast of FOCUS_CONTRAST or more."""
    changed = ImageChops.difference(before.convert("RGB"), after.convert("RGB")).getbbox()
    if changed is None:
        return 0
    count = 0
    for old, new in zip(before.convert("RGB").crop(changed).get_flattened_data(), after.convert("RGB").crop(changed).get_flattened_data()):
        if old != new:
            light, dark = sorted((luminance(old), luminance(new)), reverse=True)
            count += (light + 0.05) / (dark + 0.05) >= FOCUS_CONTRAST
    return count


def snapshot(page, box: dict) -> Image.Image:
    return Image.open(io.BytesIO(page.screenshot(clip=box)))


def control_kind(page) -> str:
    """The focused element's kind: tag, type, classes and its parent's, role."""
    return page.evaluate(
        """() => { const e = document.activeElement;
        return [e.tagName, e.type || '', e.className, e.parentElement.className, e.getAttribute('role') || ''].join('|') }"""
    )


@pytest.mark.parametrize("name", ["home", "search with results", "stats", "report"])
def test_every_control_shows_its_focus(page, site_url, built_site, name):
    open_page(page, site_url, page_paths(built_site)[name])
    page.add_style_tag(content=NO_MOTION)
    seen, weak = set(), []
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # once round the page (or onto a control that hides itself, Material's 回到顶部)
        kind = control_kind(page)
        if kind in seen:
            continue
        seen.add(kind)
        element = page.evaluate_handle("document.activeElement")
        box = element.bounding_box()
        viewport = page.viewport_size
        clip = {"x": max(box["x"] - 6, 0), "y": max(box["y"] - 6, 0)}
        clip["width"] = min(box["x"] + box["width"] + 6, viewport["width"]) - clip["x"]
        clip["height"] = min(box["y"] + box["height"] + 6, viewport["height"]) - clip["y"]
        if clip["width"] <= 0 or clip["height"] <= 0:
            weak.append(f"{kind}: focused out of sight")
            continue
        focused = snapshot(page, clip)
        page.evaluate("element => element.blur()", element)
        unfocused = snapshot(page, clip)
        page.evaluate("element => element.focus()", element)
        # Of the ring, the part in sight: a control may be wider or taller than the screen.
        needed = FOCUS_RING_PX * 2 * (min(box["width"], clip["width"] - 12) + min(box["height"], clip["height"] - 12))
        if contrasting_pixels(unfocused, focused) < needed:
            weak.append(f"{kind}: {contrasting_pixels(unfocused, focused)} px changed by 3:1, {needed:.0f} needed")
    assert len(seen) > 3, f"the Tab key reached almost nothing: {seen}"
    assert not weak, "controls whose focus is hard to see:\n" + "\n".join(weak)


@pytest.mark.parametrize("name", PAGES)
def test_a_search_field_is_among_the_first_tab_stops(page, site_url, built_site, name):
    open_page(page, site_url, page_paths(built_site)[name])
    stops = []
    for _ in range(TABS_TO_SEARCH):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("[document.activeElement.type, document.activeElement.getAttribute('aria-label')]"))
        if stops[-1][0] == "search":
            assert stops[-1][1], "the search field has no name"
            return
    pytest.fail(f"no search field within {TABS_TO_SEARCH} Tabs: {stops}")


# --- Phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["home", "stats", "years: a value"])
def test_a_wide_table_scrolls_by_keyboard_and_says_so(browser, site_url, built_site, name):
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 800})
    page = context.new_page()
    try:
        open_page(page, site_url, page_paths(built_site)[name])
        boxes = page.locator(".md-typeset__scrollwrap")
        assert boxes.count() > 0, "no table on the page"
        for i in range(boxes.count()):
            box = boxes.nth(i)
            if not box.evaluate("b => b.scrollWidth > b.clientWidth"):
                continue
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
            assert box.get_attribute("aria-label")
            cue = box.evaluate("b => getComputedStyle(b, '::before').content")
            assert "左右" in cue, f"no visible cue that the table scrolls: {cue}"
            box.focus()
            page.keyboard.press("ArrowRight")
            page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle())
        # The 4-column listings and the 年度×类型 table of the samples are wider than a phone.
        scrolling = boxes.evaluate_all("bs => bs.filter(b => b.scrollWidth > b.clientWidth).length")
        assert scrolling > 0, "no table is wider than the phone: the test checks nothing"
    finally:
        context.close()


def test_the_charts_are_legible_on_a_phone(browser, site_url, built_site):
    context = browser.new_context(viewport={"width": WIDTHS["phone"], "height": 800})
    page = context.new_page()
    try:
        open_page(page, site_url, page_paths(built_site)["stats"])
        sizes = page.eval_on_selector_all(
            ".archive-chart text",
            "texts => texts.map(t => t.getScreenCTM().a * parseFloat(getComputedStyle(t).fontSize))",
        )
        assert sizes, "the statistics page has no chart text"
        assert min(sizes) >= MIN_CHART_TEXT_PX, f"chart text as small as {min(sizes):.1f} px"
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the page is {overflow} px wider than the phone"
    finally:
        context.close()
