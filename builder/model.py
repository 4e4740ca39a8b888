"""The data model every stage passes along: a source, its cleaning, its blocks and metadata."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

NOT_GIVEN = "未注明"  # shown wherever a value could not be found


class InputError(Exception):
    """A problem in one source file, reported as `path:line: message`."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass
class Problem:
    """A warning or error about one file, kept to report it without stopping the build."""

    path: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = ""  # what kind of problem, where a caller treats some kinds apart

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Source:
    """What the reader gives: the decoded text and any metadata set by hand."""

    path: str  # relative to the project root, with forward slashes
    text: str  # the body, newlines normalised to "\n"
    fields: dict[str, Any] = field(default_factory=dict)  # front matter and sidecar values
    field_lines: dict[str, int] = field(default_factory=dict)  # where each field was set
    field_files: dict[str, str] = field(default_factory=dict)  # the file it was set in, if not `path`
    body_line: int = 1  # line of the file where `text` starts (after front matter)
    encoding: str = "utf-8"
    heading_levels: dict[int, int] = field(default_factory=dict)  # body line -> level, from Word styles


@dataclass
class Removal:
    """One piece of noise the cleaner took out, enough to put it back."""

    rule: str
    line: int  # line in the body before cleaning, 1-based
    text: str
    column: int | None = None  # None: the whole line; else offset in the cleaned line


@dataclass
class Block:
    kind: str  # "title", "heading" or "paragraph"
    text: str
    line: int  # line in the body, 1-based
    level: int = 0  # headings: 2 (一、) to 5 (（1）)


@dataclass
class Section:
    """A part of a report that readers compare across reports (see sections.py)."""

    kind: str  # "problems" or "plans"
    heading: str
    anchor: str  # the heading's id on the report's page
    excerpt: str


@dataclass
class Metadata:
    title: str
    year: int | None
    unit: str | None
    type: str | None
    tags: list[str]
    source: str
    chars: int
    placeholders: int


@dataclass
class Report:
    id: str
    source: Source
    text: str  # the cleaned text
    blocks: list[Block]
    removals: list[Removal]
    meta: Metadata
    problems: list[Problem] = field(default_factory=list)
    # The title in pinyin, for sorting: slow to work out, so worked out once and cached.
    title_pinyin: tuple[str, ...] = ()
    sections: list[Section] = field(default_factory=list)
    signature: bytes = b""  # MinHash of the body, for similar reports (see similar.py)

    @property
    def url(self) -> str:
        return f"reports/{self.id}/"

    @property
    def page_path(self) -> str:
        return f"reports/{self.id}.md"

    def file_line(self, body_line: int) -> int:
        """The line of the source file that is line `body_line` of its body (after front matter)."""
        return body_line + self.source.body_line - 1

    @property
    def body_text(self) -> str:
        return "\n".join(block.text for block in self.blocks if block.kind != "title")
