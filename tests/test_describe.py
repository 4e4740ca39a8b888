"""Describe / build: metadata of a report — extracted, overridden by hand, validated."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from builder.build import Project, collect, load_report
from builder.clean import clean
from builder.model import InputError

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "source_reports").glob("*.txt"))
# The documented placeholder forms (XX, XXX, *****, *次, *名): a run of two or more X, or of *.
PLACEHOLDER = re.compile(r"X{2,}|\*+")


def sample(prefix: str) -> Path:
    return next(s for s in SAMPLES if s.name.startswith(prefix))


def sample_text(prefix: str) -> str:
    return sample(prefix).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def samples_project() -> Project:
    return Project.load(ROOT, ROOT / "source_reports")


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "source_reports").mkdir()
    return Project.load(tmp_path, tmp_path / "source_reports")


def add(project: Project, name: str, content: str | bytes) -> Path:
    file = project.source_dir / name
    file.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return file


def line_of(content: str, startswith: str) -> int:
    return next(n for n, line in enumerate(content.split("\n"), 1) if line.startswith(startswith))


def errors(report):
    return [p for p in report.problems if p.severity == "error"]


def warnings(report):
    return [p for p in report.problems if p.severity == "warning"]


# --- the DESIGN.md table ---------------------------------------------------------------


def is_dangzu(unit):
    return unit is not None and unit.endswith("党组")


def is_ju(unit):
    return unit is not None and unit.endswith("局")


def is_jiguan(unit):
    return unit is not None and unit.startswith("机关") and unit.endswith(("党委", "支部"))


def is_003_unit(unit):
    return unit == "XX党委（党组）"


TABLE = [
    ("000", 2023, "工作报告", is_dangzu),
    ("001", 2022, "情况报告", is_dangzu),
    ("002", 2023, "工作总结", is_ju),
    ("003", 2023, "述职报告", is_003_unit),
    ("004", 2023, "述职报告", is_jiguan),
]


@pytest.mark.parametrize("prefix,year,kind,unit_ok", TABLE, ids=[row[0] for row in TABLE])
def test_sample_metadata_matches_the_design_table(samples_project, prefix, year, kind, unit_ok):
    meta = load_report(sample(prefix), samples_project).meta
    assert meta.year == year
    assert meta.type == kind
    assert unit_ok(meta.unit), meta.unit


@pytest.mark.parametrize("prefix", [row[0] for row in TABLE])
def test_sample_has_no_errors_and_warns_only_of_a_guess(samples_project, prefix):
    problems = load_report(sample(prefix), samples_project).problems
    # 002 names itself only as 我局: its unit is a guess, which check says.
    assert [p.code for p in problems] == (["guess-unit"] if prefix == "002" else [])
    assert all(p.severity == "warning" for p in problems)


@pytest.mark.parametrize("prefix", [row[0] for row in TABLE])
def test_sample_title_is_its_first_line(samples_project, prefix):
    meta = load_report(sample(prefix), samples_project).meta
    assert meta.title == sample_text(prefix).split("\n")[0]


@pytest.mark.parametrize("prefix", [row[0] for row in TABLE])
def test_sample_placeholder_count_matches_the_cleaned_text(samples_project, prefix):
    cleaned, _ = clean(sample_text(prefix), samples_project.rules)
    meta = load_report(sample(prefix), samples_project).meta
    assert meta.placeholders == len(PLACEHOLDER.findall(cleaned))


def test_placeholders_in_the_samples_are_counted_at_all(samples_project):
    # 001 writes *****, *次, *名; 003 and 004 write XX and XXX.
    for prefix in ("001", "003", "004"):
        assert load_report(sample(prefix), samples_project).meta.placeholders > 0


def test_placeholder_count_of_a_constructed_report(project):
    text = "XX单位2023年工作总结\n一、主要工作\n开展学习*次，参加*名，XXX同志参加。\n*****党组召开会议。\n"
    report = load_report(add(project, "report.txt", text), project)
    assert report.meta.placeholders == 5


# --- values set by hand ----------------------------------------------------------------


def front_matter(body: str, **fields: str) -> str:
    lines = ["---", *(f"{key}: {value}" for key, value in fields.items()), "---"]
    return "\n".join(lines) + "\n" + body


def test_front_matter_values_win_over_extracted_ones(project):
    content = front_matter(sample_text("002"), year="2021", unit="某某市财政局党组", type="述职报告", title="手写标题")
    meta = load_report(add(project, "report.md", content), project).meta
    assert (meta.year, meta.unit, meta.type, meta.title) == (2021, "某某市财政局党组", "述职报告", "手写标题")


def test_type_synonym_by_hand_is_stored_as_its_type(project):
    content = front_matter(sample_text("000"), type="情况总结")
    meta = load_report(add(project, "report.md", content), project).meta
    assert meta.type == "工作总结"


def test_sidecar_values_win_over_front_matter_and_text(project):
    content = front_matter(sample_text("002"), year="2021", unit="某某市财政局党组")
    file = add(project, "report.md", content)
    add(project, "report.yml", "year: 2020\nunit: 某某区委组织部\n")
    meta = load_report(file, project).meta
    assert (meta.year, meta.unit) == (2020, "某某区委组织部")


def test_sidecar_values_win_for_a_txt(project):
    file = add(project, "report.txt", sample_text("000"))
    add(project, "report.yml", "year: 2019\ntype: 情况报告\nunit: 某某县水利局党组\n")
    meta = load_report(file, project).meta
    assert (meta.year, meta.type, meta.unit) == (2019, "情况报告", "某某县水利局党组")


def test_tags_by_hand_are_kept_alongside_extracted_ones(project):
    content = front_matter(sample_text("000"), tags="[自定义标签]")
    meta = load_report(add(project, "report.md", content), project).meta
    assert "自定义标签" in meta.tags
    assert "主题教育" in meta.tags  # sample 000 speaks of 主题教育 throughout
    assert len(meta.tags) == len(set(meta.tags))


def test_extracted_tags_of_a_sample_come_from_its_text(samples_project):
    meta = load_report(sample("004"), samples_project).meta
    assert "民族团结" in meta.tags  # 004 has a section on 民族团结进步
    assert "主题教育" not in load_report(sample("001"), samples_project).meta.tags  # 001 never says it


# --- validation ------------------------------------------------------------------------


def test_unknown_type_in_front_matter_is_an_error_at_its_line(project):
    content = front_matter(sample_text("000"), year="2023", type="不存在的类型")
    report = load_report(add(project, "report.md", content), project)
    [error] = errors(report)
    assert error.path == "source_reports/report.md"
    assert error.line == line_of(content, "type:")
    assert "不存在的类型" in error.message


def test_unknown_type_in_sidecar_is_an_error_at_its_sidecar_line(project):
    file = add(project, "report.txt", sample_text("000"))
    sidecar = "year: 2023\n# 人工核对\ntype: 不存在的类型\n"
    add(project, "report.yml", sidecar)
    [error] = errors(load_report(file, project))
    assert error.path == "source_reports/report.yml"
    assert error.line == line_of(sidecar, "type:")


@pytest.mark.parametrize("year", ["1800", "2500", "'二〇二三'", "0"], ids=["1800", "2500", "chinese", "zero"])
def test_invalid_year_in_front_matter_is_an_error_at_its_line(project, year):
    content = front_matter(sample_text("000"), title="报告", year=year)
    report = load_report(add(project, "report.md", content), project)
    [error] = errors(report)
    assert error.line == line_of(content, "year:")
    assert report.meta.year == 2023  # the invalid value is not taken


def test_report_without_a_year_warns_and_has_none(project):
    text = "党组书记抓党建工作报告\n一、主要工作\n今年以来，党组深入学习贯彻党的二十大精神。\n"
    report = load_report(add(project, "report.txt", text), project)
    assert report.meta.year is None
    assert errors(report) == []
    assert any("year" in p.message or "年" in p.message for p in warnings(report))


def test_year_given_by_hand_silences_the_warning(project):
    text = "党组书记抓党建工作报告\n一、主要工作\n今年以来，党组深入学习贯彻党的二十大精神。\n"
    file = add(project, "report.txt", text)
    without = warnings(load_report(file, project))
    add(project, "report.yml", "year: 2023\n")
    report = load_report(file, project)
    assert report.meta.year == 2023
    assert len(warnings(report)) == len(without) - 1


def test_collect_skips_a_report_with_an_error_and_keeps_the_others(project):
    add(project, "good.txt", sample_text("002"))
    add(project, "bad.md", front_matter(sample_text("000"), type="不存在的类型"))
    archive = collect(project)
    assert [r.source.path for r in archive.reports] == ["source_reports/good.txt"]
    assert any(p.path == "source_reports/bad.md" and p.severity == "error" for p in archive.problems)


def test_report_that_is_all_promotion_is_an_input_error(project):
    text = "【哒哒素材库】——每天更新材料1000多篇\n欢迎加入“哒哒素材库svip会员”\n##paidend##\n"
    with pytest.raises(InputError):
        load_report(add(project, "report.txt", text), project)


# --- id --------------------------------------------------------------------------------

VALID_URL_PART = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def test_id_from_a_chinese_file_name_is_ascii(project):
    report = load_report(add(project, "党组书记抓党建工作报告.txt", sample_text("000")), project)
    assert report.id.isascii()
    assert VALID_URL_PART.match(report.id)
    assert "dang" in report.id  # pinyin of 党


def test_id_is_stable_when_the_text_changes(project):
    file = add(project, "党组书记抓党建工作报告.txt", sample_text("000"))
    before = load_report(file, project).id
    add(project, "党组书记抓党建工作报告.txt", sample_text("001"))
    assert load_report(file, project).id == before


def test_different_chinese_names_give_different_ids(project):
    first = load_report(add(project, "党组工作报告.txt", sample_text("000")), project).id
    second = load_report(add(project, "党委工作报告.txt", sample_text("000")), project).id
    assert first != second


def test_sample_ids_are_their_file_names(samples_project):
    for file in SAMPLES:
        assert load_report(file, samples_project).id == file.stem


# --- .docx through the pipeline --------------------------------------------------------


def save_docx(file: Path, paragraphs: list[tuple[str, str | None]]) -> Path:
    document = docx.Document()
    for text, style in paragraphs:
        document.add_paragraph(text, style=style)
    document.save(str(file))
    return file


def test_docx_headings_come_from_word_styles(project):
    file = save_docx(
        project.source_dir / "report.docx",
        [
            ("2023年度党建工作总结", "Title"),
            ("今年以来，我局深入学习贯彻党的二十大精神。", None),
            ("主要工作", "Heading 1"),
            ("全年集中学习12次。", None),
        ],
    )
    report = load_report(file, project)
    assert report.meta.title == "2023年度党建工作总结"
    assert [(b.kind, b.text) for b in report.blocks if b.kind == "heading"] == [("heading", "主要工作")]


def test_docx_headings_stay_on_their_paragraphs_when_a_promotion_line_is_cleaned(project):
    file = save_docx(
        project.source_dir / "report.docx",
        [
            ("2023年度党建工作总结", "Title"),
            ("【哒哒素材库】——每天更新材料1000多篇内部高质量素材", None),
            ("今年以来，我局深入学习贯彻党的二十大精神。", None),
            ("主要工作", "Heading 1"),
            ("全年集中学习12次。", None),
        ],
    )
    report = load_report(file, project)
    assert [(b.kind, b.level, b.text) for b in report.blocks] == [
        ("title", 0, "2023年度党建工作总结"),
        ("paragraph", 0, "今年以来，我局深入学习贯彻党的二十大精神。"),
        ("heading", 2, "主要工作"),
        ("paragraph", 0, "全年集中学习12次。"),
    ]
