"""The built site behind Debian's nginx, configured by the documented server block.

docs/nginx/report-archive.conf is the block that docs/publishing.md quotes; this test runs that
very file (its site folder and port substituted) under the sub-path /archive/, and the root
variant the guide derives from it, then looks at what a browser gets: pages as UTF-8 HTML,
the search index's pre-compressed files byte for byte with the right type and cache lifetime, text
compressed, and the exact search working from the intranet server alone.
"""

from __future__ import annotations

import gzip
import html
import http.client
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

# Module-level helpers and fixtures of the browser acceptance test, reused as they are.
from test_search_browser import PREFIX, all_results, browser, catalog, expected, report_ids, texts, watched  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
CONF = ROOT / "docs" / "nginx" / "report-archive.conf"
GUIDE = ROOT / "docs" / "publishing.md"

SUB_PATH = "/archive/"
DOCUMENTED_SITE = "/srv/report-archive/site/"
DOCUMENTED_LISTEN = "listen 80;"
SUB_PATH_MARK = "# sub-path"
LONG_CACHE = "max-age=31536000"
INDEX_FILES = {
    "keys": "*/keys/*/*.gz",
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


def server_block(conf: str, site: Path, port: int) -> str:
    """The documented block with this test's site folder and port put in."""
    folder = re.compile(rf"^(\s*(?:alias|root)\s+){re.escape(DOCUMENTED_SITE.rstrip('/'))}(/?;)", re.M)
    assert len(folder.findall(conf)) == 1, f"{CONF.name} should serve {DOCUMENTED_SITE} once"
    assert conf.count(DOCUMENTED_LISTEN) == 1, f"{CONF.name} should listen once, on port 80"
    conf = conf.replace(DOCUMENTED_LISTEN, f"listen 127.0.0.1:{port};")
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
def nginx(workdir: Path, conf: str, site: Path, prefix: str) -> Iterator[Served]:
    if not NGINX.is_file():
        pytest.fail(f"nginx is not installed ({NGINX}): sudo apt-get install -y nginx", pytrace=False)
    for attempt in range(3):  # another process may take the free port before nginx binds it
        port = free_port()
        block = workdir / "report-archive.conf"
        block.write_text(server_block(conf, site, port), encoding="utf-8")
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


def get(served: Served, path: str, **headers: str) -> Response:
    """GET prefix + path, following no redirect and decoding nothing."""
    url = urllib.parse.quote(served.prefix + path if not path.startswith("/") else path, safe="/?=&%")
    connection = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
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
    assert data.startswith(GZIP_MAGIC), f"{file.name} is no longer gzip data: revisit the guide"

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
