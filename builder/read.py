"""Read: a file of any supported format -> `Source` (blocks, images, values set by hand).

The format is recognised from the file's content, not its name (a .doc renamed .docx, a web
page saved as .txt), and read by the one reader for it (see `builder.readers`). Values set by
hand come from YAML front matter (in .md files) and from a sidecar `<name>.yml` beside any
source.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .model import InputError, Source
from .readers import Reader
from .readers.docx import DOCX
from .readers.html import HTML
from .readers.office import OFFICE
from .readers.pdf import IMAGE, PDF
from .readers.text import MARKDOWN, TEXT, decode_file, key_lines, load_yaml

SIDECAR_SUFFIX = ".yml"
READERS: tuple[Reader, ...] = (TEXT, MARKDOWN, HTML, DOCX, OFFICE, PDF, IMAGE)
BY_FORMAT = {name: reader for reader in READERS for name in reader.formats}
SUFFIXES = {suffix: reader for reader in READERS for suffix in reader.suffixes}
# A long report is some 50,000 characters; a scan or a Word file with its pictures a few
# megabytes. Many tens of megabytes is something else, and would cost the build dearly.
MAX_FILE_BYTES = 50 * 2**20
SNIFF_BYTES = 4096
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .wps, .xls…: Microsoft's compound file
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"BM")
HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body")


def sniff(file: Path) -> str:
    """The format of a file, from its first bytes (and, for a zip, the names inside)."""
    with file.open("rb") as stream:
        head = stream.read(SNIFF_BYTES)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if head.startswith(OLE2) or head.lstrip().startswith(b"{\\rtf"):
        return "office"
    if head.startswith(b"PK\x03\x04"):
        return zip_format(file)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(HTML_STARTS) or (start.startswith(b"<!--") and b"<html" in start):
        return "html"
    return "markdown" if file.suffix.lower() in MARKDOWN.suffixes else "text"


def zip_format(file: Path) -> str:
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument.text"):
                return "office"
    except zipfile.BadZipFile:
        pass
    return "zip"


def reader_for(file: Path, path: str) -> Reader:
    found = sniff(file)
    reader = BY_FORMAT.get(found)
    if reader is None:
        known = "、".join(reader.name for reader in READERS)
        raise InputError(path, 1, f"无法识别的文件内容（{file.suffix or '无扩展名'}）：支持 {known}")
    missing = reader.missing()
    if missing:
        raise InputError(path, 1, f"无法读取{reader.name}：{missing}")
    return reader


def read_source(file: Path, root: Path) -> Source:
    """Read one source file; `root` is the project folder its path is shown relative to."""
    path = display_path(file, root)
    size = file.stat().st_size
    if size > MAX_FILE_BYTES:
        raise InputError(path, 1, f"文件过大（{size / 2**20:.1f} MB），上限为 {MAX_FILE_BYTES // 2**20} MB：请确认这是一篇报告")
    if size == 0:
        raise InputError(path, 1, "文件为空")
    source = reader_for(file, path).read(file, path)
    sidecar = file.with_suffix(SIDECAR_SUFFIX)
    if sidecar.is_file():
        sidecar_path = display_path(sidecar, root)
        text, _ = decode_file(sidecar, sidecar_path)
        fields = load_yaml(text, sidecar_path)
        source.fields.update(fields)
        source.field_lines.update(key_lines(text))
        source.field_files.update(dict.fromkeys(fields, sidecar_path))
    return source


def display_path(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def is_source(name: str) -> bool:
    """Whether a file of this name is a report's source (a format a reader reads)."""
    return os.path.splitext(name)[1].lower() in SUFFIXES and not name.startswith((".", "~$"))
