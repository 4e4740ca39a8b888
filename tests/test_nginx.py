"""The built site behind Debian's nginx, configured by the documented server block.

docs/nginx/report-archive.conf is the block that docs/publishing.md quotes; this test runs that
very file (its site folder, port and file paths substituted) under the sub-path /archive/, and
the root variant the guide derives from it, then looks at what a browser gets: pages as UTF-8
HTML, the search index's pre-compressed files byte for byte with the right type and cache
lifetime, text compressed, the security headers on every response, and the exact search
working from the intranet server alone, under the Content-Security-Policy it sends. Access
control as documented: an address outside the allowed ranges is refused (the test connects
from 127.0.0.2, another loopback address); the optional sign-in, by password file or through
a single sign-on gateway (a small stand-in on 127.0.0.1), refuses a reader who has not
signed in and serves one who has.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import http.client
import http.server
import json
import os
import re
import socket
import subprocess
import time
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest

from builder import search

# Module-level helpers and fixtures of the browser acceptance test, reused as they are.
from test_search_browser import (  # noqa: F401
    FINISHED, PREFIX, STATE, Watched, all_results, browser, catalog, expected, report_ids, serve, texts, watched,
)
from test_accessibility import QUERY, page_paths

ROOT = Path(__file__).resolve().parents[1]
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
CONF = ROOT / "docs" / "nginx" / "report-archive.conf"
HEADERS_CONF = ROOT / "docs" / "nginx" / "report-archive-headers.conf"
GUIDE = ROOT / "docs" / "publishing.md"

SUB_PATH = "/archive/"
DOCUMENTED_SITE = "/srv/report-archive/site/"
DOCUMENTED_LISTEN = "listen 80;"
DOCUMENTED_HEADERS = "/etc/nginx/snippets/report-archive-headers.conf"
DOCUMENTED_PASSWORDS = "/etc/nginx/report-archive.htpasswd"
DOCUMENTED_GATEWAY = "http://sso.example.internal/auth"
# Outside every range the block allows, and still this machine: a loopback address.
OUTSIDE = "127.0.0.2"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
SUB_PATH_MARK = "# sub-path"
LONG_CACHE = "max-age=31536000"
INDEX_FILES = {
    "keys": "*/keys/*/*.gz",
    "phrases": "*/phrases/*/*.bin",
    "parts": "*/parts.gz",
    "facets": "*/facets.gz",
    "reports": "*/reports/*/*.gz",
    "years": "*/years.gz",
    "text": "*/text/**/*.gz",
    "filters": "*/filters.gz",
}
GZIP_MAGIC = b"\x1f\x8b"

assert PREFIX == SUB_PATH, "test_search_browser.py serves the site under another sub-path"


# --- The configuration ---------------------------------------------------------------------


def documented_conf() -> str:
    return CONF.read_text(encoding="utf-8")


def marked_line(conf: str, start: str) -> str:
    lines = [line for line in conf.splitlines() if line.strip().startswith(start) and line.rstrip().endswith(SUB_PATH_MARK)]
    assert len(lines) == 1, f"{CONF.name}: expected one line starting with {start!r} marked {SUB_PATH_MARK!r}"
    return lines[0]


def root_lines() -> dict[str, str | None]:
    """The guide's root variant: each sub-path line -> its replacement (None: deleted)."""
    return {
        "location = /archive": None,
        "location ^~ /archive/": "    location / {",
        "alias ": f"        root {DOCUMENTED_SITE.rstrip('/')};",
    }


def at_root(conf: str) -> str:
    """The block for a site at the root of its host, made as docs/publishing.md tells."""
    for start, replacement in root_lines().items():
        line = marked_line(conf, start)
        conf = conf.replace(line + "\n", "" if replacement is None else replacement + "\n")
    return conf


def with_sign_in(conf: str, directive: str) -> str:
    """The block with one way of signing in enabled as the guide tells: the "#" removed from
    the lines of `directive` and, for auth_request, from the gateway's location."""
    lines = conf.splitlines(keepends=True)
    switched = [i for i, line in enumerate(lines) if line.lstrip().startswith(f"#{directive}")]
    if directive == "auth_request":
        start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("#location = /_report-archive-auth"))
        end = next(i for i in range(start, len(lines)) if lines[i].strip() == "#}")
        switched += range(start, end + 1)
    assert switched, f"{CONF.name} shows no {directive} to enable"
    for i in switched:
        lines[i] = lines[i].replace("#", "", 1)
    return "".join(lines)


def server_block(conf: str, site: Path, port: int, passwords: Path | None = None, gateway: str = "") -> str:
    """The documented block with this test's site folder, port and files put in."""
    folder = re.compile(rf"^(\s*(?:alias|root)\s+){re.escape(DOCUMENTED_SITE.rstrip('/'))}(/?;)", re.M)
    assert len(folder.findall(conf)) == 1, f"{CONF.name} should serve {DOCUMENTED_SITE} once"
    assert conf.count(DOCUMENTED_LISTEN) == 1, f"{CONF.name} should listen once, on port 80"
    conf = conf.replace(DOCUMENTED_LISTEN, f"listen 127.0.0.1:{port};")
    conf = conf.replace(DOCUMENTED_HEADERS, str(HEADERS_CONF))
    conf = conf.replace(DOCUMENTED_PASSWORDS, str(passwords))
    conf = conf.replace(DOCUMENTED_GATEWAY, gateway)
    return folder.sub(lambda m: m.group(1) + str(site) + m.group(2), conf)


def nginx_conf(workdir: Path, block_file: Path) -> str:
    """A whole nginx.conf that runs as the test's user, every file it writes in `workdir`."""
    temp = "\n".join(
        f"    {name}_temp_path {workdir / name};" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root the workers would switch to "nobody", who may not read pytest's temporary folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return f"""{user}daemon off;
worker_processes 1;
pid {workdir / "nginx.pid"};
error_log {workdir / "error.log"} warn;
events {{
    worker_connections 64;
}}
http {{
    include {MIME_TYPES};
    # nginx's own default, which a server may keep: the block must not depend on a better one
    # (the search index's .gz files as text/plain would get a charset and a second gzip).
    default_type text/plain;
    access_log {workdir / "access.log"};
{temp}
    include {block_file};
}}
"""


# --- nginx ---------------------------------------------------------------------------------


@dataclass
class Served:
    port: int
    prefix: str  # where the site is: "/archive/" or "/"
    site: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.prefix}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_listening(process: subprocess.Popen, port: int, error_log: Path, timeout: float = 10) -> bool:
    """True once nginx accepts connections; False if it exited (e.g. the port was taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    log = error_log.read_text(errors="replace") if error_log.exists() else ""
    pytest.fail(f"nginx did not listen on port {port} within {timeout} s:\n{log}", pytrace=False)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()  # SIGTERM: nginx's fast shutdown
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def nginx(workdir: Path, conf: str, site: Path, prefix: str, **files: str | Path) -> Iterator[Served]:
    if not NGINX.is_file():
        pytest.fail(f"nginx is not installed ({NGINX}): sudo apt-get install -y nginx", pytrace=False)
    for attempt in range(3):  # another process may take the free port before nginx binds it
        port = free_port()
        block = workdir / "report-archive.conf"
        block.write_text(server_block(conf, site, port, **files), encoding="utf-8")
        main = workdir / "nginx.conf"
        main.write_text(nginx_conf(workdir, block), encoding="utf-8")
        error_log = workdir / "error.log"
        command = [str(NGINX), "-p", str(workdir), "-c", str(main), "-e", str(error_log)]
        tested = subprocess.run([*command, "-t"], capture_output=True, text=True)
        assert tested.returncode == 0, f"nginx -t rejects the documented block:\n{tested.stderr}"
        with open(workdir / "nginx.out", "wb") as output:
            process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
        try:
            if wait_listening(process, port, error_log):
                yield Served(port, prefix, site)
                return
        finally:
            stop(process)
        if "Address already in use" not in error_log.read_text(errors="replace"):
            break
    output = (workdir / "nginx.out").read_text(errors="replace")
    pytest.fail(f"nginx did not start:\n{output}\n{error_log.read_text(errors='replace')}", pytrace=False)


@pytest.fixture(scope="module", params=[SUB_PATH, "/"], ids=["sub-path", "root"])
def served(request, built_site, tmp_path_factory) -> Iterator[Served]:
    prefix = request.param
    conf = documented_conf() if prefix == SUB_PATH else at_root(documented_conf())
    workdir = tmp_path_factory.mktemp("nginx")
    with nginx(workdir, conf, built_site, prefix) as server:
        yield server


# --- HTTP ----------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes  # as sent: still compressed when Content-Encoding says so

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def content(self) -> bytes:
        return gzip.decompress(self.body) if self.header("Content-Encoding") == "gzip" else self.body


def get(served: Served, path: str, source: str = "127.0.0.1", **headers: str) -> Response:
    """GET prefix + path from the address `source`, following no redirect and decoding nothing."""
    url = urllib.parse.quote(served.prefix + path if not path.startswith("/") else path, safe="/?=&%")
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10, source_address=(source, 0))
    try:
        connection.request("GET", url, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = connection.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        connection.close()


def assert_revalidated(response: Response) -> None:
    cache = response.header("Cache-Control")
    assert "no-cache" in cache and LONG_CACHE not in cache, f"should be revalidated, Cache-Control: {cache!r}"


def assert_cached_long(response: Response) -> None:
    cache = response.header("Cache-Control")
    assert LONG_CACHE in cache and "immutable" in cache, f"should be cached long, Cache-Control: {cache!r}"


def one_file(site: Path, pattern: str) -> Path:
    found = sorted((site / "search-index").glob(pattern))
    assert found, f"the built site has no search-index/{pattern}"
    return found[0]


# --- Tests ---------------------------------------------------------------------------------


def test_the_guide_quotes_the_tested_block():
    guide = GUIDE.read_text(encoding="utf-8")
    blocks = re.findall(r"^```nginx\n(.*?)^```$", guide, flags=re.M | re.S)
    assert blocks, f"{GUIDE.name} quotes no nginx block"
    assert blocks[0] == documented_conf(), f"the first nginx block of {GUIDE.name} is not {CONF.name}"
    assert HEADERS_CONF.read_text(encoding="utf-8") in blocks, f"{GUIDE.name} does not quote {HEADERS_CONF.name}"
    # The root variant is shown as the lines that replace the sub-path ones.
    replacements = [line for line in root_lines().values() if line is not None]
    assert any(all(line in block.splitlines() for line in replacements) for block in blocks[1:]), (
        f"{GUIDE.name} does not show the root variant's lines {replacements}"
    )


def test_the_home_page(served):
    response = get(served, "")
    assert response.status == 200
    assert response.header("Content-Type") == "text/html; charset=utf-8"
    assert "<title>报告库</title>" in response.content.decode("utf-8")
    assert_revalidated(response)
    # no-cache means ask again, and an unchanged page costs no body.
    again = get(served, "", If_None_Match=response.header("ETag"))
    assert again.status == 304


def test_every_report_page_is_utf8_html(served, catalog):
    for entry in catalog:
        response = get(served, f"reports/{entry['id']}/")
        assert response.status == 200, entry["url"]
        assert response.header("Content-Type") == "text/html; charset=utf-8"
        assert html.escape(entry["title"], quote=False) in response.content.decode("utf-8")
        assert_revalidated(response)


def test_directories_without_their_slash_are_redirected(served, catalog):
    report = catalog[0]["id"]
    response = get(served, f"reports/{report}")
    assert response.status == 301
    assert response.header("Location") == f"{served.prefix}reports/{report}/"
    if served.prefix != "/":
        bare = get(served, served.prefix.rstrip("/"))
        assert (bare.status, bare.header("Location")) == (301, served.prefix)


def test_originals_are_downloads_as_they_are(served, catalog):
    entry = catalog[0]
    link = re.search(r'href="([^"]*original\.[a-z0-9]+)"', get(served, f"reports/{entry['id']}/").content.decode("utf-8"))
    assert link, "the report page offers no original"
    response = get(served, f"reports/{entry['id']}/{link.group(1)}", Accept_Encoding="gzip")
    assert response.status == 200
    assert response.header("Content-Disposition") == "attachment"
    assert "charset" not in response.header("Content-Type")
    assert response.header("Content-Encoding") == ""
    assert response.body == (ROOT / entry["source"]).read_bytes()


def test_a_missing_page_is_not_found(served):
    assert get(served, "reports/no-such-report/").status == 404


def test_the_index_entry_is_json_and_revalidated(served):
    response = get(served, "search-index/meta.json", Accept_Encoding="gzip")
    assert response.status == 200
    assert response.header("Content-Type") == "application/json; charset=utf-8"
    meta = json.loads(response.content)
    assert (served.site / "search-index" / meta["folder"]).is_dir()
    assert_revalidated(response)


@pytest.mark.parametrize("kind", INDEX_FILES)
def test_index_files_are_sent_as_they_are_and_cached_long(served, kind):
    file = one_file(served.site, INDEX_FILES[kind])
    data = file.read_bytes()
    # A phrase file is gzip data after its length, several times over.
    members = search.phrase_members(data) if kind == "phrases" else [data]
    assert len(members) == (search.PHRASE_SPLIT if kind == "phrases" else 1)
    assert all(member.startswith(GZIP_MAGIC) for member in members), f"{file.name} is no longer gzip data: revisit the guide"

    response = get(served, file.relative_to(served.site).as_posix(), Accept_Encoding="gzip")

    assert response.status == 200
    assert response.header("Content-Type") == "application/octet-stream"
    assert response.header("Content-Encoding") == ""  # compressed once, by the builder
    assert response.body == data
    assert_cached_long(response)


def test_text_is_gzip_compressed_for_a_browser_that_accepts_it(served):
    path = "assets/archive/archive.css"
    original = (served.site / path).read_bytes()

    compressed = get(served, path, Accept_Encoding="gzip, deflate, br")
    plain = get(served, path)

    assert compressed.status == plain.status == 200
    assert compressed.header("Content-Type") == "text/css; charset=utf-8"
    assert compressed.header("Content-Encoding") == "gzip"
    assert "Accept-Encoding" in compressed.header("Vary")
    assert gzip.decompress(compressed.body) == original
    assert plain.header("Content-Encoding") == "" and plain.body == original


def test_materials_hashed_bundles_are_cached_long(served):
    bundles = sorted((served.site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundles, "Material's bundle.<hash>.min.js is missing"
    response = get(served, bundles[0].relative_to(served.site).as_posix(), Accept_Encoding="gzip")
    assert response.status == 200
    assert response.header("Content-Encoding") == "gzip"
    assert_cached_long(response)


@pytest.mark.browser
@pytest.mark.parametrize("served", [SUB_PATH], indirect=True, ids=["sub-path"])
def test_exact_search_works_behind_nginx(served, watched, catalog, texts):
    query = "主题教育"
    want = expected(texts, query)
    assert want, f"no sample report contains {query}"
    page = watched.page

    page.goto(f"{served.url}search/?{urllib.parse.urlencode({'q': query})}")
    page.wait_for_selector('#search-results[data-state="done"]', state="attached")
    paths = all_results(page)

    assert paths and all(path.startswith(f"{SUB_PATH}reports/") for path in paths), paths
    assert report_ids(paths, catalog) == want
    watched.assert_clean()  # nothing but 127.0.0.1 was asked for


# --- Security headers and access control ------------------------------------------------------


def assert_security_headers(response: Response, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.header(name) == value, f"{what}: {name} is {response.header(name)!r}"
    assert "camera=()" in response.header("Permissions-Policy"), f"{what}: no Permissions-Policy"


def test_every_kind_of_response_has_the_security_headers(served, catalog):
    report = catalog[0]["id"]
    original = re.search(r'href="([^"]*original\.[a-z0-9]+)"', get(served, f"reports/{report}/").content.decode("utf-8"))
    bundle = sorted((served.site / "assets" / "javascripts").glob("bundle.*.min.js"))[0]
    paths = {
        "a page": "",
        "a report": f"reports/{report}/",
        "a style sheet": "assets/archive/archive.css",
        "Material's bundle": bundle.relative_to(served.site).as_posix(),
        "the search index": one_file(served.site, INDEX_FILES["keys"]).relative_to(served.site).as_posix(),
        "an original": f"reports/{report}/{original.group(1)}",
        "a missing page": "reports/no-such-report/",
    }
    for what, path in paths.items():
        assert_security_headers(get(served, path, Accept_Encoding="gzip"), what)
    assert_security_headers(get(served, "", source=OUTSIDE), "a refusal")


def test_an_address_outside_the_allowed_ranges_is_refused(served, catalog):
    for path in ("", f"reports/{catalog[0]['id']}/", "search-index/meta.json", "catalog.json"):
        outside, inside = get(served, path, source=OUTSIDE), get(served, path)
        assert (outside.status, inside.status) == (403, 200), path
        assert b"catalog" not in outside.content and "报告库".encode() not in outside.content


def password_file(path: Path, users: dict[str, str]) -> Path:
    """An htpasswd file, salted SHA-1 ({SSHA}, which nginx reads): what `htpasswd -s` writes."""
    lines = []
    for user, password in users.items():
        salt = os.urandom(8)
        digest = hashlib.sha1(password.encode() + salt).digest()
        lines.append(f"{user}:{{SSHA}}{base64.b64encode(digest + salt).decode()}\n")
    path.write_text("".join(lines), encoding="utf-8")
    return path


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_sign_in_with_a_password_file(built_site, tmp_path):
    conf = with_sign_in(documented_conf(), "auth_basic")
    passwords = password_file(tmp_path / "htpasswd", {"zhangsan": "正确的口令", "lisi": "another one"})
    with nginx(tmp_path, conf, built_site, SUB_PATH, passwords=passwords) as server:
        refused = get(server, "")
        assert refused.status == 401
        assert refused.header("WWW-Authenticate").startswith("Basic")
        assert "报告库".encode() not in refused.content
        assert get(server, "", Authorization=basic("zhangsan", "wrong")).status == 401
        assert get(server, "", Authorization=basic("nobody", "正确的口令")).status == 401
        signed_in = get(server, "", Authorization=basic("zhangsan", "正确的口令"))
        assert signed_in.status == 200 and "<title>报告库</title>" in signed_in.content.decode("utf-8")
        assert get(server, "search-index/meta.json", Authorization=basic("lisi", "another one")).status == 200
        # Signed in, but from outside the allowed addresses: both are required.
        assert get(server, "", source=OUTSIDE, Authorization=basic("zhangsan", "正确的口令")).status == 403


class Gateway(http.server.SimpleHTTPRequestHandler):
    """A stand-in for the office's SSO gateway: a reader is signed in by the cookie it set."""

    SESSION = "sso_session=valid-session"
    asked: list[str] = []

    def do_GET(self):
        Gateway.asked.append(self.headers.get("X-Original-URI", ""))
        self.send_response(204 if self.SESSION in self.headers.get("Cookie", "") else 401)
        self.end_headers()

    def log_message(self, format, *args):
        pass


def test_sign_in_through_a_single_sign_on_gateway(built_site, tmp_path, catalog):
    conf = with_sign_in(documented_conf(), "auth_request")
    report = f"reports/{catalog[0]['id']}/"
    Gateway.asked.clear()
    with serve(tmp_path, Gateway) as url, nginx(tmp_path, conf, built_site, SUB_PATH, gateway=url + "auth") as server:
        refused = get(server, report)
        assert refused.status == 401 and "报告库".encode() not in refused.content
        assert get(server, report, Cookie="sso_session=forged").status == 401
        signed_in = get(server, report, Cookie=f"theme=dark; {Gateway.SESSION}")
        assert signed_in.status == 200
        assert html.escape(catalog[0]["title"], quote=False) in signed_in.content.decode("utf-8")
        assert get(server, report, source=OUTSIDE, Cookie=Gateway.SESSION).status == 403
    # The gateway is told which page was asked for (e.g. to send the reader back after sign-in).
    assert Gateway.asked and all(uri == SUB_PATH + report for uri in Gateway.asked), Gateway.asked


# Scripts that hold data, which the policy does not run (Material's configuration).
DATA_SCRIPTS = ("application/json",)


def test_no_page_has_inline_script_or_style(built_site):
    """What the policy would block, looked for in every page of the site, hand-written ones
    and 404.html included."""
    from lxml import html as lxml_html

    found = []
    for file in sorted(built_site.rglob("*.html")):
        tree = lxml_html.parse(str(file))
        where = file.relative_to(built_site)
        for script in tree.iter("script"):
            if not script.get("src") and script.get("type") not in DATA_SCRIPTS:
                found.append(f"{where}: inline <script>{(script.text or '')[:60]}")
        found += [f"{where}: <style>" for _ in tree.iter("style")]
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            for name in element.attrib:
                if name == "style" or name.startswith("on"):
                    found.append(f"{where}: <{element.tag} {name}=…>")
    assert not found, "blocked by the Content-Security-Policy:\n" + "\n".join(found[:20])


# Every violation of the policy, as the page itself sees it (console messages can be missed).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def poll(page, expression: str, timeout: float = 10) -> None:
    """Wait until `expression` is true in the page. Playwright's wait_for_function evaluates
    its predicate with eval(), which the policy (rightly) forbids; evaluate() is not affected."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"still false after {timeout} s: {expression}"
        page.wait_for_timeout(50)


def results_under_policy(page) -> list[str]:
    """all_results() of the search tests, waiting without eval()."""
    poll(page, FINISHED)
    assert page.evaluate(STATE) == "done", page.inner_text("#search-status")
    more = page.locator(".archive-search__more")
    while more.is_visible():
        page.evaluate(f"{STATE} = 'clicked'")
        more.click()
        poll(page, FINISHED)
    # A result's title and its excerpts all lead to the report (the excerpts to a section of it).
    hrefs = page.eval_on_selector_all("#search-results > li", "items => items.map(li => li.querySelector('a').href)")
    return [urllib.parse.unquote(urllib.parse.urlsplit(href).path) for href in hrefs]


@pytest.mark.browser
@pytest.mark.parametrize("served", [SUB_PATH], indirect=True, ids=["sub-path"])
def test_every_kind_of_page_works_under_the_content_security_policy(served, browser, texts, catalog):
    assert get(served, "").header("Content-Security-Policy") == CSP
    for name, path in page_paths(served.site).items():
        watched = Watched(browser)
        try:
            page = watched.page
            page.add_init_script(RECORD_VIOLATIONS)
            page.goto(served.url + path)
            page.wait_for_load_state("networkidle")
            assert not page.evaluate("window.__violations"), f"{name}: the policy blocked {page.evaluate('window.__violations')}"
            # Material's set-up, moved into a file, ran; so did its bundle (which marks the page).
            poll(page, "typeof __md_scope === 'object' && document.documentElement.classList.contains('js')")
            if name == "search with results":
                assert report_ids(results_under_policy(page), catalog) == expected(texts, QUERY)
            assert not page.evaluate("window.__violations"), f"{name}: the policy blocked {page.evaluate('window.__violations')}"
            watched.assert_clean()  # no console error (a blocked script or style logs one)
        finally:
            watched.context.close()
