"""Clean: text -> cleaned text + removals, by YAML rules; restore gives the original back."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.clean import clean, load_rules, restore
from builder.model import InputError

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "source_reports").glob("*.txt"))
SAMPLE_IDS = [sample.name[:3] for sample in SAMPLES]
RULES = load_rules()
RULE_NAMES = {rule.name for rule in RULES.inline + RULES.line}
# What DESIGN.md names as noise in the samples: none of it may survive cleaning.
NOISE = ["##paid", "哒哒", "公众号"]


def sample_text(prefix: str) -> str:
    return next(s for s in SAMPLES if s.name.startswith(prefix)).read_text(encoding="utf-8")


def is_subsequence(items: list[str], of: list[str]) -> bool:
    remaining = iter(of)
    return all(any(item == other for other in remaining) for item in items)


# --- the five samples ------------------------------------------------------------------


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_has_no_noise_left(sample):
    cleaned, _ = clean(sample.read_text(encoding="utf-8"), RULES)
    for noise in NOISE:
        assert noise not in cleaned


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_restores_exactly(sample):
    original = sample.read_text(encoding="utf-8")
    cleaned, removals = clean(original, RULES)
    assert restore(cleaned, removals) == original


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_report_lines_without_noise_are_kept_verbatim(sample):
    original = sample.read_text(encoding="utf-8")
    cleaned, _ = clean(original, RULES)
    clean_lines = [line for line in original.split("\n") if not any(noise in line for noise in NOISE)]
    assert is_subsequence(clean_lines, cleaned.split("\n"))


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_removals_name_a_rule_and_the_line_they_came_from(sample):
    original = sample.read_text(encoding="utf-8")
    lines = original.split("\n")
    _, removals = clean(original, RULES)
    for removal in removals:
        assert removal.rule in RULE_NAMES
        assert removal.text
        if removal.column is None:
            # A removed line goes with its newline, so that restoring is exact.
            assert lines[removal.line - 1] == removal.text.removesuffix("\n")
        else:
            assert removal.text in lines[removal.line - 1]


@pytest.mark.parametrize("sample", SAMPLES, ids=SAMPLE_IDS)
def test_sample_placeholders_are_kept(sample):
    original = sample.read_text(encoding="utf-8")
    cleaned, _ = clean(original, RULES)
    for placeholder in ("XX", "*"):
        assert cleaned.count(placeholder) == original.count(placeholder)


def test_paywall_marker_inside_a_word_is_cut_out():
    original = sample_text("000")
    cleaned, removals = clean(original, RULES)
    assert "党##paidbegin##员" in original
    assert "同时设立3个党员示范岗" in cleaned
    cut = next(r for r in removals if r.text == "##paidbegin##")
    assert "党##paidbegin##员" in original.split("\n")[cut.line - 1]


def test_inline_attribution_is_cut_and_the_sentence_kept():
    original = sample_text("000")
    cleaned, removals = clean(original, RULES)
    line = next(n for n, text in enumerate(original.split("\n"), 1) if "（材料来源：【公众号：哒哒君】）" in text)
    assert any(r.line == line and r.text == "（材料来源：【公众号：哒哒君】）" for r in removals)
    assert "把牢工作发展方向、明确高质量发展目标。" in cleaned


@pytest.mark.parametrize(
    "text",
    ["【哒哒素材库】——每天更新材料", "【哒哒素材库】——每天更新材料\n【哒哒代笔】——原创高质量保障"],
    ids=["one-line", "two-lines"],
)
def test_restore_of_a_text_that_is_all_promotion(text):
    cleaned, removals = clean(text, RULES)
    assert len(removals) == text.count("\n") + 1
    assert restore(cleaned, removals) == text


@pytest.mark.parametrize("prefix", ["000", "002"])
def test_promotion_lines_of_the_samples_are_whole_line_removals(prefix):
    original = sample_text(prefix)
    _, removals = clean(original, RULES)
    whole = {r.text.removesuffix("\n") for r in removals if r.column is None}
    promotion = {line for line in original.split("\n") if line.startswith(("【哒哒", "欢迎加入", "【公众号"))}
    assert promotion
    assert promotion <= whole


# --- other brands and phrasings --------------------------------------------------------

PROMOTION_LINES = [
    "来源于网络，仅供学习参考，如有侵权请联系删除",
    "更多材料请关注微信公众号“笔杆子文库”",
    "【笔杆子文库】每日更新公文范文",
    "本文来源于网络，版权归原作者所有，如有侵权请联系删除。",
    "【公众号：笔杆子文库】，海量党建材料",
    "欢迎关注“笔杆子文库”，每日更新党建材料",
]


@pytest.mark.parametrize("line", PROMOTION_LINES, ids=[f"promotion{n}" for n in range(len(PROMOTION_LINES))])
def test_promotion_line_of_another_brand_is_removed(line):
    text = f"一、主要工作情况\n{line}\n今年以来，党组深入学习贯彻党的二十大精神。"
    cleaned, removals = clean(text, RULES)
    assert cleaned == "一、主要工作情况\n今年以来，党组深入学习贯彻党的二十大精神。"
    assert [(r.line, r.text, r.column) for r in removals] == [(2, line + "\n", None)]
    assert removals[0].rule in RULE_NAMES


@pytest.mark.parametrize(
    "attribution",
    ["（文章来源：微信公众号某某材料）", "（来源：笔杆子文库公众号）", "(材料来源：公众号 某某材料)"],
    ids=["wechat", "wenku", "ascii-parens"],
)
def test_inline_attribution_of_another_source_is_cut(attribution):
    before, after = "全年集中学习12次，专题研讨6次", "，不断拓宽工作局面。"
    cleaned, removals = clean(before + attribution + after, RULES)
    assert cleaned == before + after
    assert [(r.line, r.text) for r in removals] == [(1, attribution)]
    assert removals[0].column == len(before)


REPORT_SENTENCES = [
    "开通单位微信公众号，全年推送党建信息120条，关注人数达到3000余人，进一步扩大了党建宣传的覆盖面和影响力，形成了线上线下联动的宣传格局。",
    "坚持把学习贯彻党的二十大精神作为首要政治任务，组织党员干部参考学习辅导读本。",
    "依托单位微信公众号开设“党建之窗”专栏，推送学习内容56期。",
    "编印《理论学习资料汇编》4期，仅供党员干部内部学习交流。",
    "关心关爱工会会员群体，开展“送温暖”活动12次。",
    "引导党员干部关注微信公众号“学习强国”，坚持每日学习打卡。",
    "（一）加强意识形态阵地管理，规范单位微信公众号、网站等信息发布审核。",
]


@pytest.mark.parametrize("sentence", REPORT_SENTENCES, ids=[f"sentence{n}" for n in range(len(REPORT_SENTENCES))])
def test_report_sentence_that_mentions_media_is_not_touched(sentence):
    text = f"二、主要工作情况\n{sentence}\n三、存在不足"
    cleaned, removals = clean(text, RULES)
    assert cleaned == text
    assert removals == []


# --- a project's own rules -------------------------------------------------------------


def test_project_rules_file_adds_a_rule(tmp_path):
    extra = tmp_path / "cleaning.yml"
    extra.write_text(
        "rules:\n"
        "  - name: wenku-footer\n"
        "    scope: line\n"
        "    pattern: '^本文由.{0,20}整理发布'\n",
        encoding="utf-8",
    )
    rules = load_rules(extra)
    text = "今年以来，党组深入学习。\n本文由笔杆子文库整理发布\n全年集中学习12次。"
    cleaned, removals = clean(text, rules)
    assert cleaned == "今年以来，党组深入学习。\n全年集中学习12次。"
    assert [(r.rule, r.line) for r in removals] == [("wenku-footer", 2)]


def test_project_rules_keep_the_shipped_rules(tmp_path):
    extra = tmp_path / "cleaning.yml"
    extra.write_text("rules:\n  - name: extra\n    scope: inline\n    pattern: '@@广告@@'\n", encoding="utf-8")
    cleaned, _ = clean(sample_text("000"), load_rules(extra))
    assert "##paid" not in cleaned and "哒哒" not in cleaned


def test_project_rules_file_disables_a_rule_by_name(tmp_path):
    line = "更多材料请关注微信公众号“笔杆子文库”"
    _, removals = clean(line, RULES)
    rule = removals[0].rule
    extra = tmp_path / "cleaning.yml"
    extra.write_text(f"rules:\n  - name: {rule}\n    enabled: false\n", encoding="utf-8")
    cleaned, removals = clean(line, load_rules(extra))
    assert cleaned == line
    assert removals == []


def test_project_rule_with_a_shipped_name_replaces_it(tmp_path):
    extra = tmp_path / "cleaning.yml"
    extra.write_text(
        "rules:\n  - name: paywall-marker\n    scope: inline\n    pattern: '@@付费@@'\n", encoding="utf-8"
    )
    cleaned, _ = clean("党@@付费@@员示范岗##paidend##", load_rules(extra))
    assert cleaned == "党员示范岗##paidend##"


def test_rule_without_scope_is_an_input_error(tmp_path):
    extra = tmp_path / "cleaning.yml"
    extra.write_text("rules:\n  - name: broken\n    pattern: 'x'\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_rules(extra)


def test_rule_with_invalid_regex_is_an_input_error(tmp_path):
    extra = tmp_path / "cleaning.yml"
    extra.write_text("rules:\n  - name: broken\n    scope: line\n    pattern: '([未闭合'\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_rules(extra)


# --- properties ------------------------------------------------------------------------

SAMPLE_LINES = [line for sample in SAMPLES for line in sample.read_text(encoding="utf-8").split("\n") if line][:60]
FRAGMENTS = [
    "##paidbegin##",
    "##paidend##",
    "（材料来源：【公众号：哒哒君】）",
    "【哒哒素材库】——每天更新材料",
    "欢迎加入“哒哒素材库svip会员”",
    "【公众号：哒哒君】，最新最全党建资料库",
    "来源于网络，仅供学习参考",
    "关注微信公众号",
    "公众号",
    "（",
    "）",
    "来源：",
    "XX",
    "*次",
    "一、",
    "。",
    "\n",
    "\r\n",
    " ",
    "",
]
noisy_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.sampled_from(SAMPLE_LINES), st.text(max_size=8)), max_size=20
).map("".join)
any_text = st.one_of(st.text(), noisy_text)


@settings(max_examples=300)
@given(any_text)
def test_clean_never_crashes_and_returns_text(text):
    cleaned, removals = clean(text, RULES)
    assert isinstance(cleaned, str)
    assert all(r.rule in RULE_NAMES and r.text for r in removals)


@settings(max_examples=300)
@given(any_text)
def test_restore_of_clean_is_the_original(text):
    cleaned, removals = clean(text, RULES)
    assert restore(cleaned, removals) == text


@settings(max_examples=300)
@given(any_text)
def test_clean_is_idempotent(text):
    cleaned, _ = clean(text, RULES)
    again, removals = clean(cleaned, RULES)
    assert removals == []
    assert again == cleaned


@settings(max_examples=300)
@given(any_text)
def test_lines_no_rule_matched_are_kept_whole(text):
    cleaned, removals = clean(text, RULES)
    touched = {r.line for r in removals}
    untouched = [line for number, line in enumerate(text.split("\n"), 1) if number not in touched]
    assert is_subsequence(untouched, cleaned.split("\n"))


@given(st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=10))
def test_report_lines_alone_are_not_touched(lines):
    text = "\n".join(line for line in lines if not any(noise in line for noise in NOISE))
    cleaned, removals = clean(text, RULES)
    assert cleaned == text
    assert removals == []
