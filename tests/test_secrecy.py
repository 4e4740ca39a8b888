"""保密审查: the detectors one by one (valid and invalid, hostile forms), the clearance, and the
gate through the command line and a real strict MkDocs build, masking included."""

from __future__ import annotations

import datetime
import gzip
import json
import re
import subprocess
import sys

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from builder.model import Source
from builder.secrecy import load_secrecy, read_clearance, scan_line
from conftest import mkdocs_build

RULES = load_secrecy()
REGIONS = sorted(RULES.regions)
WIDE_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def id_check(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of a 身份证号, worked out from the standard."""
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(first17))
    return "10X98765432"[total % 11]


def luhn_digit(body: str) -> str:
    """The digit that makes `body` + it pass Luhn."""
    for digit in "0123456789":
        number = body + digit
        total = sum(int(d) if i % 2 == 0 else (2 * int(d) - 9 if int(d) > 4 else 2 * int(d)) for i, d in enumerate(reversed(number)))
        if total % 10 == 0:
            return digit
    raise AssertionError


USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc_check(first17: str) -> str:
    """The check character of a 统一社会信用代码 (GB 32100)."""
    return USCC_CHARS[(31 - sum(USCC_CHARS.index(c) * (3**i % 31) for i, c in enumerate(first17)) % 31) % 31]


def kinds(line: str, **where) -> list[str]:
    return [finding.kind for finding in scan_line(line, RULES, **where)]


birth_dates = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today())
id_numbers = st.builds(
    lambda region, rest, born, serial: f"{region}{rest:04d}{born:%Y%m%d}{serial:03d}",
    st.sampled_from(REGIONS),
    st.integers(0, 9999),
    birth_dates,
    st.integers(0, 999),
).map(lambda first17: first17 + id_check(first17))
mobiles = st.builds(lambda second, rest: f"1{second}{rest:09d}", st.sampled_from("3456789"), st.integers(0, 10**9 - 1))
cards = st.builds(lambda prefix, rest, length: (prefix + f"{rest:019d}")[: length - 1], st.sampled_from(["62", "4", "51", "3", "95"]), st.integers(0, 10**19 - 1), st.integers(13, 19)).map(
    lambda body: body + luhn_digit(body)
)
text_around = st.sampled_from(["", "联系电话：", "他的号码是", "（", "电话 "]), st.sampled_from(["", "。", "）", "，请核实", " 转办公室"])


# --- 身份证号 ------------------------------------------------------------------------------


@given(id_numbers, *text_around)
def test_a_valid_id_number_is_found_and_masked_to_its_first_six_and_last_four(number, before, after):
    found = scan_line(before + number + after, RULES)
    assert [f.kind for f in found] == ["id_card"]
    assert found[0].text == number
    assert found[0].masked == number[:6] + "*" * 8 + number[-4:]


@given(id_numbers)
def test_an_id_number_with_a_wrong_check_character_is_not_one(number):
    for wrong in "0123456789X":
        if wrong != number[-1]:
            assert "id_card" not in kinds(number[:-1] + wrong)


@given(id_numbers)
def test_an_id_number_written_full_width_split_or_with_a_small_x_is_found(number):
    for form in (number.translate(WIDE_DIGITS), f"{number[:6]} {number[6:14]} {number[14:]}", f"{number[:6]}-{number[6:14]}-{number[14:]}", number.lower()):
        assert kinds(f"身份证号码：{form}。") == ["id_card"], form


@given(id_numbers, st.sampled_from("0123456789"))
def test_an_id_number_inside_a_longer_run_of_digits_is_not_one(number, digit):
    assert "id_card" not in kinds(digit + number)
    assert "id_card" not in kinds(number + digit)


def test_an_id_number_needs_a_birth_date_that_has_been_and_a_province():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    for first17 in ("11010519990230123", f"110105{tomorrow:%Y%m%d}123", "11010518991231123", "99010519900307123", "11010519901307123"):
        assert kinds(first17 + id_check(first17)) == []


# --- mobile numbers ------------------------------------------------------------------------


@given(mobiles, *text_around)
def test_a_mobile_number_is_found_in_every_usual_form_and_masked_to_its_first_three_and_last_four(number, before, after):
    a, b, c = number[:3], number[3:7], number[7:]
    for form in (number, f"{a} {b} {c}", f"{a}-{b}-{c}", f"{a}{b} {c}", f"+86 {number}", f"+86-{a}-{b}-{c}", f"0086{number}", f"（+86）{number}", f"86{number}", number.translate(WIDE_DIGITS), f"{a}\u3000{b}\u3000{c}"):
        found = scan_line(before + form + after, RULES)
        assert [f.kind for f in found] == ["mobile"], form
        digits = re.sub(r"\D", "", found[0].masked.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
        assert digits == a + c and found[0].masked.count("*") == 4


@given(mobiles, st.sampled_from("0123456789"))
def test_a_mobile_number_inside_a_longer_run_of_digits_is_not_one(number, digit):
    assert "mobile" not in kinds(digit + number + "号")
    assert "mobile" not in kinds(number + digit)


@pytest.mark.parametrize(
    "line",
    [
        "2023年11月30日",
        "2023-11-30 14:05",
        "20231130",
        "某组〔2023〕1312号",
        "市委办发〔2021〕138号文件精神",
        "固定电话 010-12345678",
        "0512-68123456",
        "开展活动12次，覆盖党员1388人次，投入资金13812万元",
        "12812345678",  # no mobile starts 12
        "全年共接待来访群众 2 138 人次，办结 1234 件",
        "序号 1 2 3 4 5 6 7 8 9 10 11",
        "统一社会信用代码 91110000717801203Y",
    ],
)
def test_dates_document_numbers_counts_and_landlines_are_no_personal_data(line):
    assert kinds(line) == []


# --- bank cards -----------------------------------------------------------------------------


@given(cards, *text_around)
def test_a_luhn_valid_card_number_is_found_whole_or_in_groups_of_four_and_masked_to_its_last_four(number, before, after):
    assume(not any(f.kind == "id_card" for f in scan_line(number, RULES)))
    assume(len(number) != 18 or uscc_check(number[:17]) != number[17])  # see the test of those below
    for form in (number, " ".join(number[i : i + 4] for i in range(0, len(number), 4)), number.translate(WIDE_DIGITS)):
        found = scan_line(before + form + after, RULES)
        assert [f.kind for f in found] == ["bank_card"], form
        assert found[0].masked.replace(" ", "") == "*" * (len(number) - 4) + form.replace(" ", "")[-4:]


@given(cards)
def test_a_card_number_that_fails_luhn_is_not_one(number):
    for wrong in "0123456789":
        if wrong != number[-1]:
            assert "bank_card" not in kinds(number[:-1] + wrong)


@given(st.integers(10**12, 10**19 - 1))
def test_long_numbers_that_begin_like_a_date_or_a_mobile_are_no_cards(rest):
    for prefix in ("19", "20", "1"):
        body = (prefix + str(rest))[:18]
        assert "bank_card" not in kinds(body + luhn_digit(body))


def test_a_unified_social_credit_code_of_digits_only_is_no_card():
    # 统一社会信用代码 with its GB 32100 check character: an organisation, not a person.
    codes = []
    for serial in range(100, 200):
        body = f"51110000500012{serial}"
        if uscc_check(body).isdigit():
            codes.append(body + uscc_check(body))
    # Some of them pass Luhn too, by chance: they would be cards but for the check.
    assert any(luhn_digit(code[:-1]) == code[-1] for code in codes)
    for code in codes:
        assert kinds(f"社会组织统一社会信用代码：{code}") == []


# --- classification marks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "秘密★1年",
        "机密★十年",
        "绝密★长期",
        "秘密 ★ 6个月",
        "秘密★2030年12月31日前",
        "机密",
        "绝密",
        "密级：秘密",
        "【秘密】",
        "份号 000123　秘密★1年　特急",
        "000123 机密★5年",
        "内部资料 注意保存",
        "内部资料，注意保存",
        "【内部文件 不得外传】",
        "仅供内部参考",
        "秘密＊1年",
        "秘　密★1年",
        "机 密",
        "内部资料，请注意保存",
        "会后收回",
    ],
)
def test_a_line_of_nothing_but_marks_is_a_mark_anywhere(line):
    assert kinds(line) == ["marks"]
    assert kinds(line, top=True) == ["marks"]


@pytest.mark.parametrize(
    "line",
    [
        "秘密★1年关于2023年度党建工作情况的报告",
        "某某市档案局文件　　　　机密★1年",
        "秘密　关于2023年度党建工作情况的报告",
        "2023年度党建工作总结　内部资料",
    ],
)
def test_at_the_top_a_mark_at_the_start_or_the_end_of_a_line_is_a_mark(line):
    assert kinds(line, top=True) == ["marks"]
    assert kinds(line) == []


@pytest.mark.parametrize(
    "line",
    [
        "保守秘密，慎之又慎",
        "严格落实保密工作责任制",
        "加强对商业机密的保护",
        "对标注“秘密★”的文件进行清理，做到涉密文件不得外传",
        "2023年度保密工作总结",
        "二、保守国家秘密",
        "（三）内部资料管理",
        "秘密文件一律不得带出机关",
        "涉密人员签订保密承诺书",
        "机密、秘密文件的收发登记",
        "秘密无小事，我们要时刻绷紧保密这根弦",
        "妥善保管档案资料，会后收回涉密文件",
        "（三）会后收回",
    ],
)
def test_a_level_in_running_text_is_no_mark_even_at_the_top(line):
    assert kinds(line) == []
    assert kinds(line, top=True) == []


WORDS = "的是在工作保守国家商业信息管理加强党员干部教育落实制度要求严格"
RUNNING_TEXT = st.text(alphabet=WORDS + "，。、", max_size=20)


@given(RUNNING_TEXT, st.sampled_from(WORDS), st.sampled_from(["绝密", "机密", "秘密", "秘密★", "内部资料", "不得外传"]), st.sampled_from(WORDS), RUNNING_TEXT)
def test_a_mark_inside_a_sentence_is_never_one_even_at_the_top(before, left, word, right, after):
    # Written into the words around it: 保守秘密工作, 商业机密的保护, 严格要求不得外传的.
    line = before + left + word + right + after
    assert kinds(line) == [] and kinds(line, top=True) == []


def test_a_tables_header_of_levels_is_no_mark_but_in_a_tables_version_at_the_top_it_is():
    row = "密级\t绝密\t机密\t秘密"
    assert kinds("类别\t绝密\t机密\t秘密", in_table=True) == []
    assert kinds("绝密\t机密\t秘密", in_table=True) == []
    assert kinds("绝密\t机密\t秘密", in_table=True, top=True) == ["marks"]
    assert kinds(row, in_table=True) == ["marks"]  # 密级 is a mark's label, not a column's


# --- rules of a project ----------------------------------------------------------------------


def test_a_projects_rules_switch_checks_off_add_patterns_and_mask(tmp_path):
    extra = tmp_path / "secrecy.yml"
    extra.write_text(
        "checks:\n  mobile: false\nmask: true\npatterns:\n"
        "  - name: staff-number\n    pattern: '工号\\s*(?P<value>[A-Z][0-9]{6})'\n    description: 工号\n    mask: true\n    keep: [1, 2]\n"
        "  - name: codename\n    pattern: '代号“[^”]+”'\n    description: 项目代号\n"
        "  - name: passport\n    enabled: false\n",
        encoding="utf-8",
    )
    rules = load_secrecy(extra)
    assert rules.mask and "mobile" not in rules.checks and "id_card" in rules.checks
    assert [f.kind for f in scan_line("手机 13812345678", rules)] == []
    staff = scan_line("工号 Ｋ１２３４５６ 的同志", rules)
    assert [(f.kind, f.masked, f.personal) for f in staff] == [("staff-number", "Ｋ****５６", True)]
    assert [(f.kind, f.personal) for f in scan_line("参与代号“长风”项目", rules)] == [("codename", False)]
    assert scan_line("护照号码 E12345678", rules) == []
    assert [f.kind for f in scan_line("护照号码 E12345678", RULES)] == ["passport"]
    assert rules.fingerprint != RULES.fingerprint


@pytest.mark.parametrize(
    "text, named",
    [
        ("patterns:\n  - name: broken\n    pattern: '(['\n", "broken"),  # a pattern of its own
        ("marks: 5\n", "保密审查规则有误"),  # the shipped rules' marks, replaced by what they cannot be
    ],
)
def test_a_broken_rules_file_is_reported_with_its_path(tmp_path, text, named):
    from builder.model import InputError

    extra = tmp_path / "secrecy.yml"
    extra.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_secrecy(extra)
    assert str(extra) in str(error.value) and named in str(error.value)


# --- clearance -------------------------------------------------------------------------------


def source_with(cleared) -> Source:
    return Source("source_reports/a.txt", fields={"cleared": cleared}, field_lines={"cleared": 7}, field_files={"cleared": "source_reports/a.yml"})


@pytest.mark.parametrize(
    "cleared",
    [
        "张三",
        {"by": "张三"},
        {"date": datetime.date(2026, 1, 5)},
        {"by": "", "date": datetime.date(2026, 1, 5)},
        {"by": "张三", "date": "昨天"},
        {"by": "张三", "date": datetime.date.today() + datetime.timedelta(days=3)},
        {"by": "张三", "date": datetime.date(2026, 1, 5), "findings": "138****5678"},
        {"by": "张三", "date": datetime.date(2026, 1, 5), "findings": []},
        {"by": "张三", "date": datetime.date(2026, 1, 5), "when": "now"},
    ],
)
def test_a_clearance_of_the_wrong_shape_is_an_error_where_it_is_written(cleared):
    clearance, problems = read_clearance(source_with(cleared))
    assert clearance is None
    assert [(p.path, p.line, p.severity) for p in problems] == [("source_reports/a.yml", 7, "error")]
    assert "cleared" in problems[0].message


def test_a_clearance_names_who_and_when_and_optionally_what():
    clearance, problems = read_clearance(source_with({"by": " 张三 ", "date": "2026-01-05", "findings": ["138****5678", 13912345678]}))
    assert problems == []
    assert (clearance.by, clearance.date, clearance.findings) == ("张三", datetime.date(2026, 1, 5), ("138****5678", "13912345678"))


# --- through the command line and MkDocs --------------------------------------------------------

ID_NUMBER = "11010519491231002" + id_check("11010519491231002")
REPORT = """2023年度区档案局党支部工作总结
2023年，区档案局党支部在区直机关工委的指导下，认真落实全面从严治党主体责任，严格落实保密工作责任制。
一、加强理论学习。支部坚持“三会一课”制度，全年开展集中学习12次，专题研讨4次。
二、规范组织生活。开展谈心谈话36人次，收缴党费8600元，做好保守秘密教育。
三、困难党员帮扶。帮扶对象王某某，身份证号{id}，联系电话 139 0571 2468，银行卡 6222 0212 3456 7894。
四、存在问题。一是学习形式较为单一，二是档案数字化工作推进不够快。
"""


def report_archive(project, *args):
    return subprocess.run([sys.executable, "-m", "builder.cli", "--root", str(project), *args], capture_output=True, text=True)


def write_report(project, name: str, text: str):
    path = project / "source_reports" / name
    path.write_text(text, encoding="utf-8")
    return path


def site_texts(site) -> dict:
    """Everything the site publishes, gzip files unpacked, by file."""
    texts = {}
    for file in site.rglob("*"):
        if file.is_file():
            data = file.read_bytes()
            texts[file] = (gzip.decompress(data) if file.suffix == ".gz" else data).decode("utf-8", errors="replace")
    return texts


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_check_and_a_strict_build_refuse_a_marked_report_until_it_is_cleared(project, tmp_path):
    assert luhn_digit("622202123456789") == "4"  # the card in REPORT is a valid one
    write_report(project, "marked.txt", "秘密★1年\n" + REPORT.format(id=ID_NUMBER))
    checked = report_archive(project, "check")
    assert checked.returncode == 1
    errors = checked.stderr
    assert re.search(r"^source_reports/marked\.txt:1: 保密审查：密级标志“秘密★1年”.*（错误）$", errors, re.M), errors
    assert re.search(rf"^source_reports/marked\.txt:6: 保密审查：身份证号“{ID_NUMBER[:6]}\*{{8}}{ID_NUMBER[-4:]}”", errors, re.M), errors
    assert "source_reports/marked.txt:6: 保密审查：手机号“139 **** 2468”" in errors
    assert "source_reports/marked.txt:6: 保密审查：银行卡号“**** **** **** 7894”" in errors
    assert "保守秘密" not in errors and "保密工作" not in errors
    assert "由审查人在报告同名的 .yml（或 .md 的 front matter）中写明 cleared" in errors  # how to clear, once
    assert errors.count("写明 cleared") == 1
    # The messages show what was found masked: a CI log keeps no personal data.
    assert ID_NUMBER not in checked.stdout + errors and "0571 2468" not in errors

    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode != 0
    assert "source_reports/marked.txt:1: 保密审查" in built.stderr

    (project / "source_reports" / "marked.yml").write_text(
        f"cleared:\n  by: 张三\n  date: {datetime.date.today()}\n  reason: 帮扶名单经本人同意公开\n", encoding="utf-8"
    )
    assert report_archive(project, "check").returncode == 0
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    page = (site / "reports" / "marked" / "index.html").read_text("utf-8")
    assert ID_NUMBER in page and "秘密★1年" in page


def test_a_clearance_that_lists_findings_clears_those_only(project):
    write_report(project, "listed.txt", REPORT.format(id=ID_NUMBER))
    sidecar = project / "source_reports" / "listed.yml"
    sidecar.write_text(f"year: 2023\ncleared:\n  by: 张三\n  date: {datetime.date.today()}\n  findings: [\"139****2468\", \"{ID_NUMBER}\", 139****0000]\n", encoding="utf-8")
    checked = report_archive(project, "check")
    assert checked.returncode == 1
    lines = [line for line in checked.stderr.splitlines() if line.startswith("source_reports/listed.txt")]
    assert len(lines) == 1 and lines[0].startswith("source_reports/listed.txt:5: 保密审查：银行卡号"), checked.stderr
    assert "source_reports/listed.yml:2: cleared 的 findings 中“139****0000”在报告中没有找到" in checked.stderr

    sidecar.write_text("cleared:\n  by: 张三\n  date: 明天\n", encoding="utf-8")
    checked = report_archive(project, "check")
    assert re.search(r"^source_reports/listed\.yml:1: .*cleared 的 date 应为审查日期", checked.stderr, re.M), checked.stderr


def test_add_refuses_personal_data_with_a_hint_and_adds_it_cleared_by_a_reviewer(project, tmp_path):
    original = tmp_path / "档案局总结.txt"
    original.write_text(REPORT.format(id=ID_NUMBER), encoding="utf-8")
    before = sorted(p.name for p in (project / "source_reports").iterdir())
    refused = report_archive(project, "add", str(original))
    assert refused.returncode == 1
    assert re.search(rf"{re.escape(str(original))}:5: 保密审查：身份证号", refused.stderr), refused.stderr
    assert "add --cleared --by" in refused.stderr
    assert sorted(p.name for p in (project / "source_reports").iterdir()) == before

    added = report_archive(project, "add", "--cleared", "--by", "李四", str(original))
    assert added.returncode == 0, added.stderr
    sidecar = next(p for p in (project / "source_reports").glob("*.yml") if p.name not in before)
    cleared = yaml.safe_load(sidecar.read_text("utf-8"))["cleared"]
    assert cleared["by"] == "李四" and cleared["date"] == datetime.date.today()
    assert sorted(cleared["findings"]) == sorted([f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}", "139 **** 2468", "**** **** **** 7894"])
    assert ID_NUMBER not in sidecar.read_text("utf-8")
    assert report_archive(project, "check").returncode == 0

    # A finding that was not there when it was cleared is not cleared.
    copy = sidecar.with_suffix(".txt")
    copy.write_text(copy.read_text("utf-8") + "联系人手机：13912345678\n", encoding="utf-8")
    checked = report_archive(project, "check")
    assert checked.returncode == 1 and f"{copy.relative_to(project).as_posix()}:7: 保密审查：手机号“139****5678”" in checked.stderr


def test_a_finding_in_front_matter_or_a_sidecar_value_is_reported_where_it_is(project):
    write_report(project, "front.md", "---\ntitle: 王某某（13812345678）2023年度述职报告\nyear: 2023\n---\n\n# 述职报告\n\n2023年，我认真履行职责。\n\n一、加强学习。全年参加集中学习12次。\n")
    write_report(project, "side.txt", REPORT.format(id="110105194912310021"))  # no valid check digit
    (project / "source_reports" / "side.yml").write_text("year: 2023\nunit: 内部资料 注意保存\n", encoding="utf-8")
    checked = report_archive(project, "check")
    errors = [line for line in checked.stderr.splitlines() if "保密审查" in line]
    assert any(line.startswith("source_reports/front.md:2: 保密审查：手机号“138****5678”") for line in errors), errors
    assert any(line.startswith("source_reports/side.yml:2: 保密审查：密级标志“内部资料 注意保存”") for line in errors), errors
    assert not any("身份证号" in line for line in errors)


def test_masking_publishes_personal_data_masked_everywhere_and_not_the_original(project, tmp_path):
    (project / "secrecy.yml").write_text("mask: true\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      sources: source_reports\n", "      sources: source_reports\n      secrecy: secrecy.yml\n"), encoding="utf-8")
    write_report(project, "masked.txt", REPORT.format(id=ID_NUMBER))
    (project / "source_reports" / "masked.yml").write_text(
        f"title: 2023年度区档案局党支部工作总结（王某某 139 0571 2468）\ncleared:\n  by: 张三\n  date: {datetime.date.today()}\n  findings: [\"**** **** **** 7894\"]\n", encoding="utf-8"
    )
    write_report(project, "marked.txt", "内部资料 注意保存\n" + REPORT.format(id=ID_NUMBER).replace("区档案局", "区史志办"))

    checked = report_archive(project, "check")
    # The marked report is refused all the same: a mark is never masked away.
    assert checked.returncode == 1
    assert re.search(r"^source_reports/marked\.txt:1: 保密审查：密级标志“内部资料 注意保存”.*（错误）$", checked.stderr, re.M), checked.stderr
    assert re.search(r"^source_reports/masked\.txt:5: 保密审查：身份证号“[^”]+”已在网页中隐去，原件不予发布（警告）$", checked.stderr, re.M), checked.stderr
    assert not re.search(r"^source_reports/masked\.txt.*（错误）$", checked.stderr, re.M), checked.stderr
    (project / "source_reports" / "marked.txt").unlink()

    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    page = (site / "reports" / "masked" / "index.html").read_text("utf-8")
    shown = re.sub(r"<[^>]+>", "", page)  # masks are marked as the placeholders they are
    assert f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}" in shown and "139 **** 2468" in shown
    assert "6222 0212 3456 7894" in page  # cleared by the reviewer: published as written
    assert "原件不提供下载" in page and "download=" not in page
    assert not list((site / "reports" / "masked").glob("original*"))
    for file, text in site_texts(site).items():
        for secret in (ID_NUMBER, "13905712468", "139 0571 2468"):
            assert secret not in text, file
        if file.suffix in (".html", ".json", ".csv", ".gz"):  # not in another layout either
            assert ID_NUMBER[:-1] not in digits_of(re.sub(r"<[^>]+>", "", text)) and "13905712468" not in digits_of(re.sub(r"<[^>]+>", "", text)), file
    catalog = {row["id"]: row for row in json.loads((site / "catalog.json").read_text("utf-8"))}
    assert catalog["masked"]["title"] == "2023年度区档案局党支部工作总结（王某某 139 **** 2468）"
    assert "139 **** 2468" in (site / "catalog.csv").read_text("utf-8-sig")
    index = site / "search-index"
    texts = [gzip.decompress(f.read_bytes()).decode("utf-8") for f in index.rglob("*.gz") if "text" in f.relative_to(index).parts]
    assert any(f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}" in text and "139 **** 2468" in text for text in texts)


def test_a_change_of_the_rules_redoes_the_cached_reports(project):
    assert report_archive(project, "check").returncode == 0  # fills the cache
    (project / "secrecy.yml").write_text("patterns:\n  - name: theme\n    pattern: '主题教育'\n    description: 测试用的词\n", encoding="utf-8")
    checked = report_archive(project, "--secrecy", str(project / "secrecy.yml"), "check")
    assert checked.returncode == 1 and "保密审查：测试用的词“主题教育”" in checked.stderr


# --- documents and corpora ----------------------------------------------------------------------


def test_a_word_files_marks_and_table_cells_are_found_by_paragraph_and_masked_in_its_cells(tmp_path):
    import docx

    from builder.build import Project, load_report

    sources = tmp_path / "source_reports"
    sources.mkdir()
    document = docx.Document()
    document.add_paragraph("机密★5年")
    document.add_paragraph("2023年度区统计局机关党委述职报告", style="Title")
    document.add_paragraph("2023年，局机关党委坚持以习近平新时代中国特色社会主义思想为指导，严格落实保密工作责任制。")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "姓名", "身份证号"
    table.cell(1, 0).text, table.cell(1, 1).text = "王某某", ID_NUMBER
    document.add_paragraph("下一步，持续加强作风建设。")
    document.save(sources / "word.docx")

    report = load_report(sources / "word.docx", Project.load(tmp_path, sources, cache=False))
    found = [(p.line, p.message.split("“")[0], p.severity) for p in report.problems if p.code == "secrecy"]
    assert found == [(1, "保密审查：密级标志", "error"), (4, "保密审查：身份证号", "error")]

    (tmp_path / "secrecy.yml").write_text("mask: true\n", encoding="utf-8")
    masked = load_report(sources / "word.docx", Project.load(tmp_path, sources, cache=False, secrecy=tmp_path / "secrecy.yml"))
    table = next(block for block in masked.blocks if block.kind == "table")
    assert table.rows[1][1].text == f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}" and ID_NUMBER not in table.text
    assert [p.severity for p in masked.problems if p.code == "secrecy"] == ["error"]  # the mark stays a refusal
    assert not any(name.startswith("original") for name in masked.assets)


def test_the_projects_own_reports_and_generated_corpora_hold_no_finding(tmp_path):
    from builder.build import Project, load_report
    from builder.read import is_source

    from conftest import ROOT

    generated = tmp_path / "generated"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--count", "300", "--out", str(generated), "--seed", "1"], check=True, capture_output=True)
    findings = []
    for folder in (ROOT / "source_reports", ROOT / "benchmarks" / "corpus", generated):
        project = Project.load(folder, folder, cache=False)
        files = [file for file in sorted(folder.rglob("*")) if file.is_file() and is_source(file.name)]
        assert files
        for file in files:
            findings += [str(p) for p in load_report(file, project).problems if p.code.startswith("secrecy")]
    assert findings == []


def test_a_number_in_the_files_name_is_refused_even_when_masking_for_it_becomes_the_address(project):
    (project / "secrecy.yml").write_text("mask: true\n", encoding="utf-8")
    write_report(project, "王某某13905712468.txt", REPORT.format(id="110105194912310021"))
    checked = report_archive(project, "--secrecy", str(project / "secrecy.yml"), "check")
    assert checked.returncode == 1
    assert "source_reports/王某某13905712468.txt:1: 保密审查：文件名或 id 中有手机号“139****2468”" in checked.stderr, checked.stderr
    # In the text, the same number is masked: a warning.
    assert re.search(r"^source_reports/王某某13905712468\.txt:5: 保密审查：手机号“139 \*\*\*\* 2468”已在网页中隐去.*（警告）$", checked.stderr, re.M)
