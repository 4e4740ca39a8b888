"""The targets of real input, measured as benchmarks/accuracy.py measures them: the project's
labelled corpus (benchmarks/corpus) and, where it is beside the project, the shared
development set of office documents. A change that costs accuracy fails here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from accuracy import score_folder  # noqa: E402

VENV = Path(sys.executable).parent.parent
OFFICE = ROOT.parent / "shared" / "corpus" / "office"
# Issue 11's targets for reports from websites; office documents: every field at least 95%.
WEB_TARGETS = {"accepted": 100, "title": 90, "year": 95, "type": 90, "unit": 80, "noise_all": 95, "headings": 90}
OFFICE_TARGETS = {"accepted": 100, "title": 95, "year": 95, "type": 95, "unit": 95, "noise_all": 95, "headings": 95}


def assert_targets(summary: dict, targets: dict) -> None:
    below = {name: summary[name][2] for name, target in targets.items() if summary[name][2] < target}
    assert not below, f"below target: {below}\n" + "\n".join(summary["misses"])


def test_the_labelled_web_corpus_meets_the_targets():
    summary = score_folder(ROOT / "benchmarks" / "corpus", VENV)
    assert summary["reports"] >= 80
    assert_targets(summary, WEB_TARGETS)
    assert summary["text_lost"] == 0, "\n".join(m for m in summary["misses"] if " keep " in m)


@pytest.mark.skipif(not OFFICE.is_dir(), reason="../shared/corpus/office is not beside the project")
def test_the_office_documents_meet_the_targets():
    summary = score_folder(OFFICE, VENV)
    assert_targets(summary, OFFICE_TARGETS)
    assert summary["text_lost"] == 0, "\n".join(m for m in summary["misses"] if " keep " in m)
