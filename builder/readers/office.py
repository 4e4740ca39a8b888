"""Legacy office files (.doc, Kingsoft .wps, .odt, .rtf): converted to .docx by LibreOffice, then read as one.

The format is known from the content (see `builder.read.sniff`), not the name: the file is
copied under a name LibreOffice recognises (a Word file named .docx or .wps becomes `.doc`)
and converted with `soffice --headless --convert-to docx`, its import filter forced (else a
damaged file comes back as its bytes read as text). LibreOffice runs with a profile
of this process's own, one conversion at a time: two soffice on one profile collide.

A conversion takes a couple of seconds, so its result is kept: `CACHE_DIR` holds the
converted .docx files, named by the SHA-256 of the input bytes and the LibreOffice version,
and a rebuild reads the same content from there without starting LibreOffice. It defaults to
`$XDG_CACHE_HOME/report-archive/converted` (or `~/.cache/…`); the build sets it to the
project's own cache folder, and None turns the cache off.
"""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from ..model import InputError, Source
from . import Reader
from .docx import read_docx

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "report-archive" / "converted"


CACHE_DIR: Path | None = user_cache_dir()
TIMEOUT = 120  # seconds; a report converts in two or three
FILTER = "docx:MS Word 2007 XML"
# The import filters to try, in turn: forced, so that a damaged file fails rather than being
# read as plain text. Word 95 and 6.0 files are refused by the Word 97 filter.
IMPORT_FILTERS = {
    "doc": ("MS Word 97", "MS Word 95", "MS WinWord 6.0"),
    "rtf": ("Rich Text Format",),
    "odt": ("writer8",),
}
MESSAGES = {
    "source file could not be loaded": "无法打开文件",
    "no export filter": "没有可用的导出格式",
}
SOFFICE_PLACES = ("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice")
INSTALL_HINT = "未安装 LibreOffice：请执行 apt-get install libreoffice-writer-nogui"

_lock = threading.Lock()
_profile: Path | None = None


def soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((place for place in SOFFICE_PLACES if Path(place).is_file()), None)


def missing_libreoffice() -> str | None:
    return None if soffice() else INSTALL_HINT


def read_office(file: Path, path: str) -> Source:
    data = file.read_bytes()
    kind = office_kind(data, path)
    cached = cache_file(data)
    if cached is not None and cached.is_file():
        return read_converted(cached, path, kind)
    with tempfile.TemporaryDirectory(prefix="report-archive-") as work:
        converted = convert(data, kind, Path(work), path)
        if cached is not None:
            store(converted, cached)
        return read_converted(converted, path, kind)


def read_converted(docx_file: Path, path: str, kind: str) -> Source:
    source = read_docx(docx_file, path)
    source.encoding = f"{kind} (LibreOffice)"
    return source


def office_kind(data: bytes, path: str) -> str:
    """What the bytes are: doc, rtf or odt (the import filters to try, the suffix of the copy)."""
    if data.startswith(OLE2):
        # An OLE2 file may as well be a workbook or a slide show: say so rather than let
        # LibreOffice open it in Calc and fail to write a Word file.
        if "WordDocument".encode("utf-16-le") in data:
            return "doc"
        if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
            raise InputError(path, 1, "这是 Excel 表格，不是文档：请另存为 Word 或 PDF 后再放入")
        if "PowerPoint Document".encode("utf-16-le") in data:
            raise InputError(path, 1, "这是 PowerPoint 演示文稿，不是文档：请另存为 PDF 后再放入")
        return "doc"  # damaged, or no Word file: the Word filters will say so
    if data.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if data.startswith(b"PK\x03\x04"):
        return "odt"  # sniff has seen the OpenDocument text mimetype inside
    return "doc"


def cache_file(data: bytes) -> Path | None:
    if CACHE_DIR is None:
        return None
    key = hashlib.sha256(f"{FILTER}\0{libreoffice_version()}\0".encode() + data).hexdigest()
    return CACHE_DIR / f"{key}.docx"


def libreoffice_version() -> str:
    """Which LibreOffice converts, as a new one may convert differently: its build id and when
    its program was installed (Debian's build ids repeat from one version to the next)."""
    program = soffice()
    if program is None:
        return ""
    folder = Path(program).resolve().parent
    versionrc = folder / "versionrc"
    lines = versionrc.read_text(errors="replace").splitlines() if versionrc.is_file() else []
    build = next((line for line in lines if line.startswith("buildid=")), "")
    binary = folder / "soffice.bin" if (folder / "soffice.bin").is_file() else Path(program).resolve()
    return f"{build}@{binary.stat().st_mtime_ns}"


def store(converted: Path, cached: Path) -> None:
    # Written aside and renamed, so that a build stopped half-way leaves no broken file.
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    shutil.copyfile(converted, partial)
    os.replace(partial, cached)


def convert(data: bytes, kind: str, work: Path, path: str) -> Path:
    """Convert the bytes to work/out/source.docx with LibreOffice; InputError when it makes nothing."""
    program = soffice()
    if program is None:
        raise InputError(path, 1, INSTALL_HINT)
    # A plain name of the right suffix: a name starting with "-" or holding odd characters
    # would confuse soffice's command line.
    original = work / f"source.{kind}"
    original.write_bytes(data)
    outdir = work / "out"
    converted = outdir / "source.docx"
    output = ""
    for import_filter in IMPORT_FILTERS[kind]:
        with _lock:
            command = [
                program, "--headless", "--norestore", "--nolockcheck",
                f"-env:UserInstallation={profile().as_uri()}", f"--infilter={import_filter}",
                "--convert-to", FILTER, "--outdir", str(outdir), str(original),
            ]  # fmt: skip
            output = run(command, path)
        if converted.is_file() and converted.stat().st_size > 0:
            return converted
    raise InputError(path, 1, f"LibreOffice 未能转换此文件，文件可能已损坏或加密{summary(output)}")


def run(command: list[str], path: str) -> str:
    """Run soffice in a process group of its own (it starts soffice.bin), killed on timeout;
    what it printed (it tells its errors on stdout as well as stderr)."""
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        output, _ = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise InputError(path, 1, f"LibreOffice 转换超时（超过 {TIMEOUT} 秒），已放弃：文件可能过大或已损坏") from None
    return output.decode(errors="replace")


def summary(output: str) -> str:
    """What LibreOffice said, in Chinese where it is one of its usual messages."""
    said = []
    for line in output.splitlines():
        # javaldx's warning comes with every run and says nothing about the file.
        if not line.strip() or "javaldx" in line:
            continue
        said.append(next((chinese for english, chinese in MESSAGES.items() if english in line), line.strip()))
    return f"（LibreOffice：{'；'.join(dict.fromkeys(said))[:200]}）" if said else ""


def profile() -> Path:
    """This process's LibreOffice profile, made at the first conversion and removed at exit."""
    global _profile
    if _profile is None:
        _profile = Path(tempfile.mkdtemp(prefix="report-archive-libreoffice-"))
        atexit.register(shutil.rmtree, _profile, ignore_errors=True)
    return _profile


OFFICE = Reader("旧版 Word、WPS、ODT、RTF 文档", ("office",), (".doc", ".wps", ".odt", ".rtf"), read_office, missing_libreoffice)
