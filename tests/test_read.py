"""Read: bytes of a .txt/.md/.docx (+ sidecar .yml) -> Source."""

from __future__ import annotations

import random
import re
from pathlib import Path

import docx
import pytest

from builder.model import InputError
from builder.read import read_source

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "source_reports").glob("*.txt"))
SAMPLE_IDS = [sample.name[:3] for sample in SAMPLES]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def sample_text(prefix: str) -> str:
    return next(s for s in SAMPLES if s.name.startswith(prefix)).read_text(encoding="utf-8")


def write(directory: Path, name: str, data: bytes | str) -> Path:
    file = directory / name
    file.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return file


def texts(source) -> list[str]:
    return [block.text for block in source.blocks]


def lines(text: str) -> list[str]:
    """What a text file's blocks hold: its lines with anything in them, stripped."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def line_of(content: str, startswith: str) -> int:
    """1-based number of the first line of `content` that starts with `startswith`."""
    return next(n for n, line in enumerate(content.split("\n"), 1) if line.startswith(startswith))


def test_there_are_five_samples():
    assert len(SAMPLES) == 5


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_encoded_sample_decodes_to_the_utf8_text(tmp_path, sample, encoding):
    original = sample.read_text(encoding="utf-8")
    file = write(tmp_path, "report.txt", original.encode(encoding))
    source = read_source(file, tmp_path)
    assert texts(source) == lines(original)
    # Each block says which line of the file it is.
    assert [original.split("\n")[b.line - 1].strip() for b in source.blocks] == texts(source)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "utf-8-sig"])
def test_crlf_newlines_are_normalised(tmp_path, encoding):
    original = sample_text("001")
    file = write(tmp_path, "report.txt", original.replace("\n", "\r\n").encode(encoding))
    source = read_source(file, tmp_path)
    assert not any("\r" in text for text in texts(source))
    assert texts(source) == lines(original)


def test_bare_cr_newlines_are_normalised(tmp_path):
    original = sample_text("004")
    file = write(tmp_path, "report.txt", original.replace("\n", "\r").encode("gb18030"))
    assert texts(read_source(file, tmp_path)) == lines(original)


def test_path_is_relative_to_root_with_forward_slashes(tmp_path):
    (tmp_path / "sub").mkdir()
    file = write(tmp_path / "sub", "report.txt", sample_text("002"))
    assert read_source(file, tmp_path).path == "sub/report.txt"


# --- .md front matter ------------------------------------------------------------------

FRONT_MATTER = """---
title: 党组书记抓党建工作报告
year: 2023
unit: 某某区民政局党组
type: 工作报告
tags: [主题教育, 自定义]
---
党组书记抓党建工作报告
今年以来，党组深入学习贯彻党的二十大精神。
"""


def test_md_front_matter_fields_are_read(tmp_path):
    source = read_source(write(tmp_path, "report.md", FRONT_MATTER), tmp_path)
    assert source.fields == {
        "title": "党组书记抓党建工作报告",
        "year": 2023,
        "unit": "某某区民政局党组",
        "type": "工作报告",
        "tags": ["主题教育", "自定义"],
    }


def test_md_body_excludes_front_matter(tmp_path):
    source = read_source(write(tmp_path, "report.md", FRONT_MATTER), tmp_path)
    assert texts(source) == ["党组书记抓党建工作报告", "今年以来，党组深入学习贯彻党的二十大精神。"]


def test_md_body_line_is_the_file_line_where_the_body_starts(tmp_path):
    source = read_source(write(tmp_path, "report.md", FRONT_MATTER), tmp_path)
    assert source.body_line == line_of(FRONT_MATTER, "党组书记抓党建工作报告")


def test_md_field_lines_are_file_lines(tmp_path):
    source = read_source(write(tmp_path, "report.md", FRONT_MATTER), tmp_path)
    for key in ("title", "year", "unit", "type", "tags"):
        assert source.field_lines[key] == line_of(FRONT_MATTER, f"{key}:")


def test_md_front_matter_with_crlf_and_bom(tmp_path):
    data = FRONT_MATTER.replace("\n", "\r\n").encode("utf-8-sig")
    source = read_source(write(tmp_path, "report.md", data), tmp_path)
    assert source.fields["year"] == 2023
    assert source.body_line == line_of(FRONT_MATTER, "党组书记抓党建工作报告")


def test_md_without_front_matter_is_all_body(tmp_path):
    text = sample_text("002")
    source = read_source(write(tmp_path, "report.md", text), tmp_path)
    assert source.fields == {}
    assert texts(source) == lines(text)
    assert source.body_line == 1


BAD_FRONT_MATTER = {
    # name: (front matter lines, the bad line's number in the file)
    "mapping-in-value": (["---", "title: 报告", "year: 2023", "unit: 某局: 党委", "type: 工作报告", "---"], 4),
    "tab-indent": (["---", "title: 报告", "\tyear: 2023", "---"], 3),
    "unclosed-quote": (["---", "year: 2023", 'title: "报告', "unit: 某局", "---"], 3),
    "unclosed-list": (["---", "title: 报告", "tags: [主题教育, 理论学习", "year: 2023", "---"], 3),
}


@pytest.mark.parametrize("case", BAD_FRONT_MATTER, ids=list(BAD_FRONT_MATTER))
def test_invalid_front_matter_error_points_at_the_bad_line(tmp_path, case):
    lines, bad_line = BAD_FRONT_MATTER[case]
    file = write(tmp_path, "report.md", "\n".join(lines + ["正文第一段。"]))
    with pytest.raises(InputError) as caught:
        read_source(file, tmp_path)
    assert caught.value.path == "report.md"
    assert caught.value.line == bad_line
    assert CHINESE.search(caught.value.message)


def test_front_matter_without_closing_marker_is_an_error(tmp_path):
    file = write(tmp_path, "report.md", "---\ntitle: 报告\nyear: 2023\n正文第一段。\n")
    with pytest.raises(InputError) as caught:
        read_source(file, tmp_path)
    assert CHINESE.search(caught.value.message)


# --- sidecar ---------------------------------------------------------------------------

SIDECAR = """# 由人工核对
year: 2021
unit: 某某市财政局党组
"""


def test_sidecar_values_override_front_matter(tmp_path):
    md = write(tmp_path, "report.md", FRONT_MATTER)
    write(tmp_path, "report.yml", SIDECAR)
    source = read_source(md, tmp_path)
    assert source.fields["year"] == 2021
    assert source.fields["unit"] == "某某市财政局党组"
    assert source.fields["type"] == "工作报告"  # only in the front matter: kept


def test_sidecar_field_files_and_lines_point_into_the_sidecar(tmp_path):
    md = write(tmp_path, "report.md", FRONT_MATTER)
    write(tmp_path, "report.yml", SIDECAR)
    source = read_source(md, tmp_path)
    assert source.field_files["year"] == "report.yml"
    assert source.field_files["unit"] == "report.yml"
    assert source.field_lines["year"] == line_of(SIDECAR, "year:")
    assert source.field_lines["unit"] == line_of(SIDECAR, "unit:")


def test_front_matter_fields_not_in_sidecar_still_point_into_the_md(tmp_path):
    md = write(tmp_path, "report.md", FRONT_MATTER)
    write(tmp_path, "report.yml", SIDECAR)
    source = read_source(md, tmp_path)
    assert source.field_files.get("type", "report.md") == "report.md"
    assert source.field_lines["type"] == line_of(FRONT_MATTER, "type:")


def test_sidecar_beside_a_txt(tmp_path):
    txt = write(tmp_path, "report.txt", sample_text("000"))
    write(tmp_path, "report.yml", SIDECAR.encode("gbk"))
    source = read_source(txt, tmp_path)
    assert source.fields == {"year": 2021, "unit": "某某市财政局党组"}
    assert texts(source) == lines(sample_text("000"))


def test_invalid_sidecar_error_names_the_sidecar_and_line(tmp_path):
    txt = write(tmp_path, "report.txt", sample_text("000"))
    write(tmp_path, "report.yml", "year: 2021\nunit: 某局: 党委\n")
    with pytest.raises(InputError) as caught:
        read_source(txt, tmp_path)
    assert caught.value.path == "report.yml"
    assert caught.value.line == 2


# --- .docx -----------------------------------------------------------------------------


def make_docx(file: Path, build) -> Path:
    document = docx.Document()
    build(document)
    document.save(str(file))
    return file


def basic_docx(document):
    document.add_paragraph("党组书记抓党建工作报告", style="Title")
    document.add_paragraph("今年以来，党组深入学习贯彻党的二十大精神。")
    document.add_paragraph("上年度整改情况", style="Heading 1")
    document.add_paragraph("针对“为民服务的宗旨意识还有欠缺”问题，我积极响应政策要求。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "项目"
    table.cell(0, 1).text = "次数"
    table.cell(1, 0).text = "集中学习"
    table.cell(1, 1).text = "12"
    document.add_paragraph("学习入脑入心入行", style="Heading 2")
    document.add_paragraph("我坚持读原著、学原文、悟原理。")


def test_docx_blocks_come_in_order_with_their_kinds(tmp_path):
    source = read_source(make_docx(tmp_path / "report.docx", basic_docx), tmp_path)
    assert [(b.kind, b.level, b.text) for b in source.blocks] == [
        ("title", 0, "党组书记抓党建工作报告"),
        ("paragraph", 0, "今年以来，党组深入学习贯彻党的二十大精神。"),
        # Heading 1 is the top outline level of the page (一、 = 2), Heading 2 the next (（一） = 3).
        ("heading", 2, "上年度整改情况"),
        ("paragraph", 0, "针对“为民服务的宗旨意识还有欠缺”问题，我积极响应政策要求。"),
        ("table", 0, "项目\t次数\n集中学习\t12"),
        ("heading", 3, "学习入脑入心入行"),
        ("paragraph", 0, "我坚持读原著、学原文、悟原理。"),
    ]
    lines = [b.line for b in source.blocks]
    assert lines == sorted(set(lines))


def test_docx_heading_after_a_table_cell_of_two_paragraphs(tmp_path):
    def build(document):
        document.add_paragraph("主要工作情况", style="Heading 1")
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "学习"
        cell = table.cell(0, 1)
        cell.text = "集中学习12次"
        cell.add_paragraph("专题研讨6次")
        document.add_paragraph("存在不足", style="Heading 1")
        document.add_paragraph("党员管理还存在盲区。")

    source = read_source(make_docx(tmp_path / "report.docx", build), tmp_path)
    assert [(b.kind, b.level) for b in source.blocks] == [("heading", 2), ("table", 0), ("heading", 2), ("paragraph", 0)]
    assert "专题研讨6次" in source.blocks[1].text


def test_docx_sidecar_applies(tmp_path):
    file = make_docx(tmp_path / "report.docx", basic_docx)
    write(tmp_path, "report.yml", "year: 2023\n")
    source = read_source(file, tmp_path)
    assert source.fields == {"year": 2023}
    assert source.field_files["year"] == "report.yml"


def test_junk_named_docx_is_an_input_error(tmp_path):
    file = write(tmp_path, "report.docx", random.Random(7).randbytes(3000))
    with pytest.raises(InputError) as caught:
        read_source(file, tmp_path)
    assert CHINESE.search(caught.value.message)


# --- bad input -------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\r\n\t\n"], ids=["empty", "whitespace"])
def test_empty_file_is_an_input_error_in_chinese(tmp_path, data):
    file = write(tmp_path, "report.txt", data)
    with pytest.raises(InputError) as caught:
        read_source(file, tmp_path)
    assert caught.value.path == "report.txt"
    assert caught.value.line == 1
    assert CHINESE.search(caught.value.message)


def zip_holding(name: str) -> bytes:
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr(name, "<workbook/>")
    return data.getvalue()


JUNK = {
    "random": random.Random(1).randbytes(4000),
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(2).randbytes(3000),
    "zip": b"PK\x03\x04\x14\x00\x06\x00" + random.Random(3).randbytes(3000),
    "nul-bytes": b"\x00" * 2048,
}


@pytest.mark.parametrize("name", JUNK, ids=list(JUNK))
def test_binary_junk_is_an_input_error_in_chinese(tmp_path, name):
    file = write(tmp_path, "report.txt", JUNK[name])
    with pytest.raises(InputError) as caught:
        read_source(file, tmp_path)
    assert caught.value.path == "report.txt"
    assert CHINESE.search(caught.value.message)


def test_unsupported_format_is_an_input_error(tmp_path):
    file = write(tmp_path, "report.docx", zip_holding("xl/workbook.xml"))
    with pytest.raises(InputError) as caught:
        read_source(file, tmp_path)
    assert CHINESE.search(caught.value.message)


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_a_few_invalid_utf8_bytes_are_an_error_naming_the_line(tmp_path, sample):
    original = sample.read_text(encoding="utf-8")
    lines = original.split("\n")
    bad = 4  # 1-based line that gets the damage
    data = "\n".join(lines[: bad - 1]).encode("utf-8") + b"\n"
    data += lines[bad - 1][:5].encode("utf-8") + b"\xff\xfe" + lines[bad - 1][5:].encode("utf-8") + b"\n"
    data += "\n".join(lines[bad:]).encode("utf-8")
    # A damaged copy is refused where it is damaged, rather than published with holes.
    with pytest.raises(InputError) as raised:
        read_source(write(tmp_path, "report.txt", data), tmp_path)
    assert (raised.value.path, raised.value.line) == ("report.txt", bad)
    assert CHINESE.search(raised.value.message)
