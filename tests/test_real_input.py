"""Real reports as they arrive from websites, WeChat and office files: one test per kind of
failure that issue 11 lists, each on a report written for the test."""

from __future__ import annotations

import docx
import pytest

from builder.build import Project, load_report

OPENING = "2022年，支部坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党主体责任，推动党建工作与业务工作深度融合，取得了明显成效。"
BODY = [
    "一、主要工作",
    "（一）抓实理论学习。全年组织集中学习14次，专题研讨5次，撰写学习体会26篇，党员理论素养进一步提升。",
    "（二）规范组织生活。严格落实“三会一课”制度，召开支部党员大会8次、支委会15次，开展主题党日活动12次。",
    "二、存在的问题",
    "一是学习的系统性不够强；二是组织生活形式比较单一；三是党建与业务融合还不够深入，需要进一步加强。",
    "三、下一步打算",
    "持续深化理论武装，创新组织生活方式，推动党建和业务工作同频共振，以高质量党建引领保障高质量发展。",
]
TITLE = "区水务局机关党支部2022年度党建工作总结"
# Paragraphs without an outline number.
STUDY = "全年组织集中学习14次，专题研讨5次，撰写学习体会26篇，党员理论素养进一步提升。"
MEETINGS = "严格落实“三会一课”制度，召开支部党员大会8次、支委会15次，开展主题党日活动12次。"


@pytest.fixture
def project(tmp_path) -> Project:
    (tmp_path / "source_reports").mkdir()
    return Project.load(tmp_path, tmp_path / "source_reports", cache=False)


def load(project: Project, lines: list[str], name: str = "report.txt"):
    file = project.source_dir / name
    file.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return load_report(file, project)


def texts(report) -> list[str]:
    return [b.text for b in report.blocks]


def page_text(report) -> str:
    return "\n".join(texts(report))


def headings(report) -> list[str]:
    return [b.text for b in report.blocks if b.kind == "heading"]


def assert_removed_and_report_intact(report, noise: list[str]):
    body = page_text(report)
    for line in noise:
        assert line not in body, line
    assert report.meta.title == TITLE
    assert OPENING in body and BODY[-1] in body
    # Nothing is lost: what was removed is recorded, line by line.
    removed = {r.text.strip() for r in report.removals}
    assert all(any(line in r for r in removed) for line in noise)


# --- boilerplate removed, as a whole line, before the title and after the end -----------


def test_site_chrome_before_the_title_is_removed(project):
    noise = ["设为首页 加入收藏", "当前位置：首页 > 工作总结 > 党建工作总结", "发布时间：2023-01-06 09:12  来源：本站原创  作者：佚名  点击：3862",
             "以下是小编为大家整理的党建工作总结，仅供参考，希望能够帮助到大家。"]
    report = load(project, noise + [TITLE, OPENING, *BODY, "第 1 页 共 2 页"])
    assert_removed_and_report_intact(report, noise + ["第 1 页 共 2 页"])


def test_collection_markers_word_counts_and_login_walls_are_removed(project):
    report = load(project, ["党建工作总结范文（精选5篇）", "篇一：" + TITLE + "[此文共1290字]", OPENING + "(阅读全部图文内容，您需要先登录!)", *BODY])
    assert report.meta.title == TITLE
    body = page_text(report)
    for noise in ("精选5篇", "篇一", "此文共1290字", "阅读全部图文内容"):
        assert noise not in body
    assert OPENING in body


def test_related_lists_and_paging_after_the_end_are_removed(project):
    after = ["上一篇：2021年度党建工作总结", "相关推荐", "2023年党支部工作计划（通用6篇）", "党员个人对照检查材料范文", "党建工作述职报告三篇"]
    report = load(project, [TITLE, OPENING, *BODY, *after])
    assert_removed_and_report_intact(report, after)


def test_document_sharing_blurb_and_file_name_title_are_removed(project):
    blurb = "《党建工作总结》由会员分享，可在线阅读，更多相关内容请在应用文档中查找。"
    report = load(project, [TITLE + " (2).docx", blurb, OPENING, *BODY])
    assert report.meta.title == TITLE
    assert blurb not in page_text(report)


def test_pinyin_annotations_come_out_of_the_text(project):
    report = load(project, [TITLE, "2022年，支部書記帶頭講黨課，全體黨員長(zhǎng)期堅持學習，公【gōng】司黨委給予肯定。", *BODY])
    body = page_text(report)
    assert "全體黨員長期堅持學習，公司黨委給予肯定" in body
    assert "zhǎng" not in body and "gōng" not in body


# --- WeChat copies ---------------------------------------------------------------------


def test_wechat_frame_and_paywall_variants_are_removed(project):
    noise = ["原创 · 党建云课堂 · 2023-01-09", "点击上方蓝字关注我们", "【付费内容】", "········以下为付费内容········",
             "试读已结束，开通会员后阅读全文"]
    end = ["- END -", "往期推荐", "2023年支部书记述职报告（8篇）", "扫码关注我们", "分享  收藏  点赞  在看", "编辑：王小二  审核：赵大"]
    report = load(project, noise[:2] + [TITLE, noise[2], OPENING, *BODY[:3], noise[3], *BODY[3:5], noise[4], *BODY[5:], *end])
    assert_removed_and_report_intact(report, noise + end)


# --- the opposite error: report sentences about an office's own WeChat work stay --------


@pytest.mark.parametrize("sentence", [
    "对来源于网络的不实信息及时核查澄清，全年处置网络舆情9起。",
    "建立“红色网格”联系微信群，由党员干部联系辖区企业42家。",
    "开发党员学习平台，党员可一键下载学习资料，实现资源共享。",
    "关注微信公众号留言和市长热线反映的问题，建立台账逐一销号。",
    "联系服务群众“最后一公里”，党员干部下沉社区报到126人次。",
])
def test_report_sentences_that_mention_web_words_stay(project, sentence):
    report = load(project, [TITLE, OPENING, BODY[0], sentence, *BODY[1:]])
    assert sentence in texts(report)


# --- outline ---------------------------------------------------------------------------


def test_half_width_and_ascii_outline_numbers_are_headings(project):
    report = load(project, [TITLE, OPENING, "一、主要工作", "(一)抓实理论学习。全年组织集中学习14次。", "1.集中学习", STUDY, "2、日常教育", MEETINGS])
    assert headings(report) == ["一、主要工作", "(一)抓实理论学习。", "1.集中学习", "2、日常教育"]


def test_parts_and_chapters_are_headings_above_the_outline(project):
    report = load(project, [TITLE, OPENING, "第一部分 主要工作开展情况", "第一章 加强政治建设", STUDY, "第二章 加强组织建设", MEETINGS,
                            "第二部分 存在的问题", BODY[4]])
    levels = {b.text: b.level for b in report.blocks if b.kind == "heading"}
    assert levels == {"第一部分 主要工作开展情况": 2, "第一章 加强政治建设": 3, "第二章 加强组织建设": 3, "第二部分 存在的问题": 2}


def test_headings_without_numbers_are_headings(project):
    report = load(project, [TITLE, OPENING, "亮点一：党建引领聚合力", STUDY, "强化责任落实", MEETINGS, "一是学习不够系统；二是形式单一。"])
    assert headings(report) == ["亮点一：党建引领聚合力", "强化责任落实"]
    assert "一是学习不够系统；二是形式单一。" in [b.text for b in report.blocks if b.kind == "paragraph"]


# --- title -----------------------------------------------------------------------------


def test_red_head_lines_are_not_the_title_and_stay_above_it(project):
    redhead = ["中共某某县委组织部", "某组〔2023〕5号", "签发人：李某某"]
    title = "关于2022年度基层党建工作情况的报告"
    report = load(project, [*redhead, title, "市委组织部：", OPENING, *BODY, "中共某某县委组织部", "2022年12月26日"])
    assert report.meta.title == title
    assert texts(report)[:3] == redhead  # on the page, above the title
    assert (report.meta.issuer, report.meta.number) == ("中共某某县委组织部", "某组〔2023〕5号")
    assert report.meta.unit == "中共某某县委组织部"
    assert report.meta.type == "情况报告"


def test_a_title_in_word_heading_1_is_the_title_and_the_outline_moves_up(project):
    document = docx.Document()
    document.add_paragraph(TITLE, style="Heading 1")
    document.add_paragraph(OPENING)
    document.add_paragraph("主要工作", style="Heading 2")
    document.add_paragraph(STUDY)
    document.add_paragraph("存在的问题", style="Heading 2")
    document.add_paragraph(BODY[4])
    file = project.source_dir / "report.docx"
    document.save(file)
    report = load_report(file, project)
    assert report.meta.title == TITLE
    assert [(b.level, b.text) for b in report.blocks if b.kind == "heading"] == [(2, "主要工作"), (2, "存在的问题")]


def test_a_centred_first_line_is_the_title_when_no_line_names_a_kind_of_document(project):
    document = docx.Document()
    document.add_paragraph("主编：某某")
    centred = document.add_paragraph("党建引领基层治理的实践与思考")
    centred.alignment = 1  # centred
    document.add_paragraph(OPENING)
    document.add_paragraph(STUDY)
    file = project.source_dir / "report.docx"
    document.save(file)
    assert load_report(file, project).meta.title == "党建引领基层治理的实践与思考"


# --- year ------------------------------------------------------------------------------


@pytest.mark.parametrize("title,period", [
    ("某某县税务局党委2020年至2022年党建工作情况报告", "2020—2022"),
    ("某某县税务局党委2020—2022年党建工作情况报告", "2020—2022"),
    ("某某县税务局党委2020-2022党建工作情况报告", "2020—2022"),
])
def test_a_range_gives_its_end_year_and_a_period(project, title, period):
    report = load(project, [title, OPENING, *BODY])
    assert (report.meta.year, report.meta.period) == (2022, period)


def test_a_report_dated_in_december_covers_that_year_whatever_its_plans_say(project):
    plans = "2023年，支部将围绕中心工作，在2023年上半年完成标准化建设，2023年底前实现党建品牌全覆盖。"
    report = load(project, ["区水务局机关党支部党建工作总结", "今年以来，支部认真落实全面从严治党主体责任。", *BODY, plans,
                            "区水务局机关党支部", "2022年12月28日"])
    assert report.meta.year == 2022


def test_a_historical_year_is_never_the_year(project):
    report = load(project, ["区水务局机关党支部党建工作总结", "支部成立于1983年，现有党员36名。", "今年以来，支部认真落实主体责任。", *BODY])
    assert report.meta.year is None or report.meta.year != 1983


def test_a_year_in_chinese_numerals_in_the_closing_date(project):
    report = load(project, ["区水务局机关党支部党建工作总结", "今年以来，支部认真落实主体责任。", *BODY, "区水务局机关党支部", "二〇二二年十二月二十日"])
    assert report.meta.year == 2022


# --- unit ------------------------------------------------------------------------------


def test_unit_from_the_signature_block(project):
    report = load(project, ["2022年度党建工作总结", OPENING, *BODY, "中共某某镇某某村总支部委员会", "2022年12月30日"])
    assert report.meta.unit == "中共某某镇某某村总支部委员会"


def test_unit_from_the_author_line_under_the_title(project):
    report = load(project, ["2022年度抓基层党建工作述职报告", "某某村党总支书记 张某某", OPENING, *BODY])
    assert report.meta.unit == "某某村党总支"
    assert report.meta.type == "述职报告"


@pytest.mark.parametrize("line", ["当前位置：首页 > 某某镇 > 工作总结", "调研报告：公立医院党委建设情况", "在某某镇开展党建工作调研"])
def test_fragments_are_never_the_unit(project, line):
    report = load(project, ["2022年度党建工作总结", line, "今年以来，我们认真落实主体责任。", *BODY])
    unit = report.meta.unit or ""
    assert ">" not in unit and "：" not in unit and not unit.startswith("在") and "报告" not in unit


# --- type ------------------------------------------------------------------------------


@pytest.mark.parametrize("title,kind", [
    ("某某区教育局党委2023年党建工作要点", "工作要点"),
    ("某某中学党支部2023年党建工作计划", "工作计划"),
    ("关于某某街道基层党组织建设情况的调研报告", "调研报告"),
    ("2022年度民主生活会个人对照检查材料", "对照检查材料"),
    ("专题组织生活会个人发言提纲", "对照检查材料"),
    ("学习党的二十大精神心得体会", "心得体会"),
    ("在全县组织工作会议上的讲话", "讲话稿"),
    ("七一专题党课讲稿", "讲话稿"),
])
def test_every_kind_of_paper_an_office_files_has_a_type(project, title, kind):
    report = load(project, [title, OPENING, *BODY])
    assert report.meta.type == kind


def test_traditional_chinese_reports_get_type_tags_and_sections(project):
    report = load(project, ["某某區圖書館黨支部2022年度黨建工作總結", "2022年，館黨支部堅持以黨建引領，深入開展主題教育，抓實主題教育各項任務。",
                            "一、主要工作", "把學習貫徹主題教育作爲首要政治任務，全年開展集中學習12次。",
                            "二、存在的問題", "理論學習的深度和廣度還不夠，學用結合不緊。", "三、下一步工作打算", "持續加強理論武裝，推動學習常態化。"])
    assert report.meta.type == "工作总结"
    assert "主题教育" in report.meta.tags
    assert {s.kind for s in report.sections} == {"problems", "plans"}
    assert "某某區圖書館黨支部2022年度黨建工作總結" == report.meta.title  # published as written


# --- the reasoning, for a reviewer -------------------------------------------------------


def test_inspect_says_where_each_value_came_from_and_check_warns_of_guesses(tmp_path):
    import subprocess
    import sys

    (tmp_path / "source_reports").mkdir()
    (tmp_path / "source_reports" / "signed.txt").write_text(
        "\n".join(["2022年度党建工作总结", "今年以来，支部认真落实主体责任。", *BODY, "中共某某镇某某村总支部委员会", "2022年12月30日"]), encoding="utf-8")
    (tmp_path / "source_reports" / "vague.txt").write_text(
        "\n".join(["党建工作情况", "今年以来，我局认真落实主体责任，2021年以来持续推进，2022年全面完成。", *BODY]), encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "builder.cli", "--root", str(tmp_path), *args], capture_output=True, text=True)

    shown = run("inspect", str(tmp_path / "source_reports" / "signed.txt")).stdout
    assert "标题：2022年度党建工作总结（第 1 行）" in shown
    assert "年度：2022（标题）" in shown
    assert "单位：中共某某镇某某村总支部委员会（落款（第 " in shown
    assert "类型：工作总结（标题中的文种）" in shown
    checked = run("check")
    assert "vague.txt:1: 单位“局”是推测" in checked.stderr and "vague.txt:1: 年度“2022”是推测" in checked.stderr
    assert "signed.txt" not in checked.stderr
