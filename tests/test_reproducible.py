"""Reproducible builds, and a build killed half-way.

Two builds of the same input give byte-identical pages, catalogs and search index, whether the second one
comes from the build cache, a few seconds later, or from a copy of the project elsewhere.
A build killed while it runs leaves the previously published site exactly as it was; the
next complete build replaces it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project, mkdocs_build, mkdocs_env

ASSERTED = (".html",)
CATALOGS = ("catalog.json", "catalog.csv")
SEARCH_INDEX = "search-index/"
# New reports for the killed build: enough that the build runs for some seconds and the kill
# falls inside it.
COPIES = 20


def digests(site: Path) -> dict[str, str]:
    return {
        file.relative_to(site).as_posix(): hashlib.sha256(file.read_bytes()).hexdigest()
        for file in sorted(site.rglob("*"))
        if file.is_file()
    }


def asserted(files: dict[str, str]) -> dict[str, str]:
    return {
        path: digest
        for path, digest in files.items()
        if path.endswith(ASSERTED) or path in CATALOGS or path.startswith(SEARCH_INDEX)
    }


def differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(path for path in a.keys() | b.keys() if a.get(path) != b.get(path))


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, dict[str, str]]:
    """The samples built three times: anew, again from the cache a few seconds later, and
    from a copy of the project in another folder."""
    base = tmp_path_factory.mktemp("reproducible")
    (base / "a").mkdir()
    (base / "b").mkdir()
    first, other = copy_project(base / "a"), copy_project(base / "b")
    sites = {}
    for name, project in (("first", first), ("again", first), ("elsewhere", other)):
        site = base / f"site-{name}"
        result = mkdocs_build(project, site)
        assert result.returncode == 0, result.stderr
        sites[name] = digests(site)
        time.sleep(2)  # so that anything taken from the clock would differ
    return sites


@pytest.mark.parametrize("name", ["again", "elsewhere"])
def test_pages_catalogs_and_search_index_are_byte_identical(builds, name):
    first, other = asserted(builds["first"]), asserted(builds[name])
    assert len([p for p in first if p.endswith(".html")]) > 20
    assert set(CATALOGS) <= set(first)
    assert SEARCH_INDEX + "meta.json" in first
    assert not differences(first, other)


@pytest.mark.parametrize("name", ["again", "elsewhere"])
def test_nothing_else_differs_but_the_sitemap(builds, name):
    """MkDocs dates the sitemap (and its gzip copy) with the day of the build."""
    rest = differences(builds["first"], builds[name])
    assert not [p for p in rest if not p.startswith("sitemap")], rest


# --- A build killed half-way ---------------------------------------------------------------


def first_report_page(partial: Path) -> Path | None:
    return next((partial / "reports").rglob("index.html"), None) if (partial / "reports").is_dir() else None


def add_copies(project: Path, copies: int) -> list[str]:
    """`copies` times each sample under a new name, each with a sentence of its own."""
    sources = project / "source_reports"
    names = []
    for sample in sorted(sources.glob("*.txt")):
        lines = sample.read_text(encoding="utf-8-sig").split("\n")
        for n in range(copies):
            changed = lines[:5] + [f"这是第{n}份副本新增的一句话，编号{sample.stem[:3]}-{n}。"] + lines[5:]
            name = f"copy-{n:03d}-{sample.stem[:3]}.txt"
            (sources / name).write_text("\n".join(changed), encoding="utf-8")
            names.append(f"source_reports/{name}")
    return names


def test_killed_build_leaves_the_site_and_a_complete_one_replaces_it(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    site = tmp_path / "site"
    partial = tmp_path / "site.partial"
    result = mkdocs_build(project, site, strict=False)
    assert result.returncode == 0, result.stderr
    site_a = digests(site)
    added = add_copies(project, COPIES)

    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    started = time.monotonic()
    # A session of its own, so that the kill reaches any process the build may have started.
    build = subprocess.Popen(command, env=mkdocs_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    try:
        while build.poll() is None and time.monotonic() - started < 120:
            if first_report_page(partial):  # the new build is half-way: pages are being written
                break
            time.sleep(0.01)
        assert build.poll() is None, "the build finished before it could be killed: add more reports"
        os.killpg(build.pid, signal.SIGKILL)
    finally:
        if build.poll() is None:
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
    killed_after = time.monotonic() - started
    assert build.returncode == -signal.SIGKILL
    assert first_report_page(partial), "killed before the build had written any report page"
    print(f"\nkilled after {killed_after:.1f} s")

    assert digests(site) == site_a, "the killed build changed the published site"
    assert not (tmp_path / "site.old").exists()

    started = time.monotonic()
    result = mkdocs_build(project, site, strict=False)
    print(f"complete build of {len(added) + 5} reports: {time.monotonic() - started:.1f} s")
    assert result.returncode == 0, result.stderr
    assert not partial.exists() and not (tmp_path / "site.old").exists()
    rows = json.loads((site / "catalog.json").read_text("utf-8"))
    assert set(added) <= {row["source"] for row in rows}
    assert len(rows) == len(added) + 5
    for row in rows:
        assert (site / row["url"] / "index.html").is_file(), row["url"]
    assert digests(site) != site_a

