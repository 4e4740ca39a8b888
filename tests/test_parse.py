"""Parse: cleaned text -> blocks (title, outline headings with levels, paragraphs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.clean import clean, load_rules
from builder.model import Block
from builder.parse import parse
from builder.readers.text import line_blocks

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "source_reports").glob("*.txt"))
RULES = load_rules()


def parse_text(text: str):
    return parse(line_blocks(text))


def cleaned_sample(prefix: str) -> str:
    sample = next(s for s in SAMPLES if s.name.startswith(prefix))
    return clean(sample.read_text(encoding="utf-8"), RULES)[0]


def headings(blocks) -> list[tuple[int, str]]:
    """Level and text of each heading, without the 。 that ended it on its line (kept)."""
    return [(b.level, b.text.removesuffix("。")) for b in blocks if b.kind == "heading"]


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- outline levels --------------------------------------------------------------------

OUTLINE = [
    ("一、主要工作情况", 2),
    ("十、推进统战群团工作", 2),
    ("（一）聚焦政治引领", 3),
    ("（十二）加强意识形态工作", 3),
    ("1.加强理论学习", 4),
    ("1．加强理论学习", 4),
    ("1、加强理论学习", 4),
    ("12．完善制度建设", 4),
    ("（1）召开专题会议", 5),
    ("（10）开展谈心谈话", 5),
]


@pytest.mark.parametrize("line,level", OUTLINE, ids=[f"{level}-{n}" for n, (_, level) in enumerate(OUTLINE)])
def test_outline_numbering_gives_the_heading_level(line, level):
    blocks = parse_text(f"党组书记抓党建工作报告\n{line}\n今年以来，党组深入学习。")
    assert [(b.kind, b.level, b.text) for b in blocks[1:2]] == [("heading", level, line)]


def test_full_outline_in_order():
    text = "\n".join(["报告标题", "一、主要工作", "（一）理论学习", "1.集中学习", "（1）中心组学习", "二、存在不足"])
    assert headings(parse_text(text)) == [
        (2, "一、主要工作"),
        (3, "（一）理论学习"),
        (4, "1.集中学习"),
        (5, "（1）中心组学习"),
        (2, "二、存在不足"),
    ]


def test_heading_trailing_text_after_first_full_stop_is_a_paragraph():
    line = "（一）聚焦政治引领。一是突出政治引领，强化政治建设。二是突出政治定力。"
    blocks = parse_text(f"报告标题\n{line}")
    assert [(b.kind, b.text, b.line) for b in blocks[1:]] == [
        ("heading", "（一）聚焦政治引领。", 2),
        ("paragraph", "一是突出政治引领，强化政治建设。二是突出政治定力。", 2),
    ]
    assert blocks[1].level == 3


def test_heading_ending_in_full_stop_has_no_empty_paragraph():
    blocks = parse_text("报告标题\n一、主要工作情况。\n今年以来，党组深入学习。")
    assert [(b.kind, b.text) for b in blocks[1:]] == [
        ("heading", "一、主要工作情况。"),
        ("paragraph", "今年以来，党组深入学习。"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "一是理论学习常学常新。作为党组书记，我将理论学习作为抓党建、干业务的政治前提。",
        "一是服务指导基层党组织作用发挥还不够明显。二是党建工作创新意识不够。三是跟踪问效方面做得不够。",
        "二是学以致用，做到干事创业出新。",
    ],
    ids=["yishi", "yishi-ershi", "ershi"],
)
def test_yishi_ershi_enumerations_are_paragraphs(line):
    blocks = parse_text(f"报告标题\n{line}")
    assert [(b.kind, b.text) for b in blocks[1:]] == [("paragraph", line)]


@pytest.mark.parametrize(
    "line",
    ["2023年，我局以习近平新时代中国特色社会主义思想为指导。", "1.5万元用于党员教育培训。", "12月召开组织生活会。"],
    ids=["year", "decimal", "month"],
)
def test_lines_starting_with_numbers_that_are_not_outline_are_paragraphs(line):
    blocks = parse_text(f"报告标题\n{line}")
    assert [(b.kind, b.text) for b in blocks[1:]] == [("paragraph", line)]


# --- title -----------------------------------------------------------------------------


def test_title_is_the_first_short_line():
    blocks = parse_text("\n\n2023年度党建工作情况总结\n2023年，在市委的坚强领导下，我局全面贯彻党的二十大精神。")
    assert (blocks[0].kind, blocks[0].text, blocks[0].line) == ("title", "2023年度党建工作情况总结", 3)
    assert [b.kind for b in blocks].count("title") == 1


def test_long_first_line_is_not_a_title():
    first = "今年以来，党组深入学习贯彻党的二十大精神，坚持以习近平新时代中国特色社会主义思想为指导，以加强党的建设为统领，不断增强基层党组织凝聚力。"
    blocks = parse_text(f"{first}\n一、主要工作")
    assert all(b.kind != "title" for b in blocks)
    assert blocks[0].kind == "paragraph"


def test_first_line_that_is_an_outline_heading_is_not_a_title():
    blocks = parse_text("一、主要工作情况\n今年以来，党组深入学习。")
    assert all(b.kind != "title" for b in blocks)
    assert (blocks[0].kind, blocks[0].level) == ("heading", 2)


def test_only_the_first_short_line_is_the_title():
    blocks = parse_text("报告标题\n另一行短文字\n一、主要工作")
    assert [b.kind for b in blocks] == ["title", "paragraph", "heading"]


# --- Word heading styles ---------------------------------------------------------------


def test_styled_blocks_keep_their_kind_and_level():
    blocks = parse([
        Block("title", "党建工作报告", 1),
        Block("paragraph", "今年以来，党组深入学习。", 2),
        Block("heading", "上年度整改情况", 3, 2),
        Block("paragraph", "针对问题，我积极响应。", 4),
        Block("heading", "学习入脑入心", 5, 3),
    ])
    assert [(b.kind, b.level, b.text) for b in blocks] == [
        ("title", 0, "党建工作报告"),
        ("paragraph", 0, "今年以来，党组深入学习。"),
        ("heading", 2, "上年度整改情况"),
        ("paragraph", 0, "针对问题，我积极响应。"),
        ("heading", 3, "学习入脑入心"),
    ]


# --- the samples -----------------------------------------------------------------------


def test_sample_000_title_and_outline():
    blocks = parse_text(cleaned_sample("000"))
    assert blocks[0].kind == "title" and blocks[0].text == "党组书记抓党建工作报告"
    assert headings(blocks) == [
        (2, "一、上年度整改情况"),
        (2, "二、主要工作情况"),
        (3, "（一）学习入脑入心入行，成果深化内化转化"),
        (3, "（二）服务用心用情用力，方法出新创新革新"),
        (3, "（三）活动常办常新常态，资源互通互鉴互融"),
        (3, "（四）支部建大建优建强，管理越专越精越好"),
        (3, "（五）治党从细从严从实，党风更清更廉更正"),
        (2, "三、存在不足"),
        (2, "四、下一步措施"),
    ]


def test_sample_000_yishi_lines_are_paragraphs():
    blocks = parse_text(cleaned_sample("000"))
    for start in ("一是融会贯通", "二是学以致用", "三是忠诚干净"):
        block = next(b for b in blocks if b.text.startswith(start))
        assert block.kind == "paragraph"


def test_sample_000_heading_body_is_kept():
    blocks = parse_text(cleaned_sample("000"))
    index = next(i for i, b in enumerate(blocks) if b.text == "（一）学习入脑入心入行，成果深化内化转化。")
    following = blocks[index + 1]
    assert following.kind == "paragraph"
    assert following.line == blocks[index].line
    assert following.text.startswith("我坚持读原著、学原文、悟原理")
    assert "同时设立3个党员示范岗" in following.text


def test_sample_003_title_and_outline():
    blocks = parse_text(cleaned_sample("003"))
    assert blocks[0].kind == "title"
    assert blocks[0].text == "XX党委（党组）书记2023年度抓基层党建工作述职情况报告"
    assert headings(blocks) == [
        (2, "一、重点工作落实情况"),
        (3, "（一）聚焦政治引领"),
        (3, "（二）聚焦责任引领"),
        (3, "（三）聚焦组织引领"),
        (3, "（四）聚焦作风引领"),
        (2, "三、存在问题"),
        (2, "四、下步工作打算"),
        (3, "（一）压紧压实主体责任"),
        (3, "（二）推动XX党建高质量发展"),
        (3, "（三）持续促进干部作风转变"),
    ]


def test_sample_003_placeholders_are_left_in_the_text():
    blocks = parse_text(cleaned_sample("003"))
    assert sum(b.text.count("XX") for b in blocks) == cleaned_sample("003").count("XX")


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name[:3] for s in SAMPLES])
def test_sample_loses_no_text(sample):
    text = clean(sample.read_text(encoding="utf-8"), RULES)[0]
    blocks = parse_text(text)
    assert squeeze("".join(b.text for b in blocks)) == squeeze(text)


# --- properties ------------------------------------------------------------------------

PIECES = ["一、", "十二、", "（一）", "(三)", "1.", "1．", "3、", "（1）", "一是", "二是", "。", "：", "XX", "*次",
          "主要工作情况", "今年以来，党组深入学习贯彻党的二十大精神", "\n", " ", "　"]
outline_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=6)), max_size=30).map("".join)
any_text = st.one_of(st.text(), outline_text)


@settings(max_examples=300)
@given(any_text)
def test_parse_never_crashes_and_levels_are_2_to_5(text):
    blocks = parse_text(text)
    assert all(b.kind in ("title", "heading", "paragraph") for b in blocks)
    assert all(2 <= b.level <= 5 for b in blocks if b.kind == "heading")
    assert all(b.text and b.text == b.text.strip() for b in blocks)


@settings(max_examples=300)
@given(any_text)
def test_parse_keeps_every_line_whole(text):
    blocks = parse_text(text)
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        at_line = [b for b in blocks if b.line == number]
        if not line.strip():
            assert at_line == []
            continue
        assert squeeze("".join(b.text for b in at_line)) == squeeze(line)


@settings(max_examples=200)
@given(any_text)
def test_parse_title_is_at_most_one_and_first(text):
    blocks = parse_text(text)
    titles = [i for i, b in enumerate(blocks) if b.kind == "title"]
    assert titles in ([], [0])
