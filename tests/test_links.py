"""The built site has no broken internal link, and its pages run without a console error.

The crawl is Debian's `linkchecker` (apt-get install -y linkchecker) over a local HTTP server
that serves the site under a sub-path, as an intranet server may: a link that leaves the
site's folder (a root-absolute `/assets/...`) is broken there, and is reported as such.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import os
import shutil
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest

# The browser fixture of the search tests, reused as it is.
from test_search_browser import SubPathHandler, Watched, browser, wait_finished  # noqa: F401
from test_search_browser import serve as serve_site

LINKCHECKER = "linkchecker"
# Pages not reached by links: MkDocs' 404.html is served in place of any missing page, so its
# links are root-absolute (unless site_url is set) and work only for a site at the server root.
NOT_CRAWLED = {"404.html"}
LINKCHECKER_CONFIG = """\
[checking]
# Over 10 requests a second to one host only when the server says so (header below).
maxrequestspersecond=1000
[AnchorCheck]
"""


class CrawlHandler(SubPathHandler):
    def end_headers(self):
        # linkchecker's permission to exceed 10 requests a second to this host.
        self.send_header("LinkChecker", "local test server")
        super().end_headers()


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a crawler closing early is no failure
        pass


def serve(site: Path, handler=CrawlHandler):
    return serve_site(site, handler, QuietServer)


def linkchecker(*urls: str) -> tuple[subprocess.CompletedProcess, list[dict]]:
    """Run linkchecker on `urls`, recursively; its exit status and one row per URL checked."""
    if shutil.which(LINKCHECKER) is None:
        pytest.fail("linkchecker is not installed: sudo apt-get install -y linkchecker", pytrace=False)
    # Run as root, linkchecker drops to user nobody: its configuration must be world-readable,
    # which pytest's tmp_path is not.
    descriptor, config = tempfile.mkstemp(prefix="linkcheckerrc-", text=True)
    try:
        with os.fdopen(descriptor, "w") as file:
            file.write(LINKCHECKER_CONFIG)
        os.chmod(config, 0o644)
        command = [LINKCHECKER, "--config", config, "--no-status", "--verbose", "--output", "csv", "--recursion-level", "-1", *urls]
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    finally:
        os.unlink(config)
    lines = [line for line in result.stdout.splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))
    return result, rows


def same_host(url: str, site_url: str) -> bool:
    return urllib.parse.urlsplit(url).netloc == urllib.parse.urlsplit(site_url).netloc


def problems(rows: list[dict], site_url: str) -> list[str]:
    found = []
    for row in rows:
        where = f"{row['url']} (linked from {row['parentname'] or 'start'}, line {row['line']})"
        if row["valid"] != "True":
            found.append(f"broken: {where}: {row['result']}")
        elif row["warningstring"]:
            found.append(f"warning: {where}: {row['warningstring']}")
        elif same_host(row["url"], site_url) and not row["url"].startswith(site_url):
            found.append(f"leaves the site: {where}")
    return found


def test_linkchecker_reports_broken_links_and_anchors(tmp_path):
    """The crawl itself works: a broken page, image and anchor are found."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><body><h1 id="top">t</h1><a href="a/">a</a> <a href="missing/">m</a> '
        '<a href="a/#nowhere">x</a> <a href="#top">top</a> <a href="/outside/">o</a></body></html>'
    )
    (tmp_path / "a" / "index.html").write_text('<html><body><a href="../">up</a><img src="../none.png"></body></html>')
    with serve(tmp_path) as url:
        result, rows = linkchecker(url)
    assert result.returncode == 1, result.stdout + result.stderr
    found = "\n".join(problems(rows, url))
    for expected in ("broken: " + url + "missing/", "broken: " + url + "none.png", "nowhere", "leaves the site: "):
        assert expected in found, found


@pytest.fixture(scope="module")
def crawl(built_site):
    """linkchecker's crawl of the sample site from its home page."""
    with serve(built_site) as url:
        result, rows = linkchecker(url)
    return url, result, rows


def test_no_broken_internal_link(crawl):
    url, result, rows = crawl
    assert not problems(rows, url), "\n".join(problems(rows, url))
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert len([row for row in rows if row["valid"] == "True"]) > 50


def test_every_page_is_reached_from_the_home_page(built_site, crawl):
    url, _, rows = crawl
    pages = sorted(
        path for path in (file.relative_to(built_site).as_posix() for file in built_site.rglob("*.html"))
        if path not in NOT_CRAWLED
    )
    reached = {row["url"].split("#")[0] for row in rows if row["valid"] == "True"}
    unreached = [page for page in pages if url + page.removesuffix("index.html") not in reached]
    assert not unreached, f"no link leads to {unreached}"


# --- No console error in the browser ---------------------------------------------------------


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site, SubPathHandler) as url:
        yield url


def a_report(site: Path) -> str:
    return json.loads((site / "catalog.json").read_text("utf-8"))[0]["url"]


@pytest.mark.browser
@pytest.mark.parametrize("page", ["", "years/", "report", "search/?q=主题教育"], ids=["home", "years", "report", "search"])
def test_no_console_error(browser, built_site, site_url, page):
    watched = Watched(browser)
    try:
        address = site_url + (a_report(built_site) if page == "report" else page)
        response = watched.page.goto(address)
        assert response is not None and response.status == 200, address
        watched.page.wait_for_load_state("networkidle")
        if page.startswith("search/"):
            wait_finished(watched.page)
            assert watched.page.locator("#search-results > li").count() >= 1
        watched.assert_clean()
        assert not watched.failed, watched.failed
    finally:
        watched.context.close()
