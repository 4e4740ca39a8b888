"""Exact Chinese substring search, end to end: the built site in headless Chromium.

A report must be found for a phrase exactly when its source text contains the phrase
(space-separated terms: all of them). The expected reports are computed from the source
files, never written down, so the test keeps meaning something as the archive grows.
The site is served under a sub-path, as on an intranet server, and the page may reach
nothing but that server. A larger archive (the samples copied into several years) has
several pages of results and its index keys spread over several files.
"""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import threading
import urllib.parse
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import copy_project, mkdocs_build

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
    terms = [term.strip('"“”') for term in query.split()]
    return {rid for rid, text in texts.items() if all(term in text for term in terms)}


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
    items = page.locator("#search-results > li")
    for i in range(items.count()):
        assert items.nth(i).locator("a").count() == 1, "each result holds exactly one link"
    hrefs = page.eval_on_selector_all("#search-results > li a", "links => links.map(a => a.href)")
    return [urllib.parse.unquote(urllib.parse.urlsplit(href).path) for href in hrefs]


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


@pytest.mark.parametrize("query", QUERIES + ['"谈心谈话"', "主题教育 党费"])
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
    assert watched.page.locator('#search-filters select[name="年度"]').input_value() == "2023"
    watched.assert_clean()


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


def test_a_phrase_found_nowhere_says_so(watched, site_url, catalog, texts):
    query = "党费谈心"
    assert not expected(texts, query)

    assert search(watched, site_url, query) == []
    assert watched.page.inner_text("#search-status") == f"没有找到包含“{query}”的报告"
    watched.assert_clean()


# --- A larger archive: several key files, several pages of results -------------------------

COPIES = 12  # of each sample, in other years: 60 reports
HAN = re.compile(r"[\u4e00-\u9fff]+")  # no case, no NFKC: a source's substring is a query's


@pytest.fixture(scope="module")
def many_site(tmp_path_factory) -> Path:
    """The samples, each copied into several years: more reports than a page of results, and
    keys spread over several files (a search finds a key's file by hashing it, in JavaScript,
    as Python did)."""
    root = tmp_path_factory.mktemp("many")
    project = root / "project"
    project.mkdir()
    copy_project(project, with_samples=False)
    for source in sorted((ROOT / "source_reports").glob("*.txt")):
        for copy in range(COPIES):
            name = f"{source.stem}-{copy}"
            shutil.copy(source, project / "source_reports" / f"{name}.txt")
            sidecar = f"id: copy-{copy}-{source.stem[:3]}\nyear: {2014 + copy}\n"
            (project / "source_reports" / f"{name}.yml").write_text(sidecar, encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


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


def test_the_larger_archive_spreads_its_keys_over_several_files(many_site):
    meta = json.loads((many_site / "search-index" / "meta.json").read_text(encoding="utf-8"))
    assert meta["reports"] == 5 * COPIES
    assert meta["buckets"] > 1
    assert len(list((many_site / "search-index" / meta["folder"] / "keys").glob("*.gz"))) == meta["buckets"]


@pytest.mark.parametrize("query", ["主题教育", "党费", "江苏", "主题教育 党费"])
def test_every_page_of_results_holds_exactly_the_reports_holding_the_phrase(
    watched, many_url, many_catalog, texts, query
):
    want = copies_of(expected(texts, query), many_catalog)
    assert len(want) > 10, "fewer reports than a page of results"

    paths = search(watched, many_url, query)

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


def test_the_first_page_says_how_many_candidates_are_left_to_check(watched, many_url, many_catalog, texts):
    want = copies_of(expected(texts, "主题教育"), many_catalog)
    # Four characters: the index gives the reports holding its three bigrams, each to be checked.
    status = first_page_status(watched, many_url, "主题教育")
    left = re.fullmatch(r"已显示 10 篇；还有 (\d+) 篇可能相关的报告待核对", status)
    assert left and int(left.group(1)) >= len(want) - 10, status
    watched.assert_clean()


def test_a_phrase_whose_bigrams_stand_apart_is_checked_in_the_text(
    watched, many_url, many_catalog, texts, published
):
    query = phrase_apart(texts, published)
    want = copies_of(expected(texts, query), many_catalog)

    paths = search(watched, many_url, query)

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

    paths = search(watched, many_url, query)

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
    assert watched.page.locator('#search-filters select[name="年度"]').input_value() == str(year)
    watched.assert_clean()
