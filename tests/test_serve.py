"""`mkdocs serve --dirty`, as scripts/serve runs it: a new or edited source report shows on reload,
with no rebuild loop."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import mkdocs_env

REPORT = "2024年度测试单位党支部工作总结\n一、主要工作\n（一）理论学习。组织学习{marker}共12次。\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(predicate, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.5)
    return None


@pytest.fixture
def server(project):
    port = free_port()
    log = (project / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=mkdocs_env(),
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(lambda: fetch(base)), (project / "serve.log").read_text()
        yield base, project
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def builds(project) -> int:
    return (project / "serve.log").read_text().count("报告库：")


def test_new_and_edited_reports_show_on_reload(server):
    base, project = server
    source = project / "source_reports" / "serve-test.txt"
    source.write_text(REPORT.format(marker="第一版"), encoding="utf-8")
    page = base + "reports/serve-test/"
    assert wait_for(lambda: "第一版" in (fetch(page) or "")), (project / "serve.log").read_text()
    assert "serve-test" in fetch(base + "years/2024/")

    source.write_text(REPORT.format(marker="第二版"), encoding="utf-8")
    assert wait_for(lambda: "第二版" in (fetch(page) or "")), (project / "serve.log").read_text()

    # Once the edits are built, nothing more is rebuilt: the build writes nothing it watches,
    # and reading every source is no change (inotify tells of files opened and read too).
    settled = builds(project)
    time.sleep(6)
    assert builds(project) == settled
    # Told by inotify, not found by MkDocs' polling (plugin.watch_changes).
    assert "定时检查" not in (project / "serve.log").read_text()


def test_sources_are_polled_where_inotify_cannot_watch_them(tmp_path, monkeypatch):
    """Where the kernel will not watch the sources (its limit on watches reached), MkDocs' own
    observer polls them, as it would without the plugin."""
    from mkdocs.livereload import LiveReloadServer
    from watchdog.observers.inotify import InotifyObserver

    from builder.plugin import watch_changes

    def refused(observer):
        raise OSError(28, "inotify watch limit reached")

    monkeypatch.setattr(InotifyObserver, "start", refused)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    sources = tmp_path / "source_reports"
    sources.mkdir()

    assert watch_changes(server, [str(sources)]) is None
    assert [emitter.watch.path for emitter in server.observer.emitters] == [str(sources)]
