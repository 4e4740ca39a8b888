"""Reading in worker processes (build.read_reports) gives the archive that reading in one
process gives: the same reports, pages and problems, in the same order."""

from __future__ import annotations

import shutil
from concurrent.futures import ProcessPoolExecutor

from builder import build as build_module
from builder.build import Project, generate, write_pages
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
