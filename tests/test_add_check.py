"""Adding reports with `report-archive add` and checking the archive with `report-archive check`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import docx
import yaml

from conftest import ROOT, mkdocs_build

SAMPLE = ROOT / "source_reports" / "002_f507f32534401310.txt"
NEW_REPORT = """2021年度区档案局党支部工作总结
2021年，区档案局党支部在区直机关工委的指导下，认真落实全面从严治党主体责任。##paidbegin##
一、加强理论学习。支部坚持“三会一课”制度，全年开展集中学习12次，专题研讨4次。
二、规范组织生活。严格执行谈心谈话制度，开展谈心谈话36人次，收缴党费8600元。
三、存在问题。一是学习形式较为单一，二是档案数字化工作推进不够快。
【公众号：档案材料库】，每日更新
"""


def report_archive(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "builder.cli", "--root", str(project), *args], capture_output=True, text=True
    )


def make_docx(path):
    document = docx.Document()
    document.add_paragraph("2022年度区统计局机关党委述职报告", style="Title")
    document.add_paragraph("2022年，局机关党委坚持以习近平新时代中国特色社会主义思想为指导，扎实推进党建工作。")
    document.add_paragraph("主要工作", style="Heading 1")
    document.add_paragraph("全年开展主题党日活动10次，组织党员志愿服务活动8次。")
    document.add_paragraph("下一步打算", style="Heading 1")
    document.add_paragraph("持续加强作风建设，推动党建与统计业务深度融合。")
    document.save(path)


def test_added_reports_pass_check_and_are_published(project, tmp_path):
    gbk = tmp_path / "档案局总结.txt"
    gbk.write_bytes(NEW_REPORT.replace("\n", "\r\n").encode("gbk"))
    word = tmp_path / "统计局述职.docx"
    make_docx(word)

    result = report_archive(project, "add", str(gbk), str(word))
    assert result.returncode == 0, result.stdout + result.stderr
    # What was detected and what was removed is shown.
    assert "年度：2021" in result.stdout and "类型：工作总结" in result.stdout
    assert re.search(r"第 6 行 \[[a-z-]+\] 【公众号：档案材料库】", result.stdout)
    assert "[paywall-marker] ##paidbegin##" in result.stdout

    # The originals are kept as they are, the detected values in a sidecar beside each.
    sources = project / "source_reports"
    originals = sorted(p for p in sources.iterdir() if p.suffix in (".txt", ".docx") and not p.name[:3].isdigit())
    assert sorted(p.read_bytes() for p in originals) == sorted([gbk.read_bytes(), word.read_bytes()])
    sidecars = {p: yaml.safe_load(p.with_suffix(".yml").read_text("utf-8")) for p in originals}
    gbk_fields = next(fields for fields in sidecars.values() if fields["original"] == "档案局总结.txt")
    assert gbk_fields["year"] == 2021 and gbk_fields["type"] == "工作总结"
    word_fields = next(fields for fields in sidecars.values() if fields["original"] == "统计局述职.docx")
    assert word_fields["type"] == "述职报告"

    checked = report_archive(project, "check")
    assert checked.returncode == 0, checked.stderr

    site = tmp_path / "site"
    built = mkdocs_build(project, site)
    assert built.returncode == 0, built.stderr
    rows = {row["source"]: row for row in json.loads((site / "catalog.json").read_text("utf-8"))}
    for original in originals:
        row = rows[f"source_reports/{original.name}"]
        page = (site / row["url"] / "index.html").read_text("utf-8")
        # The page offers the original for download, byte for byte, under its own name.
        link = re.search(r'<a download="([^"]+)" href="([^"]+)"', page)
        assert link, page
        assert link.group(1) == sidecars[original]["original"]
        assert (site / row["url"] / link.group(2)).read_bytes() == original.read_bytes()
    gbk_page = (site / rows[f"source_reports/{next(p for p in originals if p.suffix == '.txt').name}"]["url"] / "index.html").read_text("utf-8")
    assert "##paid" not in gbk_page and "档案材料库" not in gbk_page
    word_row = next(row for row in rows.values() if "统计局" in row["title"])
    assert word_row["year"] == 2022 and word_row["type"] == "述职报告"
    word_page = (site / word_row["url"] / "index.html").read_text("utf-8")
    assert re.search(r'<h2 id="s\d+">主要工作', word_page)


def test_corrections_in_the_sidecar_survive_a_reimport(project, tmp_path):
    word = tmp_path / "统计局述职.docx"
    make_docx(word)
    assert report_archive(project, "add", str(word)).returncode == 0
    sidecar = next((project / "source_reports").glob("*.yml"))
    fields = yaml.safe_load(sidecar.read_text("utf-8"))
    fields["unit"] = "市统计局机关党委"
    fields["title"] = "2022年度市统计局机关党委书记述职报告"
    sidecar.write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    # The builder reads the original anew whenever it changes (here: no cache at all, as
    # after an upgrade of the readers): the corrections stay.
    out = tmp_path / "out"
    built = report_archive(project, "build", "--out", str(out))
    assert built.returncode == 0, built.stderr
    row = next(row for row in json.loads((out / "catalog.json").read_text("utf-8")) if row["source"].endswith(".docx"))
    assert row["unit"] == "市统计局机关党委" and row["title"] == "2022年度市统计局机关党委书记述职报告"
    # The document's own title line is not lost under the corrected one.
    assert "2022年度区统计局机关党委述职报告" in (out / (row["url"].strip("/") + ".md")).read_text("utf-8")
    shutil.rmtree(project / ".cache")
    again = tmp_path / "again"
    assert report_archive(project, "build", "--out", str(again)).returncode == 0
    assert (again / "catalog.json").read_text("utf-8") == (out / "catalog.json").read_text("utf-8")


def test_adding_a_report_already_in_the_archive_fails_and_names_it(project, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    result = report_archive(project, "add", str(copy))
    assert result.returncode == 1
    assert "source_reports/002_f507f32534401310.txt" in result.stderr
    assert sorted(p.name for p in (project / "source_reports").iterdir()) == sorted(p.name for p in (ROOT / "source_reports").iterdir())


def test_a_near_duplicate_fails_too_unless_forced(project, tmp_path):
    text = SAMPLE.read_text("utf-8")
    sentence = "定期分析报告局思想政治工作，密切关注干部职工思想动态，及时做好思想疏导。"
    assert sentence in text
    near = tmp_path / "near.txt"
    near.write_text(text.replace(sentence, "每季度召开一次思想动态分析会，形成分析报告。"), encoding="utf-8")

    refused = report_archive(project, "add", str(near))
    assert refused.returncode == 1
    assert "source_reports/002_f507f32534401310.txt" in refused.stderr

    forced = report_archive(project, "add", "--force", "--by", "王审核", str(near))
    assert forced.returncode == 0, forced.stderr
    # The decision is recorded beside the report, and check accepts it.
    decision = yaml.safe_load((project / "source_reports" / "near.yml").read_text("utf-8"))["near_duplicate"]
    assert decision["of"] == "source_reports/002_f507f32534401310.txt" and decision["decided_by"] == "王审核"
    assert decision["decided_on"]
    checked = report_archive(project, "check")
    assert checked.returncode == 0, checked.stderr

    # Without that record, check names both.
    (project / "source_reports" / "near.yml").unlink()
    checked = report_archive(project, "check")
    assert checked.returncode == 1
    assert "002_f507f32534401310.txt" in checked.stderr and "疑似重复" in checked.stderr


def test_check_reports_broken_sources_at_their_lines(project):
    sources = project / "source_reports"
    (sources / "bad-yaml.md").write_text("---\ntitle: 测试报告\nyear: [2023\n---\n正文。\n", encoding="utf-8")
    (sources / "bad-type.md").write_text("---\ntitle: 测试报告\nyear: 2023\ntype: 宣传稿\n---\n正文内容。\n", encoding="utf-8")
    (sources / "no-year.md").write_text("---\ntitle: 某单位工作总结\n---\n正文没有年份。\n", encoding="utf-8")
    (sources / "noisy.md").write_text("---\ntitle: 2023年某局工作总结\n---\n正文。\n党##paidbegin##员\n", encoding="utf-8")

    result = report_archive(project, "check")
    assert result.returncode == 1
    lines = result.stderr.splitlines()

    def message(path):
        return next(line for line in lines if line.startswith(f"source_reports/{path}:"))

    assert message("bad-yaml.md").startswith("source_reports/bad-yaml.md:3: YAML 格式错误")
    assert message("bad-type.md").startswith("source_reports/bad-type.md:4: 未知类型“宣传稿”")
    assert message("no-year.md").startswith("source_reports/no-year.md:1: 未能识别年度") and "（错误）" in message("no-year.md")
    assert message("noisy.md").startswith("source_reports/noisy.md:5: 残留推广或付费标记")
    # The samples themselves are fine (002's unit is only a guess, which check says): only
    # the four broken files are named.
    named = {line.split(":")[0] for line in lines if line.startswith("source_reports/") and "是推测" not in line}
    assert named == {
        f"source_reports/{name}" for name in ("bad-yaml.md", "bad-type.md", "no-year.md", "noisy.md")
    }
