"""One reader per format, behind one interface (see `Reader`); `builder.read` chooses among them.

A reader turns a file into a `Source`: the document's blocks (paragraphs, headings, tables,
images, footnotes, each with where it came from), its images, and the warnings about what it
could not carry over. Like Pelican's readers, each declares the formats it reads and whether
what it needs is installed, so that a missing converter disables its formats with a message
that names the package to install, and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Source


@dataclass(frozen=True)
class Reader:
    name: str  # what it reads, as a reader of the messages knows it: "Word 文档 (.docx)"
    formats: tuple[str, ...]  # the formats `builder.read.sniff` names that it reads
    suffixes: tuple[str, ...]  # the file names it is offered in a source folder
    read: Callable[[Path, str], Source]  # (file, path shown in messages) -> Source
    # None when the reader can run; else what is missing and how to install it, in Chinese.
    missing: Callable[[], str | None] = lambda: None
