"""Adding reports: a raw file -> a normalised Markdown source in `source_reports/`.

The normalised source is what a reviewer reads in a pull request: the cleaned text, with the
detected metadata in front matter where a wrong value is corrected by hand. The original file
is not kept: what cleaning removed is printed when adding, and `original` names the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from .build import Project, collect, id_from_name, load_report
from .clean import kept_line_numbers
from .model import InputError, Report
from .similar import Match, SimilarityIndex, from_signature


@dataclass
class Added:
    file: Path  # what was given
    report: Report | None = None
    target: Path | None = None  # the normalised source written, None when refused
    duplicate_of: list[Match] = field(default_factory=list)
    error: str | None = None


def normalised_source(report: Report, original_name: str) -> str:
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
    fields = {key: value for key, value in fields.items() if value is not None}
    levels = report.source.heading_levels
    numbers = kept_line_numbers(report.text, report.removals)
    body_lines = []
    for index, line in enumerate(report.text.split("\n")):
        number = numbers[index] if index < len(numbers) else None  # the empty line after a last "\n"
        if number in levels and line.strip():
            body_lines.append("#" * levels[number] + " " + line.strip())
        elif line.startswith("#"):
            body_lines.append("\\" + line)  # text, not a heading: see read.markdown_headings
        else:
            body_lines.append(line.rstrip())
    body = "\n".join(body_lines).strip("\n")
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


def free_target(source_dir: Path, stem: str, taken: set[str]) -> Path:
    """source_dir/<id>.md for a new report, with -2, -3 … when the id is in use."""
    base = id_from_name(stem)
    candidate, number = base, 1
    while candidate in taken or (source_dir / f"{candidate}.md").exists():
        number += 1
        candidate = f"{base}-{number}"
    return source_dir / f"{candidate}.md"


def add_reports(
    project: Project,
    files: list[Path],
    force: bool = False,
    progress: Callable[[Iterable], Iterable] = iter,
) -> list[Added]:
    """Write each file as a normalised source, refusing those already in the archive."""
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
        if errors:
            added.error = "\n".join(map(str, errors))
            continue
        hashed = from_signature(added.report.signature)
        added.duplicate_of = index.matches(added.report.body_text, hashed)
        if added.duplicate_of and not force:
            continue
        target = free_target(project.source_dir, file.stem, taken)
        target.write_text(normalised_source(added.report, file.name), encoding="utf-8")
        added.target = target
        taken.add(target.stem)
        index.add(target.relative_to(project.root).as_posix(), added.report.body_text, hashed)
    return results
