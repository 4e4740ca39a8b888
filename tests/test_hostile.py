"""Bad input, faults and security: nothing lost, nothing injected.

One project holds the five samples plus a corpus of hostile inputs, written here by the test
itself. Every bad file must be named as `path:line: message` by `report-archive check` and
by a warning of `mkdocs build`; a normal build skips it and publishes everything else;
`--strict` fails; no build writes anywhere but its output folders. Files that only *look*
dangerous (HTML, JavaScript or Markdown in the text or the metadata, odd file names) are
published, with every character shown exactly as written and nothing of it live.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build

SAMPLES = sorted(f"source_reports/{file.name}" for file in (ROOT / "source_reports").glob("*.txt"))
ESCAPE_MARK = "hostile-escape"  # part of every `../` path the corpus tries to reach
HUGE_BYTES = 50 * 2**20


def report_text(title: str, topic: str) -> str:
    """A small, ordinary report, different for every topic (so no two look like duplicates)."""
    return (
        f"{title}\n\n"
        f"一、{topic}工作开展情况\n"
        f"今年以来，我们围绕{topic}这一重点，制定了年度计划，召开专题会议{len(topic) + 2}次，"
        f"形成了{topic}的长效机制。\n"
        f"二、存在的问题\n"
        f"{topic}方面仍有短板：一是学习不够深入，二是制度执行不够有力。\n"
        f"三、下一步打算\n"
        f"我们将持续推进{topic}，确保各项任务落到实处。\n"
    )


# --- The corpus ----------------------------------------------------------------------------

# Metadata with HTML, JavaScript and Markdown in it, set in a .md's front matter...
META_MD = {
    "title": '<script>alert("title")</script> & <b>加粗</b> "双引号" \'单引号\' 标题 {: onclick="alert(9)" }',
    "unit": '<img src=x onerror=alert("unit")>党委',
    "tags": [
        '<script>alert("tag")</script>',
        '<a href="javascript:alert(1)">链接标签</a>',
        "../../hostile-escape-tag",
        "**星号** [x](javascript:alert(2)) `代码`",
    ],
}
# ...and in a sidecar .yml beside a .txt.
META_SIDECAR = {
    "title": "</title><svg onload=alert('sidecar')>侧车标题 &amp; 实体",
    "unit": '<iframe src="javascript:alert(3)"></iframe>支部',
    "tags": ["<img src=x onerror=alert('sidecar-tag')>", "&lt;实体&gt; & 符号", "# 井号 | 竖线 |"],
}
HOSTILE_TEXT = [
    '</title><script>alert("text")</script>',
    "<img src=x onerror=alert(2)>",
    "<b>加粗</b> & &amp; &lt;",
    "[点我](javascript:alert(1))",
    '<a href="javascript:alert(4)">链接</a>',
    "<!-- 注释 -->",
    '"><svg onload=alert(5)>',
]
MARKDOWN_TEXT = [
    "**粗体**",
    "[链接](http://example.com)",
    "# 井号开头",
    "> 引用",
    "1. 列表",
    "| a | b |",
    "`反引号` 与 ```三个反引号```",
    "_下划线_ 与 ~~删除线~~ 与 *星号*",
    "- 减号开头",
    "{: onclick=alert(6) }",
]

# Bad files -> the exact `path:line: ` their message starts with (paths relative to the project).
BAD = {
    "source_reports/empty.txt": "source_reports/empty.txt:1: ",
    "source_reports/junk.txt": "source_reports/junk.txt:1: ",
    "source_reports/huge.txt": "source_reports/huge.txt:1: ",
    "source_reports/broken-utf8.txt": "source_reports/broken-utf8.txt:4: ",
    "source_reports/bad-yaml.md": "source_reports/bad-yaml.md:3: ",
    "source_reports/unclosed-front-matter.md": "source_reports/unclosed-front-matter.md:1: ",
    "source_reports/bad-sidecar.txt": "source_reports/bad-sidecar.yml:2: ",
    "source_reports/only-front-matter.md": "source_reports/only-front-matter.md:5: ",
    "source_reports/evil-id.md": "source_reports/evil-id.md:2: ",
    "source_reports/evil-sidecar-id.txt": "source_reports/evil-sidecar-id.yml:3: ",
    "source_reports/dup-b.md": "source_reports/dup-b.md:3: ",
    "source_reports/outside-link.txt": "source_reports/outside-link.txt:1: ",
    "source_reports/outside-folder": "source_reports/outside-folder:1: ",
}
# Files that are published (besides the samples) -> what their page must show literally.
GOOD = {
    "source_reports/年度 工作 总结.txt": ["基层党组织建设工作开展情况"],
    "source_reports/my report 2024.txt": ["党风廉政建设工作开展情况"],
    "source_reports/markdown-syntax.txt": MARKDOWN_TEXT,
    "source_reports/hostile-text.txt": HOSTILE_TEXT,
    "source_reports/hostile-meta.md": [META_MD["title"], META_MD["unit"], *META_MD["tags"]],
    "source_reports/hostile-sidecar.txt": [META_SIDECAR["title"], META_SIDECAR["unit"], *META_SIDECAR["tags"]],
    "source_reports/dup-a.md": ["谈心谈话工作开展情况"],
}


def yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML string


def yaml_fields(fields: dict) -> str:
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            lines.append(f"{key}: [{', '.join(yaml_str(v) for v in value)}]")
        elif isinstance(value, str):
            lines.append(f"{key}: {yaml_str(value)}")
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines) + "\n"


def write(src: Path, name: str, content: bytes | str) -> None:
    (src / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


def write_corpus(project: Path, outside: Path) -> None:
    write_bad(project / "source_reports", outside)
    write_good(project / "source_reports")


def write_bad(src: Path, outside: Path) -> None:
    # Empty, binary junk named .txt, a 50 MB text.
    write(src, "empty.txt", b"")
    write(src, "junk.txt", b"\x89PNG\r\n\x1a\n\x00\x00" + random.Random(7).randbytes(8000))
    with open(src / "huge.txt", "wb") as huge:
        huge.write("2023年巨型报告\n".encode("utf-8"))
        line = ("我们坚持以党建引领各项工作，推动全面从严治党向纵深发展。" * 4 + "\n").encode("utf-8")
        while huge.tell() < HUGE_BYTES:
            huge.write(line * 1000)

    # Invalid bytes inside UTF-8, on line 4 of a report of ordinary length (a damaged copy).
    lines = report_text("某某街道党工委2023年度意识形态工作总结", "意识形态").split("\n")
    lines[7:7] = [f"（{n}）第{n}项意识形态阵地管理措施已经落实，台账齐全，责任明确，群众满意度持续提升。" for n in range(1, 60)]
    damaged = lines[3][:6].encode() + b"\xff\xfe\xc3" + lines[3][6:].encode()
    write(src, "broken-utf8.txt", b"\n".join([*(l.encode() for l in lines[:3]), damaged, *(l.encode() for l in lines[4:])]))

    # Invalid YAML front matter (an unclosed list on line 3); front matter never closed;
    # invalid YAML in a sidecar (line 2); front matter and no body at all (the body would start on line 5).
    write(src, "bad-yaml.md", "---\nyear: 2023\ntags: [主题教育, 理论学习\nunit: 某局\n---\n" + report_text("某局工作报告", "主题教育"))
    write(src, "unclosed-front-matter.md", "---\ntitle: 没有结束的 front matter\nyear: 2023\n\n正文第一段。\n")
    write(src, "bad-sidecar.txt", report_text("某某乡党委2023年度作风建设情况报告", "作风建设"))
    write(src, "bad-sidecar.yml", "year: 2023\nunit: 某局: 党委\n")
    write(src, "only-front-matter.md", "---\ntitle: 只有标题\nyear: 2023\n---\n\n")

    # An id with `../`, in front matter (line 2) and in a sidecar (line 3 of the .yml).
    write(src, "evil-id.md", f"---\nid: ../../{ESCAPE_MARK}-md\nyear: 2023\n---\n" + report_text("某某局2023年度党费收缴情况报告", "党费收缴"))
    write(src, "evil-sidecar-id.txt", report_text("某某村党支部2023年度三会一课工作总结", "三会一课"))
    write(src, "evil-sidecar-id.yml", f"year: 2023\n# the id below tries to leave the site\nid: ../../../{ESCAPE_MARK}-yml\n")

    # Two reports with one id (line 3 of the second; the first is written by write_good).
    write(src, "dup-b.md", "---\nyear: 2024\nid: same-id\n---\n" + report_text("某某学校党总支2024年度党员发展工作总结", "党员发展"))

    # Symlinks leading out of source_reports/: to a file and to a folder.
    (outside / "secret.txt").write_text(report_text("不应发布的外部报告2023年工作报告", "外部文件"), encoding="utf-8")
    (outside / "folder").mkdir()
    (outside / "folder" / "inner.txt").write_text(report_text("外部目录中的报告2023年工作总结", "外部目录"), encoding="utf-8")
    os.symlink(outside / "secret.txt", src / "outside-link.txt")
    os.symlink(outside / "folder", src / "outside-folder")


def write_good(src: Path) -> None:
    # Acceptable: names with spaces and Chinese, Markdown syntax, HTML and JavaScript.
    write(src, "dup-a.md", "---\nid: same-id\n---\n" + report_text("某某中心2024年度谈心谈话工作报告", "谈心谈话"))
    write(src, "年度 工作 总结.txt", report_text("某某区委组织部2024年度基层党组织建设工作总结", "基层党组织建设"))
    write(src, "my report 2024.txt", report_text("某某县审计局党组2024年度党风廉政建设工作报告", "党风廉政建设"))
    markdown = "\n".join(f"{m} 是正文中的文字。" for m in MARKDOWN_TEXT)
    write(src, "markdown-syntax.txt", f"某某镇党委2024年度理论学习工作总结\n\n{markdown}\n")
    hostile = "\n".join(f"正文{i}：{h} 照原样显示。" for i, h in enumerate(HOSTILE_TEXT))
    write(src, "hostile-text.txt", f"某某局机关党委2024年度民族团结工作报告\n\n{hostile}\n")
    front = yaml_fields({**META_MD, "year": 2024, "type": "工作报告"})
    write(src, "hostile-meta.md", f"---\n{front}---\n" + report_text("正文标题", "调查研究"))
    write(src, "hostile-sidecar.txt", report_text("某某所2024年度统战工作报告", "统战群团"))
    write(src, "hostile-sidecar.yml", yaml_fields({**META_SIDECAR, "year": 2024}))


# --- Runs ----------------------------------------------------------------------------------


def tree(root: Path) -> dict[str, str]:
    """Every path under `root` (symlinks not followed) -> a digest of what it is."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                found[key] = "link:" + os.readlink(path)
            elif path.is_dir():
                found[key] = "dir"
            elif path.stat().st_size > 2**20:
                found[key] = f"big:{path.stat().st_size}"
            else:
                found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@dataclass
class Runs:
    base: Path
    project: Path
    outside: Path
    site: Path
    check: subprocess.CompletedProcess
    build: subprocess.CompletedProcess
    strict: subprocess.CompletedProcess
    before: dict[str, str]
    after: dict[str, str]
    site_after_build: dict[str, str]
    site_after_strict: dict[str, str]


def warnings_of(stderr: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^WARNING\s*-\s*(.*)$", stderr, re.MULTILINE)]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Runs:
    base = tmp_path_factory.mktemp("hostile")
    project = base / "project"
    project.mkdir()
    copy_project(project)
    outside = base / "outside"
    outside.mkdir()
    write_corpus(project, outside)
    site = base / "site"
    before = tree(base)
    try:
        check = subprocess.run(
            [sys.executable, "-m", "builder.cli", "--root", str(project), "check"],
            capture_output=True, text=True, cwd=base,
        )
        build = mkdocs_build(project, site, strict=False)
        site_after_build = tree(site)
        strict = mkdocs_build(project, site, strict=True)
        site_after_strict = tree(site)
        after = tree(base)
    finally:
        (project / "source_reports" / "huge.txt").unlink()
    return Runs(base, project, outside, site, check, build, strict, before, after, site_after_build, site_after_strict)


@pytest.fixture(scope="module")
def published(runs) -> dict[str, dict]:
    assert runs.build.returncode == 0, runs.build.stderr
    return {row["source"]: row for row in json.loads((runs.site / "catalog.json").read_text("utf-8"))}


# --- Every bad file is named, skipped, and fails --strict ----------------------------------


@pytest.mark.parametrize("source", sorted(BAD))
def test_check_names_each_bad_file_at_its_line(runs, source):
    prefix = BAD[source]
    output = runs.check.stdout + runs.check.stderr
    assert [line for line in output.splitlines() if line.startswith(prefix)], f"no line starting with {prefix!r} in:\n{output}"
    assert runs.check.returncode != 0


@pytest.mark.parametrize("source", sorted(BAD))
def test_build_warns_about_each_bad_file_at_its_line(runs, source):
    prefix = BAD[source]
    assert [w for w in warnings_of(runs.build.stderr) if w.startswith(prefix)], (
        f"no WARNING starting with {prefix!r} in:\n{runs.build.stderr}"
    )


@pytest.mark.parametrize("source", sorted(BAD))
def test_bad_file_is_not_published(published, source):
    assert source not in published


def test_two_reports_with_one_id_name_both_paths(runs, published):
    assert published["source_reports/dup-a.md"]["url"] == "reports/same-id/"
    for output in (runs.check.stdout + runs.check.stderr, "\n".join(warnings_of(runs.build.stderr))):
        line = next(line for line in output.splitlines() if line.startswith(BAD["source_reports/dup-b.md"]))
        assert "source_reports/dup-a.md" in line


def test_normal_build_publishes_samples_and_acceptable_files(runs, published):
    assert runs.build.returncode == 0, runs.build.stderr
    assert sorted(published) == sorted(SAMPLES + list(GOOD))
    for row in published.values():
        assert (runs.site / row["url"] / "index.html").is_file()


def test_strict_build_fails_and_keeps_the_site(runs):
    assert runs.strict.returncode != 0, runs.strict.stderr
    assert runs.site_after_strict == runs.site_after_build


def test_acceptable_files_alone_pass_strict(tmp_path):
    """What fails --strict above is the bad files: the acceptable ones raise no warning."""
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    write_good(project / "source_reports")
    result = mkdocs_build(project, tmp_path / "site", strict=True)
    assert result.returncode == 0, result.stderr
    assert not warnings_of(result.stderr), result.stderr
    rows = json.loads((tmp_path / "site" / "catalog.json").read_text("utf-8"))
    assert sorted(row["source"] for row in rows) == sorted(SAMPLES + list(GOOD))


def test_nothing_is_written_outside_the_output_folders(runs):
    # The builder's own cache (a fixed folder, whatever the input) is the one other place written.
    allowed = (runs.site.name, runs.site.name + ".partial", "project/source_reports", "project/.cache")
    new = sorted(p for p in runs.after.keys() - runs.before.keys() if not p.startswith(allowed))
    assert not new, new
    changed = sorted(
        p for p in runs.before.keys() & runs.after.keys()
        if runs.before[p] != runs.after[p] and not p.startswith(allowed)
    )
    assert not changed, changed
    # The symlinks' targets are untouched, and no `../` path was followed.
    assert {p: h for p, h in runs.after.items() if p.startswith("outside")} == {
        p: h for p, h in runs.before.items() if p.startswith("outside")
    }
    for folder in (runs.base, runs.base.parent, runs.project, runs.site):
        assert not [p for p in folder.iterdir() if ESCAPE_MARK in p.name], folder
    assert not [p for p in runs.after if ESCAPE_MARK in p and not p.startswith("project/source_reports")
                and not p.startswith((runs.site.name + "/tags/", runs.site.name + ".partial/tags/"))]


# --- Files that only look dangerous are published, shown literally, never live ---------------


class Text(HTMLParser):
    """A page's text (entities decoded), its links and its live markup."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.live: list[str] = []  # tags, attributes and scripts that would run or load something
        self._link: tuple[str, list[str]] | None = None
        self._script = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.live.append(f"<{tag} {name}={value!r}>")
            if value and re.match(r"\s*javascript:", value, re.IGNORECASE):
                self.live.append(f"<{tag} {name}={value!r}>")
        if tag in ("iframe", "svg") and any("alert" in (v or "") for _, v in attrs):
            self.live.append(f"<{tag}>")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.live.append("<img src=x>")
        if tag == "a":
            self._link = (dict(attrs).get("href") or "", [])
        self._script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "a" and self._link:
            self.links.append((self._link[0], "".join(self._link[1]).strip()))
            self._link = None
        self._script = False

    def handle_data(self, data):
        if self._script and "alert" in data:
            self.live.append(f"<script>{data[:60]}")
        if not self._script:
            self.parts.append(data)
        if self._link:
            self._link[1].append(data)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def page(site: Path, url: str) -> Text:
    return Text((site / url / "index.html").read_text("utf-8"))


@pytest.mark.parametrize("source", sorted(GOOD))
def test_acceptable_file_shows_its_text_literally(runs, published, source):
    built = page(runs.site, published[source]["url"])
    for literal in GOOD[source]:
        assert literal in built.text, literal


def test_markdown_in_text_makes_no_markup(runs, published):
    html = (runs.site / published["source_reports/markdown-syntax.txt"]["url"] / "index.html").read_text("utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    assert "<strong>粗体" not in article and 'href="http://example.com"' not in article
    assert "<blockquote" not in article and "<ol" not in article and "<table" not in article
    assert "<code>反引号" not in article and "<em>下划线" not in article and "<del>" not in article


@pytest.mark.parametrize("meta", [META_MD, META_SIDECAR], ids=["front-matter", "sidecar"])
def test_html_in_metadata_is_shown_literally_everywhere(runs, published, meta):
    source = "source_reports/hostile-meta.md" if meta is META_MD else "source_reports/hostile-sidecar.txt"
    row = published[source]
    # The catalog holds the values as plain strings.
    assert row["title"] == meta["title"]
    assert row["unit"] == meta["unit"]
    assert set(meta["tags"]) <= set(row["tags"])
    table = {r["source"]: r for r in csv.DictReader(io.StringIO((runs.site / "catalog.csv").read_text("utf-8-sig")))}
    assert (table[source]["title"], table[source]["unit"]) == (meta["title"], meta["unit"])
    assert set(meta["tags"]) <= set(table[source]["tags"].split("；"))

    report = page(runs.site, row["url"])
    for value in (meta["title"], meta["unit"], *meta["tags"]):
        assert value in report.text, value
    card = {text: href for href, text in report.links}

    home = page(runs.site, "")
    assert meta["title"] in home.text and meta["unit"] in home.text

    units = page(runs.site, "units")
    assert meta["unit"] in units.text
    unit_page = (runs.site / row["url"] / card[meta["unit"]]).resolve()
    unit_text = Text((unit_page / "index.html").read_text("utf-8")).text
    assert meta["unit"] in unit_text and meta["title"] in unit_text

    tags = page(runs.site, "tags")
    for tag in meta["tags"]:
        assert tag in tags.text, tag
        tag_page = (runs.site / row["url"] / card[tag]).resolve()
        assert tag_page.is_relative_to(runs.site / "tags"), tag_page
        tag_text = Text((tag_page / "index.html").read_text("utf-8")).text
        assert tag in tag_text and meta["title"] in tag_text, tag


def test_no_live_markup_from_the_reports_anywhere(runs, published):
    pages = sorted(runs.site.rglob("*.html"))
    assert len(pages) > 20
    for file in pages:
        raw = file.read_text("utf-8")
        where = file.relative_to(runs.site)
        assert "<script>alert" not in raw, where
        assert not re.search(r"<(img|svg|iframe)\b[^>]*(onerror|onload|javascript:)", raw, re.IGNORECASE), where
        assert "<b>加粗" not in raw and "<b onmouseover" not in raw, where
        assert not Text(raw).live, (where, Text(raw).live)


MULTILINE_META = {
    "title": "第一行\n# 注入的标题\n| x | y |",
    "unit": "某某单位\n\n<script>alert(8)</script>党委",
    "tags": ["标签\n- 注入的列表项"],
}


def test_line_breaks_in_metadata_inject_no_structure(tmp_path):
    """A value with line breaks is either refused (path:line) or kept on one line.

    Rendered as it is, the break ends the heading, table row or list item the value stands
    in, and the rest of the value becomes Markdown of its own (a heading, a new paragraph,
    a link shown as `[…](../units/….md)` text).
    """
    project = tmp_path / "project"
    project.mkdir()
    copy_project(project)
    front = yaml_fields({**MULTILINE_META, "year": 2024, "type": "工作报告", "id": "multiline"})
    write(project / "source_reports", "multiline.md", f"---\n{front}---\n" + report_text("正文标题", "多行元数据"))
    site = tmp_path / "site"
    result = mkdocs_build(project, site, strict=False)
    assert result.returncode == 0, result.stderr
    rows = {row["source"]: row for row in json.loads((site / "catalog.json").read_text("utf-8"))}
    if "source_reports/multiline.md" not in rows:
        assert [w for w in warnings_of(result.stderr) if w.startswith("source_reports/multiline.md:2: ")], result.stderr
        return
    def flat(text: str) -> str:
        return " ".join(text.split())

    report = (site / "reports" / "multiline" / "index.html").read_text("utf-8")
    article = report[report.index("<article") : report.index("</article>")]
    headings = re.findall(r"<h1[^>]*>(.*?)</h1>", article, re.DOTALL)
    assert len(headings) == 1 and flat(MULTILINE_META["title"]) in flat(Text(headings[0]).text), headings
    for name, value in (("", MULTILINE_META["title"]), ("units", MULTILINE_META["unit"]), ("tags", MULTILINE_META["tags"][0])):
        built = (site / name / "index.html").read_text("utf-8")
        text = Text(built[built.index("<article") : built.index("</article>")]).text
        assert "](" not in text, f"{name}/: a Markdown link shown as text"
        assert flat(value) in flat(text), f"{name}/: {value!r} not on one line"
