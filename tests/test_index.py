"""The listing pages made again after a few reports changed (index_pages with the listings of
the build before, as under `mkdocs serve`) are the pages made from nothing: same paths, same
order, same content, through additions, edits, deletions, values gained and lost, and a value
that grows past a page and is split by year."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from builder import index
from builder.build import Project, collect
from builder.index import index_pages, newest_first
from builder.model import Report
from conftest import ROOT


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> list[Report]:
    root = tmp_path_factory.mktemp("index")
    shutil.copytree(ROOT / "source_reports", root / "source_reports")
    return sorted(collect(Project.load(root, root / "source_reports", cache=False)).reports, key=lambda r: r.id)


def with_meta(report: Report, **values) -> Report:
    return replace(report, meta=replace(report.meta, **values))


def copies(report: Report, name: str, count: int, **values) -> list[Report]:
    """`count` reports like `report`, with ids (from `name`) and titles of their own, and
    `values` of metadata."""
    return [replace(with_meta(report, title=f"{report.meta.title}（{name}{n}）", **values), id=f"{report.id}-{name}{n}") for n in range(count)]


def steps(samples: list[Report]) -> list[tuple[str, list[Report]]]:
    first, second, third = samples[0], samples[1], samples[2]
    out = [("the samples", list(samples))]
    out.append(("an edit", [replace(first)] + samples[1:]))
    out.append(("a new report", out[-1][1] + copies(second, "a", 1, year=2019)))
    # A type of more reports than a page lists, over several years: a page for each year.
    out.append(("a type grown past a page", out[-1][1] + copies(third, "b", 3, year=2020) + copies(third, "c", 2, year=2016)))
    out.append(("one of its years gone", [r for r in out[-1][1] if r.meta.year != 2016 or r.id == second.id]))
    out.append(("a report deleted", [r for r in out[-1][1] if r.id != samples[3].id]))
    changed = with_meta(second, year=None, unit=None, type=None, tags=[])
    out.append(("a report's values all taken away", [changed if r.id == second.id else r for r in out[-1][1]]))
    holder = next(r for r in samples if r.sections)
    out.append(("a report's sections gone", [replace(r, sections=[]) if r.id == holder.id else r for r in out[-1][1]]))
    out.append(("a new unit and tag", out[-1][1] + copies(first, "d", 1, unit="新设单位", tags=["新标签", "新标签"])))
    out.append(("the samples again", list(samples)))
    return out


def test_listings_made_again_after_changes_are_those_made_from_nothing(samples, monkeypatch):
    monkeypatch.setattr(index, "ROWS_ON_ONE_PAGE", 2)
    assert len({r.meta.type for r in samples}) < len(samples)  # two samples share a type
    earlier = None
    for name, reports in steps(samples):
        ordered = newest_first(reports)
        made = index_pages(ordered, earlier)
        whole = index_pages(ordered)
        assert list(made.pages) == list(whole.pages), name
        for path, page in whole.pages.items():
            assert made.pages[path] == page, (name, path)
        earlier = made
    # The pages split by year were there along the way.
    assert any("/2020.md" in path for _, reports in steps(samples)[3:4] for path in index_pages(newest_first(reports)).pages)


def test_listings_made_again_keep_the_pages_of_values_no_changed_report_holds(samples):
    before = index_pages(newest_first(samples))
    edited = samples[0]
    after = index_pages(newest_first([replace(edited)] + samples[1:]), before)
    untouched = [r for r in samples if r.meta.unit != edited.meta.unit]
    assert untouched
    for report in untouched:
        page = f"units/{index.slug(report.meta.unit)}.md"
        assert after.pages[page] is before.pages[page], page
    # The edited report's unit page is made again, the same.
    page = f"units/{index.slug(edited.meta.unit)}.md"
    assert after.pages[page] is not before.pages[page]
    assert after.pages[page] == before.pages[page]
