"""Shared fixtures: real MkDocs builds of the sample archive and of temporary projects."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def mkdocs_build(project: Path, site: Path, strict: bool = True) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, capture_output=True, text=True, env=mkdocs_env())


def mkdocs_env() -> dict:
    # Material's end-of-life banner is not what the tests look at.
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def copy_project(target: Path, with_samples: bool = True) -> Path:
    """A copy of this project's site configuration (and, by default, its reports) in `target`."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", target / "docs")
    if with_samples:
        shutil.copytree(ROOT / "source_reports", target / "source_reports")
    else:
        (target / "source_reports").mkdir()
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample archive, built with `mkdocs build --strict` from the repository itself."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture
def project(tmp_path) -> Path:
    """A throw-away copy of the project holding the five samples."""
    root = tmp_path / "project"
    root.mkdir()
    return copy_project(root)
