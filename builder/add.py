"""Adding reports: a file of any supported format -> the archive's `source_reports/`.

The original itself is kept, as `<id><suffix>`: every build reads it with the current readers,
so a report is imported again whenever the readers improve, and nothing a reader missed is
lost for good. What was detected goes into the sidecar `<id>.yml` beside it, where a reviewer
corrects a wrong value; the sidecar's values always win, so corrections survive every
re-import. A near-duplicate added with --force records that decision there, for `check`;
a report that the 保密审查 refuses (see secrecy.py) is added with --cleared only, which
records the reviewer's clearance of what was found there.
"""

from __future__ import annotations

import datetime
import getpass
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from .build import Project, collect, id_from_name, load_report
from .model import InputError, Report
from .read import SIDECAR_SUFFIX
from .secrecy import FINDING, findings
from .similar import Match, SimilarityIndex, from_signature


@dataclass
class Added:
    file: Path  # what was given
    report: Report | None = None
    target: Path | None = None  # the original's copy in the archive, None when refused
    duplicate_of: list[Match] = field(default_factory=list)
    error: str | None = None
    secret: bool = False  # refused by the 保密审查
    cleared: list[str] = field(default_factory=list)  # what the 保密审查 found and --cleared cleared


def sidecar_fields(report: Report, original_name: str, duplicate_of: list[Match], decided_by: str, cleared: list[str]) -> dict:
    meta = report.meta
    fields = {
        "title": meta.title,
        "year": meta.year,
        "unit": meta.unit,
        "type": meta.type,
        "tags": meta.tags,
        # The tags above are the whole list: what a reviewer deletes stays deleted.
        "auto_tags": False,
        "original": original_name,
    }
    if duplicate_of:
        fields["near_duplicate"] = {
            "of": duplicate_of[0].key,
            "similarity": round(duplicate_of[0].similarity, 2),
            "decided_by": decided_by,
            "decided_on": datetime.date.today().isoformat(),
        }
    if cleared:
        fields["cleared"] = {"by": decided_by, "date": datetime.date.today(), "findings": cleared}
    return {key: value for key, value in fields.items() if value is not None}


def who_decides() -> str:
    """Who adds with --force, for the record: git's user name, else the login name."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or getpass.getuser()


def free_stem(source_dir: Path, stem: str, taken: set[str]) -> str:
    """An id for a new report, with -2, -3 … when the id is in use."""
    base = id_from_name(stem)
    candidate, number = base, 1
    while candidate in taken or any(source_dir.glob(f"{candidate}.*")):
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def add_reports(
    project: Project,
    files: list[Path],
    force: bool = False,
    progress: Callable[[Iterable], Iterable] = iter,
    decided_by: str | None = None,
    clear: bool = False,
) -> list[Added]:
    """Copy each file into the archive with its sidecar, refusing those already in it and,
    unless `clear`, those the 保密审查 refuses."""
    archive = collect(project, progress)
    index = SimilarityIndex()
    for report in archive.reports:
        index.add(report.source.path, report.body_text, from_signature(report.signature))
    taken = {report.id for report in archive.reports}
    results = []
    for file in files:
        added = Added(file)
        results.append(added)
        try:
            added.report = load_report(file.resolve(), project)
        except InputError as error:
            added.error = str(error)
            continue
        errors = [p for p in added.report.problems if p.severity == "error"]
        secret = [p for p in errors if p.code == FINDING]
        if clear:
            errors = [p for p in errors if p.code != FINDING]
        if errors:
            added.error = "\n".join(map(str, errors))
            added.secret = bool(secret) and not clear
            continue
        if secret:
            # Listed as found (masked), so that what is found later is not cleared with it;
            # personal data that is masked anyway stays masked.
            found = findings(added.report.source, added.report.blocks, project.secrecy)
            added.cleared = list(dict.fromkeys(f.masked for f in found if not (f.personal and project.secrecy.mask)))
            added.report.problems = [p for p in added.report.problems if p.code != FINDING]
        hashed = from_signature(added.report.signature)
        added.duplicate_of = index.matches(added.report.body_text, hashed)
        if added.duplicate_of and not force:
            continue
        stem = free_stem(project.source_dir, file.stem, taken)
        target = project.source_dir / (stem + file.suffix.lower())
        shutil.copyfile(file, target)
        fields = sidecar_fields(added.report, file.name, added.duplicate_of, decided_by or who_decides(), added.cleared)
        sidecar = target.with_suffix(SIDECAR_SUFFIX)
        sidecar.write_text(yaml.safe_dump(fields, allow_unicode=True, sort_keys=False), encoding="utf-8")
        added.target = target
        taken.add(stem)
        index.add(target.relative_to(project.root).as_posix(), added.report.body_text, hashed)
    return results
