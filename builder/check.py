"""Checking the whole archive, as CI does for a pull request: every problem as path:line."""

from __future__ import annotations

from typing import Callable, Iterable

from .build import Archive, Project, collect
from .model import Problem
from .similar import near_duplicates

NORMALISED_SUFFIX = ".md"
# What the build can live with (the report is listed under 未注明) but an archive must not keep.
ERRORS_IN_CHECK = {"missing-year"}


def check(project: Project, progress: Callable[[Iterable], Iterable] = iter) -> Archive:
    archive = collect(project, progress)
    for problem in archive.problems:
        if problem.code in ERRORS_IN_CHECK:
            problem.severity = "error"
    archive.problems.extend(noise_left(archive))
    texts = ((report.source.path, report.body_text, report.signature) for report in archive.reports)
    # A near-duplicate added on purpose (add --force) says so in its sidecar: accepted.
    decided = {(r.source.path, r.source.fields["near_duplicate"]["of"]) for r in archive.reports if "near_duplicate" in r.source.fields}
    for path, match in near_duplicates(progress(list(texts))):
        if (path, match.key) in decided or (match.key, path) in decided:
            continue
        archive.problems.append(
            Problem(path, 1, f"与 {match.key} 的正文 {match.similarity:.0%} 相同，疑似重复；确是不同的报告请改动后再提交，或用 add --force 添加以记录这一决定")
        )
    return archive


def noise_left(archive: Archive) -> list[Problem]:
    """Normalised sources were cleaned when added: whatever a rule still finds is an error."""
    problems = []
    for report in archive.reports:
        if not report.source.path.endswith(NORMALISED_SUFFIX):
            continue
        for removal in report.removals:
            text = removal.text.strip()
            problems.append(Problem(report.source.path, report.file_line(removal.line), f"残留推广或付费标记（规则 {removal.rule}）：{text[:40]}"))
    return problems
