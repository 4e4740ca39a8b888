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
class Cell:
    """One cell of a table, spanning `colspan` columns and `rowspan` rows from where it stands."""

    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    """One piece of a document, as a reader finds it and the later stages refine it.

    Readers give "paragraph", "heading" (a level from the document's own styles), "title"
    (a style that says so), "table", "image" and "footnote" blocks; parse turns paragraphs
    into the title and outline headings. `line` says where the block came from: the line of a
    text file, the paragraph of a document (tables, images and notes counted with them), the
    page and line of a PDF read as one running count; it grows from block to block.
    """

    kind: str
    text: str  # tables: the cells' text, a line a row; images: the caption or alt text
    line: int
    level: int = 0  # headings: 2 (一、) to 5 (（1）)
    rows: list[list[Cell]] | None = None  # tables
    image: str = ""  # images: the file's name among Source.images
    label: str = ""  # footnotes: the label its references show ("1", "i"…)
    refs: tuple[tuple[int, str], ...] = ()  # footnote references: (offset in text, label)
    centered: bool = False  # how the document shows it: hints for the title and headings
    bold: bool = False


TEXT_KINDS = ("title", "heading", "paragraph", "footnote")  # blocks whose text cleaning reads


@dataclass
class Source:
    """What the reader gives: the document's blocks, its images and any metadata set by hand."""

    path: str  # relative to the project root, with forward slashes
    blocks: list[Block] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)  # front matter and sidecar values
    field_lines: dict[str, int] = field(default_factory=dict)  # where each field was set
    field_files: dict[str, str] = field(default_factory=dict)  # the file it was set in, if not `path`
    body_line: int = 1  # line of the file where the body starts (after front matter)
    encoding: str = "utf-8"  # or the format the text came from: "docx", "pdf", "pdf (OCR)"…
    images: dict[str, bytes] = field(default_factory=dict)  # image blocks' files, by name
    # What the reader could not carry over, or says about the text (OCR, tracked changes…).
    problems: list[Problem] = field(default_factory=list)
    # What the document says of itself outside the body (an HTML page's <title>, Word's core
    # properties): hints for describe, never published as they are.
    document_fields: dict[str, str] = field(default_factory=dict)


@dataclass
class Removal:
    """One piece of noise the cleaner took out, enough to put it back."""

    rule: str
    line: int  # the line of the body (of a text) or of the block it came from
    text: str
    column: int | None = None  # None: the whole line; else offset in the cleaned line


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
    period: str | None = None  # a report covering several years: "2021—2023"
    issuer: str | None = None  # a red-head's 发文机关, above the title
    number: str | None = None  # a red-head's 文号: 某组〔2023〕12号
    # Where each value came from ("标题", "落款日期（第 40 行）"…), for a reviewer.
    reasons: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    id: str
    source: Source
    blocks: list[Block]
    removals: list[Removal]
    meta: Metadata
    problems: list[Problem] = field(default_factory=list)
    # The title in pinyin, for sorting: slow to work out, so worked out once and cached.
    title_pinyin: tuple[str, ...] = ()
    sections: list[Section] = field(default_factory=list)
    signature: bytes = b""  # MinHash of the body, for similar reports (see similar.py)
    # The files its page links to, by their name beside the page: images, the original.
    assets: dict[str, str] = field(default_factory=dict)

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
        return text_of(self.blocks)


def text_of(blocks: list[Block]) -> str:
    """The text of a report's body: every block but the title, a line each."""
    return "\n".join(block.text for block in blocks if block.kind != "title" and block.text)
