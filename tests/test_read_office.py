"""The legacy office reader: .doc, .wps, .odt and .rtf through LibreOffice, cached by content."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import docx
import pytest

import builder.readers.office as office
from builder.model import InputError
from builder.readers.office import OFFICE, missing_libreoffice, read_office

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "office"
needs_libreoffice = pytest.mark.skipif(
    office.soffice() is None, reason="LibreOffice (soffice) 未安装：apt-get install libreoffice-writer-nogui"
)

TITLE = "某某县审计局2023年度工作总结"
PARAGRAPH = "2023年，我局坚持以习近平新时代中国特色社会主义思想为指导，全面履行审计监督职责。"
HEADINGS = ["一、主要工作", "（一）加强理论学习", "二、存在的问题"]


@pytest.fixture(autouse=True)
def cache_dir(tmp_path_factory, monkeypatch):
    """Conversions are cached in a folder of the test session, not the user's own cache."""
    monkeypatch.setattr(office, "CACHE_DIR", tmp_path_factory.getbasetemp() / "converted")


@pytest.fixture(scope="session")
def legacy(tmp_path_factory) -> dict[str, Path]:
    """A report written with python-docx, saved by LibreOffice as .doc, .odt and .rtf, as old
    files were made; the three conversions run side by side, each with a profile of its own."""
    folder = tmp_path_factory.mktemp("legacy")
    original = folder / "report.docx"
    make_report(original)
    if office.soffice() is None:
        return {}
    runs = [
        subprocess.Popen(
            [
                office.soffice(),
                "--headless",
                "--norestore",
                f"-env:UserInstallation={(folder / f'profile-{kind}').as_uri()}",
                "--convert-to",
                kind,
                "--outdir",
                str(folder),
                str(original),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        for kind in ("doc", "odt", "rtf")
    ]
    for run in runs:
        run.wait(timeout=120)
    return {kind: folder / f"report.{kind}" for kind in ("doc", "odt", "rtf")}


def make_report(file: Path) -> None:
    document = docx.Document()
    document.add_paragraph(TITLE)
    document.add_paragraph(PARAGRAPH)
    document.add_paragraph(HEADINGS[0])
    document.add_paragraph(HEADINGS[1])
    document.add_paragraph("全年组织集中学习24次，撰写心得体会36篇。")
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "审计项目情况"
    table.cell(0, 2).text = "备注"
    for row, texts in enumerate([("项目", "数量", "说明"), ("财政审计", "12", "完成")], start=1):
        for column, text in enumerate(texts):
            table.cell(row, column).text = text
    document.add_paragraph(HEADINGS[2])
    document.add_paragraph("审计力量相对不足。")
    document.save(str(file))


def assert_report(source) -> None:
    texts = [block.text for block in source.blocks]
    assert TITLE in texts and PARAGRAPH in texts
    for heading in HEADINGS:
        assert heading in texts
    assert texts.index(HEADINGS[0]) < texts.index(HEADINGS[2])
    [table] = [block for block in source.blocks if block.kind == "table"]
    cells = [[cell.text for cell in row] for row in table.rows]
    assert "审计项目情况" in cells[0] and "备注" in cells[0]
    assert cells[1:] == [["项目", "数量", "说明"], ["财政审计", "12", "完成"]]
    lines = [block.line for block in source.blocks]
    assert lines == sorted(set(lines))


@needs_libreoffice
@pytest.mark.parametrize("kind", ["doc", "odt", "rtf"])
def test_reads_legacy_formats(legacy, kind):
    source = read_office(legacy[kind], f"reports/report.{kind}")
    assert source.path == f"reports/report.{kind}"
    assert source.encoding == f"{kind} (LibreOffice)"
    assert_report(source)


@needs_libreoffice
@pytest.mark.parametrize("name", ["report.wps", "report.docx"])
def test_word_file_under_another_name(legacy, tmp_path, monkeypatch, name):
    """A Kingsoft .wps is a Word file inside, and a .doc may be renamed .docx: the content
    decides, as builder.read.sniff does, and LibreOffice is given a name that says .doc."""
    from builder.read import sniff

    monkeypatch.setattr(office, "CACHE_DIR", None)  # convert it, whatever an earlier test cached
    renamed = tmp_path / name
    renamed.write_bytes(legacy["doc"].read_bytes())
    assert sniff(renamed) == "office"
    source = read_office(renamed, name)
    assert source.encoding == "doc (LibreOffice)"
    assert_report(source)


@needs_libreoffice
@pytest.mark.parametrize("kind", ["odt", "rtf"])
def test_sniffed_as_office(legacy, kind):
    from builder.read import sniff

    assert sniff(legacy[kind]) == "office"


@needs_libreoffice
def test_cached_conversion_does_not_start_libreoffice(legacy, tmp_path, monkeypatch):
    monkeypatch.setattr(office, "CACHE_DIR", tmp_path / "converted")
    first = read_office(legacy["doc"], "a.doc")
    [cached] = (tmp_path / "converted").iterdir()
    assert cached.suffix == ".docx"

    def no_soffice(*args, **kwargs):
        raise AssertionError("LibreOffice started although the conversion is cached")

    monkeypatch.setattr(office.subprocess, "Popen", no_soffice)
    copy = tmp_path / "copy.doc"
    copy.write_bytes(legacy["doc"].read_bytes())
    again = read_office(copy, "b.doc")  # same content under another name: the same conversion
    assert again.path == "b.doc"
    assert [block.text for block in again.blocks] == [block.text for block in first.blocks]


@needs_libreoffice
def test_damaged_file_is_an_input_error(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "CACHE_DIR", None)
    damaged = tmp_path / "damaged.doc"
    damaged.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00garbage" * 200)
    with pytest.raises(InputError) as error:
        read_office(damaged, "damaged.doc")
    assert error.value.path == "damaged.doc"
    assert "LibreOffice 未能转换" in error.value.message and "无法打开文件" in error.value.message


@needs_libreoffice
def test_timeout_kills_libreoffice(legacy, monkeypatch):
    monkeypatch.setattr(office, "CACHE_DIR", None)
    monkeypatch.setattr(office, "TIMEOUT", 0.05)
    with pytest.raises(InputError, match="超时"):
        read_office(legacy["doc"], "slow.doc")


def test_workbook_is_refused_before_conversion(tmp_path):
    workbook = tmp_path / "table.doc"
    workbook.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le"))
    with pytest.raises(InputError, match="Excel"):
        read_office(workbook, "table.doc")


def test_missing_libreoffice_names_the_package(monkeypatch):
    monkeypatch.setattr(office.shutil, "which", lambda name: None)
    monkeypatch.setattr(office, "SOFFICE_PLACES", ())
    assert "apt-get install libreoffice-writer-nogui" in missing_libreoffice()
    assert OFFICE.missing() is not None


@needs_libreoffice
def test_libreoffice_found():
    assert missing_libreoffice() is None


@needs_libreoffice
@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus/office 不在")
def test_shared_legacy_doc():
    truth = next(entry for entry in json.loads((SHARED / "truth.json").read_text("utf-8")) if entry["file"] == "legacy.doc")
    source = read_office(SHARED / "legacy.doc", "legacy.doc")
    texts = [block.text for block in source.blocks]
    for keep in truth["keep"]:
        assert any(keep in text for text in texts), keep
    for heading in truth["headings"]:
        assert heading in texts, heading
    assert truth["title"] in texts
