"""Exact Chinese substring search, end to end: the built site in headless Chromium.

A report must be found for a query exactly when its source text holds it (space-separated
terms: all of them; A|B: either; -词: not). The expected reports are computed from the source
files, never written down, so the test keeps meaning something as the archive grows.
The site is served under a sub-path, as on an intranet server, and the page may reach
nothing but that server. A larger archive (the samples copied into several years and units)
has several pages of results, its index keys spread over several files and a unit filter
typed into. A small archive written by the tests holds the constructed cases: the order of
relevance, and the same phrase in traditional and simplified characters.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import sys
import threading
import urllib.parse
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build

from builder import search as search_index
from builder.build import Project, collect, search_records

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PREFIX = "/archive/"  # the site is served under a sub-path
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PAID_MARKERS = ("##paidbegin##", "##paidend##")

# The ten everyday queries of DESIGN.md ("Search").
QUERIES = ["主题教育", "党风廉政", "三会一课", "意识形态", "廉政", "民族团结", "谈心谈话", "党费", "调查研究", "江苏"]

STATE = "document.getElementById('search-results').dataset.state"
FINISHED = (
    f"['done', 'error'].includes({STATE})"
    " && document.getElementById('search-status').textContent.trim() !== ''"
)


# --- The site ------------------------------------------------------------------------------


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site directory under PREFIX and nothing outside it."""

    def translate_path(self, path: str) -> str:
        parsed = urllib.parse.urlsplit(path).path
        if not parsed.startswith(PREFIX):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(PREFIX) :])

    def log_message(self, format, *args):  # keep pytest's output for failures
        pass


@contextmanager
def serve(site: Path, handler=None, server_class=http.server.ThreadingHTTPServer):
    """The site under PREFIX on 127.0.0.1, with `handler` (default: SubPathHandler)."""
    handler = functools.partial(handler or SubPathHandler, directory=str(site))
    server = server_class(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def site_url(built_site: Path):
    with serve(built_site) as url:
        yield url


def read_catalog(site: Path) -> list[dict]:
    return json.loads((site / "catalog.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(built_site: Path) -> list[dict]:
    return read_catalog(built_site)


@pytest.fixture(scope="module")
def texts(catalog) -> dict[str, str]:
    """Report id -> its source text as received, less the paywall markers."""
    result = {}
    for entry in catalog:
        raw = (ROOT / entry["source"]).read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
        for marker in PAID_MARKERS:
            text = text.replace(marker, "")
        result[entry["id"]] = text
    return result


def expected(texts: dict[str, str], query: str) -> set[str]:
    """The reports holding the query: each term (one alternative of A|B), none of the -terms."""
    def holds(text: str, term: str) -> bool:
        return any(alternative.strip('"“”') in text for alternative in term.split("|"))

    terms = query.split()
    wanted = [t for t in terms if not t.startswith("-")]
    unwanted = [t[1:] for t in terms if t.startswith("-")]
    return {rid for rid, text in texts.items() if all(holds(text, t) for t in wanted) and not any(holds(text, t) for t in unwanted)}


# --- The browser ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page that records what it fetches and what goes wrong in it."""

    def __init__(self, browser):
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", self._response)
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))

    def _response(self, response):
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def assert_clean(self):
        outside = [
            url
            for url in self.requests
            if urllib.parse.urlsplit(url).scheme not in ("data", "blob")
            and urllib.parse.urlsplit(url).hostname != "127.0.0.1"
        ]
        assert not outside, f"requests left the intranet server: {outside}"
        assert not self.errors, f"errors in the page: {self.errors}; failed requests: {self.failed}"


@pytest.fixture
def watched(browser):
    watched = Watched(browser)
    yield watched
    watched.context.close()


def wait_finished(page) -> None:
    page.wait_for_function(FINISHED)
    state = page.evaluate(STATE)
    assert state == "done", f"search ended in state {state!r}: {page.inner_text('#search-status')}"


def all_results(page) -> list[str]:
    """Paths of the result links, after loading every page of results."""
    wait_finished(page)
    more = page.locator(".archive-search__more")
    while more.is_visible():
        # Mark the list so that the wait below sees this click's search finish, not the last one.
        page.evaluate(f"{STATE} = 'clicked'")
        more.click()
        wait_finished(page)
    paths = []
    for links in page.eval_on_selector_all("#search-results > li", "items => items.map(li => [...li.querySelectorAll('a')].map(a => a.href))"):
        # The title and each excerpt lead to the same report (the excerpts to a section of it).
        assert len({urllib.parse.urlsplit(href).path for href in links}) == 1, links
        paths.append(urllib.parse.unquote(urllib.parse.urlsplit(links[0]).path))
    return paths


def report_ids(paths: list[str], catalog: list[dict]) -> set[str]:
    by_path = {PREFIX + entry["url"]: entry["id"] for entry in catalog}
    unknown = [path for path in paths if path not in by_path]
    assert not unknown, f"results that are not reports of the catalog: {unknown}"
    assert len(paths) == len(set(paths)), f"a report listed twice: {paths}"
    return {by_path[path] for path in paths}


def search(watched: Watched, site_url: str, query: str, **filters: str) -> list[str]:
    params = urllib.parse.urlencode({"q": query, **filters})
    watched.page.goto(f"{site_url}search/?{params}")
    return all_results(watched.page)


# --- Tests ---------------------------------------------------------------------------------


def test_the_samples_hold_the_queries(texts):
    for query in QUERIES:
        assert expected(texts, query), f"no sample report contains {query}"
    assert len(expected(texts, "主题教育")) >= 3


@pytest.mark.parametrize("query", QUERIES + ['"谈心谈话"', "主题教育 党费", "江苏|党费", "党费 -江苏", "主题教育 -谈心谈话", "江苏|民族团结 -党费"])
def test_search_finds_exactly_the_reports_holding_the_phrase(watched, site_url, catalog, texts, query):
    want = expected(texts, query)
    assert want, f"no sample report contains {query}"

    got = report_ids(search(watched, site_url, query), catalog)

    assert got == want, f"{query}: missing {sorted(want - got)}, wrong {sorted(got - want)}"
    status = watched.page.inner_text("#search-status")
    assert str(len(want)) in status, status
    assert watched.page.input_value("#search-input") == query
    assert watched.page.locator("#search-results mark").count() >= 1
    watched.assert_clean()


def test_a_filter_narrows_the_results(watched, site_url, catalog, texts):
    of_2023 = {entry["id"] for entry in catalog if str(entry.get("year")) == "2023"}
    want = expected(texts, "主题教育") & of_2023
    assert want

    got = report_ids(search(watched, site_url, "主题教育", 年度="2023"), catalog)

    assert got <= of_2023
    assert got == want
    assert year_menus(watched.page) == ["2023", "2023"]
    watched.assert_clean()


def year_menus(page) -> list[str]:
    """The values of the year range's two menus (from, to)."""
    return [page.get_by_role("combobox", name=f"年度{end}").input_value() for end in ("从", "至")]


def year_counts(page, menu: str = "年度从") -> dict[int, int]:
    """Each year of a year menu with the count it shows ("2019（3）")."""
    options = page.eval_on_selector_all(f'select[aria-label="{menu}"] option', "os => os.map(o => o.textContent)")
    return {int(m.group(1)): int(m.group(2)) for text in options if (m := re.fullmatch(r"(\d{4})（(\d+)）", text))}


def test_submitting_the_form_searches_and_updates_the_address(watched, site_url, catalog, texts):
    page = watched.page
    page.goto(f"{site_url}search/")
    wait_finished(page)
    assert page.locator("#search-results > li").count() == 0  # only a hint without a query

    page.evaluate(f"{STATE} = 'submitted'")
    page.fill("#search-input", "党费")
    page.press("#search-input", "Enter")

    assert report_ids(all_results(page), catalog) == expected(texts, "党费")
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["q"] == ["党费"]
    watched.assert_clean()


def test_a_result_shows_its_title_before_its_text_has_come(watched, site_url, catalog, texts):
    """The index alone decides a phrase of up to six characters: its results are shown from
    their rows (title, facts), each one's excerpts following when its text comes."""
    page, held, holding = watched.page, [], [True]

    def hold_texts(route):
        if holding[0]:
            held.append(route)
        else:
            route.continue_()

    page.route("**/text/**", hold_texts)
    query = "主题教育"
    page.goto(f"{site_url}search/?q={urllib.parse.quote(query)}")
    page.wait_for_selector("#search-results > li")

    assert held, "the results were shown without their texts being asked for"
    assert page.evaluate(STATE) == "loading"
    assert page.locator(".archive-search__excerpt").count() == 0
    titles = page.eval_on_selector_all("#search-results > li .archive-search__title a", "links => links.map(a => a.textContent)")
    assert titles and all(titles), titles
    assert page.inner_text("#search-status").startswith(f"找到 {len(expected(texts, query))} 篇")

    holding[0] = False
    for route in held:
        route.continue_()
    assert report_ids(all_results(page), catalog) == expected(texts, query)
    items = page.locator("#search-results > li")
    assert all(items.nth(n).locator(".archive-search__excerpt").count() >= 1 for n in range(items.count()))
    assert page.locator(".archive-search__excerpt mark").count() >= 1
    watched.assert_clean()


def test_a_phrase_found_nowhere_says_so(watched, site_url, catalog, texts):
    query = "党费谈心"
    assert not expected(texts, query)

    assert search(watched, site_url, query) == []
    assert watched.page.inner_text("#search-status") == f"没有找到包含“{query}”的报告"
    watched.assert_clean()


# --- A larger archive: several key files, several pages of results -------------------------

COPIES = 12  # of each sample, in other years: 60 reports
HAN = re.compile(r"[\u4e00-\u9fff]+")  # no case, no NFKC: a source's substring is a query's


def unit_of(copy: int, sample: int) -> str:
    return f"第{copy + 1}分局{'甲乙丙丁戊'[sample]}科"


@pytest.fixture(scope="module")
def many_site(tmp_path_factory) -> Path:
    """The samples, each copied into several years: more reports than a page of results, and
    keys spread over several files (a search finds a key's file by hashing it, in JavaScript,
    as Python did)."""
    root = tmp_path_factory.mktemp("many")
    project = root / "project"
    project.mkdir()
    copy_project(project, with_samples=False)
    for sample, source in enumerate(sorted((ROOT / "source_reports").glob("*.txt"))):
        for copy in range(COPIES):
            name = f"{source.stem}-{copy}"
            shutil.copy(source, project / "source_reports" / f"{name}.txt")
            # A unit of its own for each report: more units than a menu holds.
            sidecar = f"id: copy-{copy}-{source.stem[:3]}\nyear: {2014 + copy}\nunit: {unit_of(copy, sample)}\n"
            (project / "source_reports" / f"{name}.yml").write_text(sidecar, encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    reindex_in_blocks(project, site)
    return site


def reindex_in_blocks(project: Path, site: Path) -> list:
    """Write the site's index again, its reports spread over four blocks as 10,000 reports are
    over eight, so that the browser merges the blocks' results (the build's own index has one
    block at this size), and with phrase keys of both kinds (sets for those found more than
    four times in a phrase block, leaves for the others) as a large archive has. Returns the
    search records."""
    records = list(search_records(collect(Project.load(project, project / "source_reports"))).values())
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setattr(search_index, "BLOCK_UNIT", len(records) // 30)
    monkeypatch.setattr(search_index, "LEAF_OCCURRENCES", 4)
    try:
        search_index.write_index(records, site)
    finally:
        monkeypatch.undo()
    return records


@pytest.fixture(scope="module")
def many_url(many_site: Path):
    with serve(many_site) as url:
        yield url


@pytest.fixture(scope="module")
def many_catalog(many_site: Path) -> list[dict]:
    entries = read_catalog(many_site)
    assert len(entries) == 5 * COPIES
    return entries


@pytest.fixture(scope="module")
def published(built_site: Path, catalog) -> dict[str, str]:
    """Report id -> the text of its page's article, as the reader sees it."""
    result = {}
    for entry in catalog:
        page = (built_site / entry["url"] / "index.html").read_text(encoding="utf-8")
        article = page[page.index("<article") : page.index("</article>")]
        result[entry["id"]] = html.unescape(re.sub(r"<[^>]+>", "", article))
    return result


def bigrams(phrase: str) -> set[str]:
    return {phrase[i : i + 2] for i in range(len(phrase) - 1)}


def unambiguous(texts: dict[str, str], published: dict[str, str], query: str) -> bool:
    """Whether the reports holding `query` are some but not all, the same in the sources and
    on the pages: the builder drops some lines of a source (advertisements, for one)."""
    found = expected(texts, query)
    return 0 < len(found) < len(texts) and found == {rid for rid, text in published.items() if query in text}


def phrase_apart(texts: dict[str, str], published: dict[str, str]) -> str:
    """A phrase of Chinese characters found in some reports but not all, whose bigrams the
    most other reports hold apart: the index cannot tell these from the reports holding it."""
    phrases = {
        run[i : i + n]
        for text in texts.values()
        for run in HAN.findall(text)
        for n in range(3, 7)
        for i in range(len(run) - n + 1)
    }
    best = None
    for phrase in sorted(phrases):
        if not unambiguous(texts, published, phrase):
            continue
        holders = sum(1 for text in texts.values() if all(b in text for b in bigrams(phrase)))
        key = (holders - len(expected(texts, phrase)), len(phrase))
        if best is None or key > best[0]:
            best = (key, phrase)
    assert best and best[0][0] > 0, "no phrase whose bigrams some report holds apart"
    return best[1]


def single_characters(texts: dict[str, str], published: dict[str, str]) -> list[str]:
    """Characters found in some reports but not all: the one found in most (the most to tell
    apart) and the one found in fewest."""
    found = {c for text in texts.values() for run in HAN.findall(text) for c in run}
    by_reports = sorted((len(expected(texts, c)), c) for c in found if unambiguous(texts, published, c))
    assert by_reports, "no character is found in some reports but not all"
    return [by_reports[-1][1], by_reports[0][1]]


def copies_of(sample_ids: set[str], catalog: list[dict]) -> set[str]:
    """The copies, in the larger archive, of the samples `sample_ids` (copy-<n>-<first three>)."""
    return {entry["id"] for entry in catalog if entry["id"].rsplit("-", 1)[1] in {rid[:3] for rid in sample_ids}}


def assert_newest_first(paths: list[str], catalog: list[dict]) -> None:
    year = {PREFIX + entry["url"]: int(entry.get("year") or 0) for entry in catalog}
    years = [year[path] for path in paths]
    assert years == sorted(years, reverse=True), years


def test_the_larger_archive_spreads_its_keys_over_several_blocks_and_files(many_site):
    meta = json.loads((many_site / "search-index" / "meta.json").read_text(encoding="utf-8"))
    assert meta["reports"] == 5 * COPIES == sum(reports for reports, _, _ in meta["blocks"])
    assert len(meta["blocks"]) == 4
    folder = many_site / "search-index" / meta["folder"]
    for block, (_, buckets, parts) in enumerate(meta["blocks"]):
        assert buckets > 1
        assert len(list((folder / "keys" / str(block)).glob("*.gz"))) == buckets
        assert len(parts) == meta["parts"] > 1
        assert len(list((folder / "phrases" / str(block)).glob("*.bin"))) == max(parts) > 1


@pytest.mark.parametrize("query", ["主题教育", "党费", "江苏", "主题教育 党费"])
def test_every_page_of_results_holds_exactly_the_reports_holding_the_phrase(
    watched, many_url, many_catalog, texts, query
):
    want = copies_of(expected(texts, query), many_catalog)
    assert len(want) > 10, "fewer reports than a page of results"

    paths = search(watched, many_url, query, sort="new")

    got = report_ids(paths, many_catalog)
    assert got == want, f"{query}: missing {sorted(want - got)}, wrong {sorted(got - want)}"
    assert f"找到 {len(want)} 篇报告" == watched.page.inner_text("#search-status")
    assert_newest_first(paths, many_catalog)
    watched.assert_clean()


def first_page_status(watched: Watched, site_url: str, query: str) -> str:
    """The status line under the first page of results, which must be full."""
    watched.page.goto(f"{site_url}search/?q={query}")
    wait_finished(watched.page)
    assert watched.page.locator("#search-results > li").count() == 10
    assert watched.page.locator(".archive-search__more").inner_text() == "加载更多"
    return watched.page.inner_text("#search-status")


def test_the_first_page_says_how_many_reports_hold_a_short_phrase(watched, many_url, many_catalog, texts):
    want = copies_of(expected(texts, "党费"), many_catalog)
    assert first_page_status(watched, many_url, "党费") == f"找到 {len(want)} 篇报告，已显示 10 篇"
    watched.assert_clean()


def common_phrase(texts: dict[str, str], published: dict[str, str], length: int) -> str:
    """The phrase of `length` Chinese characters found in most reports but not all."""
    phrases = {run[i : i + length] for text in texts.values() for run in HAN.findall(text) for i in range(len(run) - length + 1)}
    found = sorted((len(expected(texts, p)), p) for p in phrases if unambiguous(texts, published, p))
    assert found, f"no phrase of {length} characters is found in some reports but not all"
    return found[-1][1]


def test_the_first_page_says_how_many_candidates_are_left_to_check_for_a_long_phrase(watched, many_url, many_catalog, texts, published):
    # Longer than the phrase keys: the index gives candidates, each to be checked in its text.
    query = common_phrase(texts, published, 8)
    want = copies_of(expected(texts, query), many_catalog)
    assert len(want) > 10
    status = first_page_status(watched, many_url, query)
    left = re.fullmatch(r"已显示 10 篇；还有 (\d+) 篇可能相关的报告待核对", status)
    assert left and int(left.group(1)) >= len(want) - 10, status
    watched.assert_clean()


def test_a_phrase_whose_bigrams_stand_apart_is_checked_in_the_text(
    watched, many_url, many_catalog, texts, published
):
    query = phrase_apart(texts, published)
    want = copies_of(expected(texts, query), many_catalog)

    paths = search(watched, many_url, query, sort="new")

    got = report_ids(paths, many_catalog)
    assert got == want, f"{query}: missing {sorted(want - got)}, wrong {sorted(got - want)}"
    assert str(len(want)) in watched.page.inner_text("#search-status")
    marks = watched.page.eval_on_selector_all("#search-results mark", "ms => ms.map(m => m.textContent)")
    assert query in marks, marks
    assert_newest_first(paths, many_catalog)
    watched.assert_clean()


@pytest.mark.parametrize("which", [0, 1], ids=["found in most", "found in fewest"])
def test_a_single_character_finds_exactly_the_reports_holding_it(
    watched, many_url, many_catalog, texts, published, which
):
    query = single_characters(texts, published)[which]
    want = copies_of(expected(texts, query), many_catalog)

    paths = search(watched, many_url, query, sort="new")

    got = report_ids(paths, many_catalog)
    assert got == want, f"{query}: missing {sorted(want - got)}, wrong {sorted(got - want)}"
    assert str(len(want)) in watched.page.inner_text("#search-status")
    assert_newest_first(paths, many_catalog)
    watched.assert_clean()


def test_a_filter_narrows_every_page_of_results(watched, many_url, many_catalog, texts, published):
    query = single_characters(texts, published)[0]
    year = 2014 + COPIES // 2
    want = {rid for rid in copies_of(expected(texts, query), many_catalog) if rid.startswith(f"copy-{COPIES // 2}-")}
    assert want

    got = report_ids(search(watched, many_url, query, 年度=str(year)), many_catalog)

    assert got == want
    assert watched.page.inner_text("#search-status") == f"找到 {len(want)} 篇报告（在所选范围内）"
    assert year_menus(watched.page) == [str(year), str(year)]
    watched.assert_clean()


def test_years_are_given_as_a_range(watched, many_url, many_catalog, texts):
    page = watched.page
    page.goto(f"{many_url}search/?q=党费")
    wait_finished(page)
    page.evaluate(f"{STATE} = 'from'")
    page.get_by_role("combobox", name="年度从").select_option("2017")
    wait_finished(page)
    page.evaluate(f"{STATE} = 'to'")
    page.get_by_role("combobox", name="年度至").select_option("2020")

    years = {e["id"]: int(e["year"]) for e in many_catalog}
    want = {rid for rid in copies_of(expected(texts, "党费"), many_catalog) if 2017 <= years[rid] <= 2020}
    got = report_ids(all_results(page), many_catalog)
    assert got == want and len(want) > 4
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["年度"] == ["2017-2020"]
    assert page.inner_text("#search-status") == f"找到 {len(want)} 篇报告（在所选范围内）"
    watched.assert_clean()


def test_a_unit_is_typed_into_its_filter(watched, many_url, many_catalog, texts):
    page = watched.page
    page.goto(f"{many_url}search/?q=党费")
    wait_finished(page)
    field = page.get_by_role("combobox", name="单位")
    # Sixty units: a field that offers the units matching what is typed, not a menu.
    options = page.eval_on_selector_all(f"#{field.get_attribute('list')} option", "os => os.map(o => o.value)")

    holding = copies_of(expected(texts, "党费"), many_catalog)
    unit = next(e["unit"] for e in sorted(many_catalog, key=lambda e: e["id"]) if e["id"] in holding)
    assert len(options) == 5 * COPIES and unit in options
    page.evaluate(f"{STATE} = 'typed'")
    field.fill(unit)
    field.press("Enter")

    got = report_ids(all_results(page), many_catalog)
    assert got == {e["id"] for e in many_catalog if e["id"] in holding and e["unit"] == unit}
    assert len(got) == 1
    assert urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)["单位"] == [unit]
    watched.assert_clean()


def test_the_filters_count_the_results_of_the_search(watched, many_url, many_catalog, texts):
    page = watched.page
    page.goto(f"{many_url}search/?q=党费&年度=2017-2020")
    wait_finished(page)
    holding = copies_of(expected(texts, "党费"), many_catalog)
    years = {e["id"]: int(e["year"]) for e in many_catalog}
    units = {e["id"]: e["unit"] for e in many_catalog}

    # Years: how many results each year has (the year filter itself is what is being chosen).
    want_years = Counter(years[rid] for rid in holding)
    assert want_years != Counter(years.values()), "the phrase is in every report: nothing to tell"
    for menu in ("年度从", "年度至"):
        assert year_counts(page, menu) == {year: want_years.get(year, 0) for year in set(years.values())}
    # Units: how many results in the years chosen each unit has.
    field = page.get_by_role("combobox", name="单位")
    labels = page.eval_on_selector_all(f"#{field.get_attribute('list')} option", "os => os.map(o => [o.value, o.label])")
    want_units = Counter(units[rid] for rid in holding if 2017 <= years[rid] <= 2020)
    assert {value: int(label.removesuffix(" 篇")) for value, label in labels} == {unit: want_units.get(unit, 0) for unit in units.values()}
    assert 0 < sum(want_units.values()) < len(holding)

    # No query: the archive's counts again.
    page.evaluate(f"{STATE} = 'cleared'")
    page.fill("#search-input", "")
    page.press("#search-input", "Enter")
    wait_finished(page)
    # Five reports a year in the archive (one copy of each sample).
    page.wait_for_function("""[...document.querySelectorAll('select[aria-label="年度从"] option')].every((o) => !o.value || o.textContent.endsWith("（5）"))""")
    watched.assert_clean()


def test_without_a_filter_the_filters_and_counts_come_after_the_first_results(watched, many_url, many_catalog, texts):
    """The filters' values (filters.gz) and the reports' filter values (facets.gz, the index's
    largest file) are not needed for the results of a search without a filter: asked for after
    the first page's rows, they still make the menus and give each value's count among the
    results."""
    page = watched.page
    page.goto(f"{many_url}search/?q=党费")
    wait_finished(page)
    index_files = [url for url in watched.requests if "/search-index/" in url]
    first_row = next(n for n, url in enumerate(index_files) if "/reports/" in url)
    late = [n for n, url in enumerate(index_files) if url.endswith(("/filters.gz", "/facets.gz"))]
    assert len(late) == 2 and min(late) > first_row, index_files

    years = {e["id"]: int(e["year"]) for e in many_catalog}
    want = Counter(years[rid] for rid in copies_of(expected(texts, "党费"), many_catalog))
    assert want != Counter(years.values()), "the phrase is in every report: nothing to tell"
    assert year_counts(page) == {year: want.get(year, 0) for year in set(years.values())}
    watched.assert_clean()


# Material's components are mounted (its back-to-top button placed under the header): the
# theme's scripts have run and started, as on a page that ran them as it loaded.
THEME_STARTED = "!!document.querySelector('[data-md-component=top]')?.style.top"


@pytest.mark.parametrize("query", ["主题教育", ""])
def test_the_theme_s_scripts_start_after_the_first_results(watched, site_url, query):
    """The search page holds back Material's bundle and the site's extra scripts until its
    first search is done (their start-up held up the first result), then starts them."""
    page = watched.page
    page.goto(f"{site_url}search/?q={query}")
    wait_finished(page)
    page.wait_for_function(THEME_STARTED)
    bundle = next(n for n, url in enumerate(watched.requests) if "/assets/javascripts/bundle." in url)
    if query:
        first_row = next(n for n, url in enumerate(watched.requests) if "/search-index/" in url and "/reports/" in url)
        assert first_row < bundle, watched.requests
    assert page.evaluate("document.documentElement.classList.contains('js')")
    # The extra scripts after the bundle, each once: archive.js, then mark.js (a module).
    scripts = page.eval_on_selector_all("body script[src]", "scripts => scripts.map(s => s.getAttribute('src'))")
    extra = [src for src in scripts if src.endswith(("archive/archive.js", "archive/mark.js"))]
    assert extra == ["../assets/archive/archive.js", "../assets/archive/mark.js"], scripts
    assert page.evaluate("typeof document$") == "object"
    watched.assert_clean()


# --- Constructed cases: relevance, 繁简, sections -------------------------------------------

FILLER = "本单位坚持围绕中心服务大局，认真落实各项工作部署，推动各项工作取得新进展。"
# Report id -> (year, title, body lines). 情况报告 is in the title of the oldest, in a heading
# of the next, often in a short text of the next, once in a long text of the newest.
CONSTRUCTED = {
    "rank-title": (2019, "2019年度安全生产情况报告", ["一、基本做法", FILLER * 3, "二、下一步打算", FILLER * 2]),
    "rank-heading": (2020, "2020年度工作总结", ["一、关于情况报告制度的落实", FILLER * 3, "二、下一步打算", FILLER * 2]),
    "rank-often": (2021, "2021年度工作要点", ["一、主要工作", "按时报送情况报告，规范情况报告格式，提高情况报告质量。", FILLER]),
    "rank-once": (2022, "2022年度述职报告", ["一、主要工作", FILLER * 6, "二、其他", "现将有关情况报告如下。", FILLER * 6]),
    "trad": (2017, "2017年度社区工作总结", ["一、基本情况", "堅持黨的領導，加強居委會建設，領導權牢牢掌握在黨組織手中。", FILLER]),
    "simp": (2016, "2016年度社区工作总结", ["一、基本情况", FILLER, "二、组织建设", "坚持党的领导，加强居委会建设，领导权牢牢掌握。", FILLER, "三、防疫", "做好ＣＯＶＩＤ－１９疫情防控工作。"]),
    # 网格 and 议事 once each, in texts of the same characters: side by side in the oldest, in
    # one paragraph of the next, in two paragraphs of the newest.
    "near-close": (2022, "2022年度基层治理工作总结", ["推行网格议事制度。" + FILLER, FILLER]),
    "near-paragraph": (2023, "2023年度基层治理工作总结", ["推行网格制度。" + FILLER + "议事", FILLER]),
    "near-apart": (2024, "2024年度基层治理工作总结", ["推行网格制度。" + FILLER, FILLER + "议事"]),
}


@pytest.fixture(scope="module")
def constructed_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("constructed")
    project = root / "project"
    project.mkdir()
    copy_project(project, with_samples=False)
    for rid, (year, title, lines) in CONSTRUCTED.items():
        (project / "source_reports" / f"{rid}.txt").write_text("\n".join([title, *lines]) + "\n", encoding="utf-8")
        (project / "source_reports" / f"{rid}.yml").write_text(f"id: {rid}\ntitle: {title}\nyear: {year}\nunit: 某局\n", encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def constructed_url(constructed_site: Path):
    with serve(constructed_site) as url:
        yield url


def ids_in_order(paths: list[str]) -> list[str]:
    return [path.rstrip("/").rsplit("/", 1)[-1] for path in paths]


def test_relevance_puts_the_title_first_then_a_heading_then_frequency(watched, constructed_url):
    ranked = ids_in_order(search(watched, constructed_url, "情况报告"))
    assert ranked == ["rank-title", "rank-heading", "rank-often", "rank-once"]
    assert watched.page.input_value("#search-sort") == ""

    newest = ids_in_order(search(watched, constructed_url, "情况报告", sort="new"))
    assert newest == ["rank-once", "rank-often", "rank-heading", "rank-title"]
    assert watched.page.input_value("#search-sort") == "new"
    watched.assert_clean()


def test_terms_close_together_rank_higher(watched, constructed_url):
    # Equal in every other way, the three would come newest first.
    assert ids_in_order(search(watched, constructed_url, "网格", sort="new")) == ["near-apart", "near-paragraph", "near-close"]
    assert ids_in_order(search(watched, constructed_url, "网格")) == ["near-apart", "near-paragraph", "near-close"]
    assert ids_in_order(search(watched, constructed_url, "网格 议事")) == ["near-close", "near-paragraph", "near-apart"]
    assert ids_in_order(search(watched, constructed_url, "议事 网格|民主")) == ["near-close", "near-paragraph", "near-apart"]
    assert ids_in_order(search(watched, constructed_url, "网格 议事", sort="new")) == ["near-apart", "near-paragraph", "near-close"]
    watched.assert_clean()


def test_ranking_neither_adds_nor_drops_a_report(watched, constructed_url):
    for query in ["情况报告", "工作", "领导权|情况报告", "工作 网格"]:
        assert sorted(search(watched, constructed_url, query)) == sorted(search(watched, constructed_url, query, sort="new"))
    watched.assert_clean()


@pytest.mark.parametrize("query", ["领导权", "領導權", "居委会", "居委會", "党的领导", "黨的領導"])
def test_traditional_and_simplified_find_each_other(watched, constructed_url, query):
    assert sorted(ids_in_order(search(watched, constructed_url, query))) == ["simp", "trad"]
    # The excerpts show each text as written.
    marks = watched.page.eval_on_selector_all(".archive-search__excerpt mark", "ms => ms.map(m => m.textContent)")
    wanted = {query.translate(str.maketrans("领导权居委会党", "領導權居委會黨")), query.translate(str.maketrans("領導權居委會黨", "领导权居委会党"))}
    assert set(marks) == wanted, marks
    watched.assert_clean()


def article_text(page) -> str:
    return page.inner_text("article")


def test_an_excerpt_leads_to_its_section_and_the_page_marks_every_place(watched, constructed_url, constructed_site):
    page = watched.page
    search(watched, constructed_url, "情况报告")
    links = page.eval_on_selector_all(
        "#search-results a.archive-search__section", "as => as.map(a => [a.href, a.textContent])"
    )
    to_once = [(href, text) for href, text in links if "/rank-once/" in href]
    assert len(to_once) == 1
    href, excerpt = to_once[0]
    anchor = urllib.parse.urlsplit(href).fragment
    assert "情况报告" in excerpt
    # The heading it names is the nearest above the phrase on the page (二、其他).
    html_page = (constructed_site / "reports" / "rank-once" / "index.html").read_text(encoding="utf-8")
    heading = re.search(rf'<h2 id="{anchor}">(.*?)</h2>', html_page)
    assert heading and "二、其他" in html.unescape(re.sub(r"<[^>]+>", "", heading.group(1)))

    page.goto(href)
    page.wait_for_function("document.body.dataset.searchMarks !== undefined")
    marks = page.eval_on_selector_all("article mark.archive-hit", "ms => ms.map(m => m.textContent)")
    assert marks == ["情况报告"] * article_text(page).count("情况报告")
    first = page.locator("article mark.archive-hit").first
    assert first.is_visible() and first.evaluate("m => { const r = m.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    watched.assert_clean()


@pytest.mark.parametrize("query", ["领导权", "領導權"])
def test_the_page_marks_the_phrase_in_either_script(watched, constructed_url, query):
    page = watched.page
    for rid, written in [("trad", "領導權"), ("simp", "领导权")]:
        page.goto(f"{constructed_url}reports/{rid}/?q={urllib.parse.quote(query)}")
        page.wait_for_function("document.body.dataset.searchMarks !== undefined")
        marks = page.eval_on_selector_all("article mark.archive-hit", "ms => ms.map(m => m.textContent)")
        assert marks == [written] * article_text(page).count(written)
    watched.assert_clean()


@pytest.mark.parametrize("query", ["covid-19", "COVID 19", '"Covid 19"'])
def test_width_and_case_variants_are_found_and_marked_as_written(watched, constructed_url, query):
    assert ids_in_order(search(watched, constructed_url, query)) == ["simp"]
    marks = watched.page.eval_on_selector_all(".archive-search__excerpt mark", "ms => ms.map(m => m.textContent)")
    written = "ＣＯＶＩＤ－１９" if "-" in query or '"' in query else None
    if written:
        assert marks == [written]
    else:  # two terms: each marked where it stands
        assert marks == ["ＣＯＶＩＤ", "１９"]
    page = watched.page
    page.goto(f"{constructed_url}reports/simp/?q={urllib.parse.quote(query)}")
    page.wait_for_function("document.body.dataset.searchMarks !== undefined")
    on_page = page.eval_on_selector_all("article mark.archive-hit", "ms => ms.map(m => m.textContent)")
    if written:
        assert on_page == [written]
    else:  # every place of either term: 19 stands elsewhere on the page too
        assert {"ＣＯＶＩＤ", "１９"} <= set(on_page) <= {"ＣＯＶＩＤ", "１９", "19"}
    watched.assert_clean()


STATUS_AT_FIRST_RESULT = (
    "new MutationObserver(() => { const li = document.querySelector('#search-results > li');"
    " if (li && window.statusAtFirst === undefined) window.statusAtFirst = document.getElementById('search-status').textContent; })"
    ".observe(document, {subtree: true, childList: true});"
)


def test_the_exact_count_shows_with_the_first_results(watched, many_url, many_catalog, texts, published):
    # Phrases of up to six characters, and alternatives and exclusions of such: counted from
    # the index, on the status line when the first result appears.
    watched.page.add_init_script(STATUS_AT_FIRST_RESULT)
    four, six = common_phrase(texts, published, 4), common_phrase(texts, published, 6)
    for query in ["党费", "党费|江苏", "党费 -江苏", four, six, f"{four} -江苏", f"{six}|党费"]:
        want = copies_of(expected(texts, query), many_catalog)
        assert len(want) > 10, query
        watched.page.goto(f"{many_url}search/?q={urllib.parse.quote(query)}")
        wait_finished(watched.page)
        assert watched.page.evaluate("window.statusAtFirst") == f"找到 {len(want)} 篇报告", query
        assert watched.page.inner_text("#search-status") == f"找到 {len(want)} 篇报告，已显示 10 篇", query
    watched.assert_clean()


# --- A generated archive: every page of results against a substring search -----------------

GENERATED = 120  # reports of benchmarks/generate.py: other units, years, places and numbers
# 2, 4 and 6 characters, common and rare in the generated reports, and the syntax.
GENERATED_QUERIES = ["党费", "林长", "主题教育", "呼和浩特", "习近平新时代", "谈心谈话制度", "江苏|浙江", "党费 -江苏", "主题教育 谈心谈话"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated archive, built and served, with the texts it indexed by address."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate

    root = tmp_path_factory.mktemp("generated")
    project = copy_project(root, with_samples=False)
    generate(GENERATED, project / "source_reports", seed=7)
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    records = reindex_in_blocks(project, site)
    with serve(site) as url:
        yield url, {PREFIX + r.url: r.text for r in records}


@pytest.mark.parametrize("query", GENERATED_QUERIES)
def test_every_page_of_results_of_a_generated_archive_is_a_substring_search(watched, generated, query):
    url, texts_by_path = generated
    want = set(expected(texts_by_path, query))
    assert 0 < len(want) < GENERATED, f"{query}: found in {len(want)} of {GENERATED} reports"
    watched.page.add_init_script(STATUS_AT_FIRST_RESULT)

    paths = search(watched, url, query)

    assert len(paths) == len(set(paths)), "a report listed twice"
    assert set(paths) == want, f"{query}: missing {sorted(want - set(paths))[:3]}, wrong {sorted(set(paths) - want)[:3]}"
    assert watched.page.inner_text("#search-status") == f"找到 {len(want)} 篇报告"
    # Counted from the index: the count was there when the first result appeared (a page
    # ranked by closeness comes at once, with what it shows added to the status line).
    assert watched.page.evaluate("window.statusAtFirst").startswith(f"找到 {len(want)} 篇报告")
    watched.assert_clean()
