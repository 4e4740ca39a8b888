"""The build cache: a rebuild redoes what changed, and only that."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from builder import build as build_module
from builder import facets
from builder.build import Project, generate, write_pages
from conftest import ROOT

SAMPLE = "000_9342abefdd77c34e.txt"


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "source_reports"
    shutil.copytree(ROOT / "source_reports", folder)
    return folder


def build(root, out, **options):
    project = Project.load(root, root / "source_reports", **options)
    archive = generate(project, bodies=False)
    return archive, write_pages(archive, out, project)


def test_a_rebuild_writes_only_what_changed(tmp_path, sources):
    out = tmp_path / "out"
    archive, written = build(tmp_path, out)
    assert written == len(archive.versions)
    page = out / "reports" / "000_9342abefdd77c34e.md"
    before = {p: p.read_text("utf-8") for p in out.rglob("*.md")}

    _, written = build(tmp_path, out)
    assert written == 0

    text = (sources / SAMPLE).read_text("utf-8")
    (sources / SAMPLE).write_text(text.replace("418人次", "419人次"), encoding="utf-8")
    archive, written = build(tmp_path, out)
    assert "419人次" in page.read_text("utf-8") and "418人次" not in page.read_text("utf-8")
    changed = {p for p in out.rglob("*.md") if before.get(p) != p.read_text("utf-8")}
    assert changed == {page}
    assert 1 <= written < len(archive.versions) // 2  # the report and the listing pages at most


def test_a_new_report_is_the_only_one_read_and_changes_only_the_pages_that_list_it(tmp_path, sources, monkeypatch):
    out = tmp_path / "out"
    build(tmp_path, out)
    before = {p: p.read_text("utf-8") for p in (out / "reports").glob("*.md")}
    read = []
    load_report = build_module.load_report
    monkeypatch.setattr(build_module, "load_report", lambda file, project: read.append(file.name) or load_report(file, project))

    text = (sources / SAMPLE).read_text("utf-8")
    (sources / "copy.txt").write_text(text.replace("418人次", "419人次"), encoding="utf-8")
    build(tmp_path, out)
    assert read == ["copy.txt"]
    changed = {p.name for p in (out / "reports").glob("*.md") if before.get(p) != p.read_text("utf-8")}
    listing_the_copy = {p.name for p in (out / "reports").glob("*.md") if "(../reports/copy.md)" in p.read_text("utf-8")}
    assert changed == {"copy.md"} | listing_the_copy
    assert "000_9342abefdd77c34e.md" in listing_the_copy  # its near-duplicate


def test_a_rebuild_reads_no_report_and_asks_pypinyin_nothing(tmp_path, sources, monkeypatch):
    build(tmp_path, tmp_path / "out")
    facets.NAME_PINYIN.clear()  # as in a new process: what is known comes from the cache

    def fail(*args):
        raise AssertionError(f"worked out again: {args}")

    monkeypatch.setattr(build_module, "load_report", fail)
    monkeypatch.setattr(facets, "pinyin", fail)
    archive, written = build(tmp_path, tmp_path / "out")
    assert len(archive.reports) == 5 and written == 0


def test_cached_reports_are_the_same_as_fresh_ones(tmp_path, sources):
    cached_out, fresh_out = tmp_path / "cached", tmp_path / "fresh"
    build(tmp_path, tmp_path / "warm-up")
    build(tmp_path, cached_out)
    build(tmp_path, fresh_out, cache=False)
    pages = sorted(p.relative_to(fresh_out) for p in fresh_out.rglob("*.md"))
    assert pages == sorted(p.relative_to(cached_out) for p in cached_out.rglob("*.md"))
    for page in pages:
        assert (cached_out / page).read_bytes() == (fresh_out / page).read_bytes(), page


def test_a_deleted_report_leaves_no_page(tmp_path, sources):
    out = tmp_path / "out"
    build(tmp_path, out)
    (sources / SAMPLE).unlink()
    archive, _ = build(tmp_path, out)
    assert not (out / "reports" / "000_9342abefdd77c34e.md").exists()
    assert "000_9342abefdd77c34e" not in {r.id for r in archive.reports}


def test_changed_rules_or_vocabulary_redo_the_reports(tmp_path, sources):
    out = tmp_path / "out"
    build(tmp_path, out)
    vocabulary = tmp_path / "vocabulary.yml"
    vocabulary.write_text("tags:\n  - name: 双拥共建\n    keywords: [双拥]\n", encoding="utf-8")
    archive, _ = build(tmp_path, out, vocabulary=vocabulary)
    tagged = {r.id for r in archive.reports if "双拥共建" in r.meta.tags}
    assert "000_9342abefdd77c34e" in tagged  # the sample mentions 双拥 twice

    rules = tmp_path / "cleaning.yml"
    rules.write_text("rules:\n  - name: paywall-marker\n    enabled: false\n", encoding="utf-8")
    archive, _ = build(tmp_path, out, rules=rules)
    page = (out / "reports" / "000_9342abefdd77c34e.md").read_text("utf-8")
    assert "##paidbegin##" in page  # the marker is no longer a rule: it is text now


def test_a_moved_project_keeps_its_cache_and_finds_its_files(tmp_path, sources):
    """A project moved (or its cache restored at another path, as CI caches are) takes its
    reports from the cache, and their originals and images from where they are now."""
    office = ROOT.parent / "shared" / "corpus" / "office"
    shutil.copy(office / "docx_table_footnote_image.docx", sources / "with-image.docx")
    first = tmp_path / "first"
    first.mkdir()
    shutil.move(str(sources), first / "source_reports")
    build(first, first / "out")
    moved = tmp_path / "moved"
    first.rename(moved)
    read = []
    load_report = build_module.load_report
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build_module, "load_report", lambda file, project: read.append(file.name) or load_report(file, project))
        archive, _ = build(moved, moved / "out2")
    assert read == []  # every report came from the cache
    assert archive.assets and all(Path(file).is_file() and str(moved) in file for file in archive.assets.values())
    images = [p for p in (moved / "out2" / "reports").rglob("*") if p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif")]
    originals = list((moved / "out2" / "reports").rglob("original.*"))
    assert images and originals
