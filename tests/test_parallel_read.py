"""Reading in worker processes (build.read_reports) gives the archive that reading in one
process gives: the same reports, pages and problems, in the same order; index processes
(build.IndexWriting) give the search index one process gives."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import ProcessPoolExecutor

from builder import build as build_module
from builder import search
from builder.build import IndexWriting, Project, generate, search_records, write_pages
from builder.search import write_index
from conftest import ROOT

OFFICE = ROOT.parent / "shared" / "corpus" / "office"


def make_sources(root):
    sources = root / "source_reports"
    shutil.copytree(ROOT / "source_reports", sources)
    # Every format, including those read in this process whatever the number (.doc, PDF).
    for file in OFFICE.iterdir():
        if file.name != "truth.json":
            shutil.copy(file, sources / file.name)
    (sources / "empty.txt").write_text("\n\n", encoding="utf-8")  # a problem, not a report
    (sources / "not-really.docx").write_bytes(b"PK\x03\x04 broken")  # a reader error
    first = sorted(sources.glob("0*.txt"))[0]
    for name in ("same-id", "same-id-2"):  # two reports with one address
        shutil.copy(first, sources / f"{name}.txt")
        (sources / f"{name}.yml").write_text("id: dup-id\n", encoding="utf-8")
    return sources


def build_markdown(root, out):
    project = Project.load(root, root / "source_reports", cache=False)
    archive = generate(project)
    write_pages(archive, out, project)
    return archive


def test_workers_give_what_one_process_gives(tmp_path, monkeypatch):
    make_sources(tmp_path)
    alone = build_markdown(tmp_path, tmp_path / "alone")

    pools = []

    class CountedPool(ProcessPoolExecutor):
        def __init__(self, *args, **kwargs):
            pools.append(kwargs.get("mp_context"))
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(build_module, "ProcessPoolExecutor", CountedPool)
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module.os, "sched_getaffinity", lambda pid: {0, 1})  # two processors, even on one
    workers = build_markdown(tmp_path, tmp_path / "workers")

    assert len(pools) == 1  # the reports were read in workers
    assert [r.id for r in workers.reports] == [r.id for r in alone.reports]
    assert [str(p) for p in workers.problems] == [str(p) for p in alone.problems]
    assert any("empty.txt" in str(p) for p in alone.problems) and any("same-id-2" in str(p) and "dup-id" in str(p) for p in alone.problems)
    for a, b in zip(alone.reports, workers.reports):
        assert (a.meta, a.blocks, a.sections, a.signature, a.problems) == (b.meta, b.blocks, b.sections, b.signature, b.problems)
    pages = lambda out: {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert pages(tmp_path / "workers") == pages(tmp_path / "alone")


def test_index_processes_sharing_the_blocks_write_the_index_one_process_writes(tmp_path, monkeypatch):
    # Reports without their blocks, as a build under MkDocs makes them: each index process
    # reads its share's texts from the cache.
    archive = generate(Project.load(tmp_path, make_sources(tmp_path)), bodies=False)
    monkeypatch.setattr(search, "BLOCK_UNIT", 1)  # 19 reports: 4 blocks, which 3 processes share unevenly
    monkeypatch.setattr(build_module.os, "sched_getaffinity", lambda pid: {0, 1, 2})
    writing = IndexWriting(archive, tmp_path / "shared")
    writing.finish()
    write_index(list(search_records(archive).values()), tmp_path / "alone")

    assert len(archive.reports) >= 18 and len(writing.shares) == 3
    files = lambda site: {p.relative_to(site / search.INDEX_DIR).as_posix(): p.read_bytes() for p in sorted((site / search.INDEX_DIR).rglob("*")) if p.is_file()}
    shared, alone = files(tmp_path / "shared"), files(tmp_path / "alone")
    assert len(json.loads(alone["meta.json"])["blocks"]) == 4
    assert shared == alone
