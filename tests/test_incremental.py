"""Builds into a site that is not emptied first, as `mkdocs serve --dirty` (the README's serve
command) makes them: after an edit, a new report, a deletion or a change of rules, the site is
byte for byte the one a full build makes, and the pages that did not change were not rebuilt.
As under `mkdocs serve`, a rebuild returns before its search index is updated, and the site is
compared once the update is done."""

from __future__ import annotations

import filecmp
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from builder.plugin import INDEX_UPDATES, wait_for_search_index
from conftest import mkdocs_build, mkdocs_env

NEW_REPORT = "2024年度测试单位党支部工作总结\n一、主要工作\n（一）理论学习。组织集中学习12次，专题研讨4次。\n二、存在问题\n学习的系统性还不够。\n"


def build_into(project: Path, site: Path, dirty: bool) -> None:
    """A build in this process, as `mkdocs serve` makes each of its builds."""
    os.environ.update(mkdocs_env())
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    build(config, dirty=dirty)


def differences(a: Path, b: Path) -> list[str]:
    """The files that differ between two site folders, or are in one only."""
    found = []

    def walk(comparison: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in comparison.left_only + comparison.right_only + comparison.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(comparison.left, comparison.right, comparison.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in comparison.subdirs.items():
            walk(sub, prefix + name + "/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(found)


def modified_times(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("index.html")}


@pytest.fixture
def serving(project, tmp_path):
    """A project and the site its first --dirty build made, in a process that then builds as
    `mkdocs serve` does. (MkDocs keeps one instance of a plugin with on_startup per process.)"""
    plugins = load_config(str(project / "mkdocs.yml")).plugins
    plugins.on_startup(command="serve", dirty=True)
    site = tmp_path / "served"
    build_into(project, site, dirty=True)
    yield project, site
    plugins.on_shutdown()
    plugins.on_startup(command=None, dirty=False)  # as the other tests' builds in this process expect


def same_as_full_build(project: Path, site: Path, tmp_path: Path) -> None:
    """`site` is what `mkdocs build` makes, whose search index is written whole in another
    process while here it was updated in place."""
    wait_for_search_index()
    full = tmp_path / f"full-{len(list(tmp_path.iterdir()))}"
    result = mkdocs_build(project, full, strict=False)
    assert result.returncode == 0, result.stderr
    assert differences(site, full) == []


def test_an_edit_rebuilds_what_it_changes(serving, tmp_path):
    project, site = serving
    before = modified_times(site)
    source = sorted((project / "source_reports").glob("*.txt"))[0]
    source.write_text(source.read_text("utf-8") + "\n此句为增量构建测试所加。\n", encoding="utf-8")
    build_into(project, site, dirty=True)
    same_as_full_build(project, site, tmp_path)
    after = modified_times(site)
    rebuilt = {path for path in before if after[path] != before[path]}
    reports = {path for path in before if path.startswith("reports/")}
    # The edited report, not the others (none of the samples lists it as similar).
    assert len(rebuilt & reports) == 1, sorted(rebuilt)
    assert "此句为增量构建测试所加" in (site / sorted(rebuilt & reports)[0]).read_text("utf-8")


def test_a_new_report_is_built_and_listed(serving, tmp_path):
    project, site = serving
    (project / "source_reports" / "incremental-new.txt").write_text(NEW_REPORT, encoding="utf-8")
    build_into(project, site, dirty=True)
    assert (site / "reports" / "incremental-new" / "index.html").is_file()
    assert "incremental-new" in (site / "years" / "2024" / "index.html").read_text("utf-8")
    same_as_full_build(project, site, tmp_path)


def test_a_deleted_report_is_gone(serving, tmp_path):
    project, site = serving
    source = sorted((project / "source_reports").glob("*.txt"))[-1]
    source.unlink()
    source.with_suffix(".yml").unlink(missing_ok=True)
    build_into(project, site, dirty=True)
    same_as_full_build(project, site, tmp_path)


def test_a_change_of_rules_rebuilds_what_it_changes(serving, tmp_path):
    project, site = serving
    rules = project / "rules.yml"
    rules.write_text("rules: []\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("sources: source_reports", "sources: source_reports\n      rules: rules.yml"), encoding="utf-8")
    build_into(project, site, dirty=True)
    same_as_full_build(project, site, tmp_path)
    # Now a rule that takes a sentence of a report for noise.
    rules.write_text("rules:\n  - name: test-noise\n    scope: inline\n    pattern: '今年以来，'\n    description: 测试\n", encoding="utf-8")
    build_into(project, site, dirty=True)
    same_as_full_build(project, site, tmp_path)
    assert not any("今年以来，" in page.read_text("utf-8") for page in (site / "reports").rglob("index.html"))


def test_a_retitled_report_is_retitled_where_it_is_listed_as_similar(serving, tmp_path):
    project, site = serving
    body = "一、主要工作\n" + "\n".join(f"（{i}）组织开展第{i}次专题学习，围绕基层党建第{i}项重点任务研讨交流。" for i in range(1, 41)) + "\n"
    first, second = project / "source_reports" / "similar-a.txt", project / "source_reports" / "similar-b.txt"
    first.write_text("2024年度甲单位党支部工作总结\n" + body, encoding="utf-8")
    second.write_text("2024年度乙单位党支部工作总结\n" + body + "二、存在问题\n学习的系统性还不够。\n", encoding="utf-8")
    build_into(project, site, dirty=True)
    assert "甲单位" in (site / "reports" / "similar-b" / "index.html").read_text("utf-8")
    # A new title, the same body (and signature): the other's list of similar reports shows it.
    first.write_text("2024年度丙单位党支部工作总结\n" + body, encoding="utf-8")
    build_into(project, site, dirty=True)
    assert "丙单位" in (site / "reports" / "similar-b" / "index.html").read_text("utf-8")
    same_as_full_build(project, site, tmp_path)


def test_a_rebuild_after_the_index_process_died_writes_the_index_whole(serving, tmp_path):
    """Under `mkdocs serve` the search index is updated by a process of its own
    (build.IndexUpdates), which keeps the index's state. Should it die, the next rebuild starts
    another, which writes the index whole: the site is still the full build's."""
    project, site = serving
    wait_for_search_index()
    worker = INDEX_UPDATES.pool.submit(os.getpid).result()
    os.kill(worker, signal.SIGKILL)
    with pytest.raises(BrokenProcessPool):  # once the pool knows, as a rebuild would find it
        INDEX_UPDATES.pool.submit(os.getpid).result(timeout=60)
    source = sorted((project / "source_reports").glob("*.txt"))[0]
    source.write_text(source.read_text("utf-8") + "\n此句在索引进程退出后加入。\n", encoding="utf-8")
    build_into(project, site, dirty=True)
    same_as_full_build(project, site, tmp_path)
    assert INDEX_UPDATES.pool.submit(os.getpid).result() != worker
