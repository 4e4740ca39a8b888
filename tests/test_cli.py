"""The `report-archive` command on its own, without MkDocs."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SAMPLE = ROOT / "source_reports" / "000_9342abefdd77c34e.txt"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "builder.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_inspect_shows_what_was_removed_and_where():
    result = run("inspect", str(SAMPLE))
    assert result.returncode == 0, result.stderr
    raw_lines = SAMPLE.read_text("utf-8").split("\n")
    promotion = next(i for i, line in enumerate(raw_lines, start=1) if line.startswith("【哒哒素材库】"))
    assert f"第 {promotion} 行 [brand-promotion] 【哒哒素材库】" in result.stdout
    assert "[paywall-marker] ##paidbegin##" in result.stdout
    assert "类型：工作报告" in result.stdout
    assert "一、上年度整改情况" in result.stdout


def test_build_writes_the_pages_without_mkdocs(tmp_path):
    result = run("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    pages = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md")}
    assert {"index.md", "years/index.md", "search.md", "reports/000_9342abefdd77c34e.md"} <= pages
    assert "## 一、上年度整改情况" in (tmp_path / "out" / "reports" / "000_9342abefdd77c34e.md").read_text("utf-8")


def test_check_passes_on_the_samples_and_fails_on_a_broken_report(tmp_path):
    assert run("check").returncode == 0
    sources = tmp_path / "source_reports"
    sources.mkdir()
    (sources / "ok.txt").write_text("2023年度测试局党建工作总结\n一、主要工作\n正文。\n", encoding="utf-8")
    (sources / "bad.md").write_text("---\ntitle: 测试\ntype: 不存在的类型\n---\n正文。\n", encoding="utf-8")
    result = run("--root", str(tmp_path), "check")
    assert result.returncode == 1
    assert "source_reports/bad.md:3: 未知类型“不存在的类型”" in result.stderr
