"""Describe: blocks -> metadata. Extract, then apply the values set by hand, then validate.

A value set by hand (front matter or sidecar) always wins. A value that cannot be found is
left empty, shown as 未注明 and reported as a warning: never guessed silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .model import Block, Metadata, Problem, Source
from .script import looks_traditional, simplified

DEFAULT_VOCABULARY = Path(__file__).parent / "rules" / "vocabulary.yml"
KNOWN_FIELDS = {"id", "title", "year", "period", "unit", "type", "tags", "auto_tags", "issuer", "number", "original", "near_duplicate", "cleared"}
TEXT_FIELDS = ("unit", "period", "issuer", "number")  # set by hand as one line of text
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
LEADING = re.compile(r"^(?:关于)?(?:(?:19|20)\d{2}\s*年度?)?")
# What ends the unit's name in a title: a role, a verb of the report, a year.
UNIT_END = re.compile(r"书记|主任|局长|负责人|领导班子|班子|抓|关于|履行|落实|述职|(?:19|20)\d{2}\s*年|工作|的")
FIRST_PERSON_UNIT = "我({})"
MIN_YEAR, MAX_YEAR = 1949, 2100


@dataclass(frozen=True)
class ReportType:
    name: str
    synonyms: tuple[str, ...]


@dataclass(frozen=True)
class Tag:
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    types: tuple[ReportType, ...]
    tags: tuple[Tag, ...]
    min_mentions: int
    unit_suffixes: tuple[str, ...]
    text: str  # the YAML it was read from, for the build cache key

    def canonical_type(self, value: str) -> str | None:
        for kind in self.types:
            if value == kind.name or value in kind.synonyms:
                return kind.name
        return None


def load_vocabulary(extra: Path | None = None) -> Vocabulary:
    files = [DEFAULT_VOCABULARY] + ([extra] if extra is not None else [])
    return vocabulary_from(tuple(file.read_text(encoding="utf-8") for file in files))


@lru_cache(maxsize=8)  # every build under `mkdocs serve` loads it: made once while the files stay
def vocabulary_from(texts: tuple[str, ...]) -> Vocabulary:
    """The vocabulary of these files' texts, each extending or overriding those before it."""
    types: dict[str, ReportType] = {}
    tags: dict[str, Tag] = {}
    min_mentions, suffixes = 1, []
    for text in texts:
        data = yaml.safe_load(text) or {}
        for entry in data.get("types", []):
            types[entry["name"]] = ReportType(entry["name"], tuple(entry.get("synonyms", [])))
        for entry in data.get("tags", []):
            tags[entry["name"]] = Tag(entry["name"], tuple(entry.get("keywords", [entry["name"]])))
        min_mentions = data.get("min_mentions", min_mentions)
        suffixes.extend(data.get("unit_suffixes", []))
    # Longest suffix first, so that 党支部 is preferred to 支部 and 部.
    ordered_suffixes = tuple(sorted(set(suffixes), key=len, reverse=True))
    return Vocabulary(tuple(types.values()), tuple(tags.values()), min_mentions, ordered_suffixes, "\0".join(texts))


def find_type(title: str, vocabulary: Vocabulary) -> str | None:
    for kind in vocabulary.types:
        if any(name in title for name in (kind.name, *kind.synonyms)):
            return kind.name
    return None


@dataclass(frozen=True)
class Found:
    """A value read from the text, where it was found, and whether it is only a guess."""

    value: Any
    reason: str
    guess: bool = False


# Years as the reports write them: 2023年, 二〇二三年, ranges 2021年至2023年, 2021—2023, 2021-2023.
CHINESE_DIGITS = str.maketrans("〇○零Ｏ一二三四五六七八九", "0000123456789")
CHINESE_YEAR = re.compile(r"[〇○零Ｏ一二三四五六七八九]{4}(?=\s*年)")
YEAR_IN_TITLE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
YEAR_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年?\s*(?:至|到|—+|－|-|–|~|～)\s*((?:19|20)\d{2})(?!\d)")
OPENING_YEAR = re.compile(r"^\s*(?:在|于|自)?((?:19|20)\d{2})\s*年")
CHINESE_DAY = "[一二三四五六七八九十]{1,3}"
# A line that is a date alone: 2023年12月28日, 二〇二三年十二月, 2023.1.7, 2023-01-07.
DATE_LINE = re.compile(
    rf"^\s*((?:19|20)\d{{2}})\s*(?:年\s*(\d{{1,2}}|{CHINESE_DAY})\s*月(?:\s*(?:\d{{1,2}}|{CHINESE_DAY})\s*日)?"
    r"|[.\-/．]\s*(\d{1,2})\s*[.\-/．]\s*\d{1,2})\s*$"
)
# A year that a text names as history, not as the period it covers.
HISTORICAL = re.compile(r"(?:早在|始建于|建于|成立于|创建于|创办于|诞生于|始于|自|从|截至)\s*$")
OPENING_PARAGRAPHS = 2
CLOSING_LINES = 6


def arabic_years(text: str) -> str:
    """二〇二三年 -> 2023年."""
    return CHINESE_YEAR.sub(lambda m: m.group().translate(CHINESE_DIGITS), text) if "〇" in text or "○" in text or "零" in text else text


def find_year(title: str, paragraphs: list[Block]) -> tuple[Found | None, str | None]:
    """(The year the report covers, its period when it covers several). The title first, then
    the opening sentence, then the closing date; the most mentioned year only as a guess."""
    title = arabic_years(title)
    span = YEAR_RANGE.search(title)
    if span:
        return Found(int(span.group(2)), f"标题中的时段 {span.group()}"), period(span)
    in_title = YEAR_IN_TITLE.search(title)
    if in_title:
        return Found(int(in_title.group(1)), "标题"), None
    texts = [arabic_years(b.text) for b in paragraphs]
    for block, text in zip(paragraphs[:OPENING_PARAGRAPHS], texts):
        span = YEAR_RANGE.search(text)
        if span:
            return Found(int(span.group(2)), f"开头第 {block.line} 行的时段 {span.group()}"), period(span)
        opening = OPENING_YEAR.match(text)
        if opening:
            return Found(int(opening.group(1)), f"开头第 {block.line} 行"), None
    counts = Counter(int(m.group(1)) for text in texts for m in YEAR.finditer(text) if not HISTORICAL.search(text[: m.start()][-6:]))
    for block, text in reversed(list(zip(paragraphs, texts))[-CLOSING_LINES:]):
        date = DATE_LINE.match(text)
        if date:
            year, month = int(date.group(1)), month_number(date.group(2) or date.group(3))
            # A report written early in a year looks back on the one before, when it says so.
            if month <= 2 and counts[year - 1] > counts[year]:
                return Found(year - 1, f"落款日期（第 {block.line} 行）{date.group().strip()}的上一年"), None
            return Found(year, f"落款日期（第 {block.line} 行）"), None
    if not counts:
        return None, None
    # The most mentioned year; on a tie the latest, as reports look back on the year just past.
    year = max(counts, key=lambda y: (counts[y], y))
    return Found(year, f"正文中最常提到的年份（{counts[year]} 次）", guess=len(counts) > 1), None


def month_number(text: str) -> int:
    """12 from "12" or "十二"."""
    if text.isdigit():
        return int(text)
    digits = text.translate(CHINESE_DIGITS)
    return 10 + (int(digits[1]) if len(digits) > 1 else 0) if digits[0] == "十" else int(digits)


def period(span: re.Match) -> str:
    return f"{span.group(1)}—{span.group(2)}"


# The author line under a title: 某某村党总支书记 张某某.
ROLE = re.compile(
    r"(?:第一)?(?:副)?(?:书记|主任|局长|部长|厅长|处长|科长|校长|院长|行长|所长|站长|"
    r"总经理|经理|董事长|镇长|乡长|区长|县长|市长|负责人)"
)
NOT_A_UNIT = re.compile(r"[：:>›»/|，,、。；;《》“”\"]|关于|报告|总结|汇报|材料|要点|计划|位置|首页|\d{4}|^(?:[在于对从向把为据]|参加|开展|加强|做好|推进|深化)")
# A line that names the unit as a field: 报送单位：某某镇某某村党委.
UNIT_FIELD = re.compile(r"^(?:报送|填报|报告|作者|所在|申报)?单位\s*[：:]\s*(\S.{1,40})$")
MAX_UNIT_CHARS = 30
SIGNATURE_LINES = 4
BARE_UNIT = 4  # a name this short (党组, 乡镇党委) says what kind of unit, not which
TITLE_NEIGHBOURS = 8  # the lines at the top where a unit field is looked for


def find_unit(title: str, blocks: list[Block], vocabulary: Vocabulary) -> Found | None:
    """The most specific unit named in the title, the red-head, the author line under the
    title or the signature at the end; a first-person 我局 in the text only as a guess."""
    candidates: list[Found] = []
    rest = LEADING.sub("", title)
    end = UNIT_END.search(rest)
    from_title = longest_unit_prefix(rest[: end.start()] if end else "", vocabulary)
    if from_title:
        candidates.append(Found(from_title, "标题"))
    title_at = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    paragraphs = [(i, b) for i, b in enumerate(blocks) if b.kind == "paragraph"]
    if title_at is not None:
        for i, block in paragraphs:
            if i < title_at and REDHEAD_ISSUER.match(block.text):
                candidates.append(Found(REDHEAD_ISSUER.match(block.text).group(1), f"红头发文机关（第 {block.line} 行）"))
        after = next((b for i, b in paragraphs if i > title_at), None)
        unit = author_unit(after.text, vocabulary) if after is not None else None
        if unit:
            candidates.append(Found(unit, f"标题下的署名（第 {after.line} 行）"))
        for i, block in paragraphs[:TITLE_NEIGHBOURS]:
            field = UNIT_FIELD.match(block.text.strip())
            if field:
                candidates.append(Found(field.group(1).strip(), f"第 {block.line} 行的“单位”"))
    tail = [b for _, b in paragraphs][-SIGNATURE_LINES:]
    for block, following in zip(tail, tail[1:] + [None]):
        text = block.text.strip()
        dated = following is not None and DATE_LINE.match(arabic_years(following.text))
        if dated and len(text) <= MAX_UNIT_CHARS and text.endswith(vocabulary.unit_suffixes):
            candidates.append(Found(text, f"落款（第 {block.line} 行）"))
    valid = [c for c in candidates if is_unit(c.value)]
    if valid:
        # The title's name, unless another place writes the same name out longer
        # (县委组织部 -> 中共某某县委组织部), or the title's names a kind, not a unit (党组,
        # 机关, 乡镇党委); without one in the title, the longest.
        bare = from_title is not None and len(from_title) <= BARE_UNIT
        if from_title and valid[0].value == from_title and not (bare and len(valid) > 1):
            return max((c for c in valid if from_title in c.value), key=lambda c: len(c.value))
        return max(valid, key=lambda c: len(c.value))
    suffixes = "|".join(map(re.escape, vocabulary.unit_suffixes))
    body = "\n".join(b.text for _, b in paragraphs)
    first_person = re.search(FIRST_PERSON_UNIT.format(suffixes), body)
    return Found(first_person.group(1), "正文中的第一人称称谓", guess=True) if first_person else None


def longest_unit_prefix(text: str, vocabulary: Vocabulary) -> str | None:
    """The longest start of `text` that names a unit: "市第一人民医院党委党建" -> "市第一人民医院党委".
    Not the 党组 of 党组织, which is any Party organisation, not a unit's name."""
    for end in range(len(text), 0, -1):
        if text[end:].startswith(GENERIC_AFTER):
            continue
        # "XX党委（党组）": a parenthesised alternative after the unit's name.
        candidate = text[:end]
        bare = re.sub(r"[（(][^（）()]*[）)]$", "", candidate)
        if bare.endswith(vocabulary.unit_suffixes):
            return candidate
    return None


GENERIC_AFTER = ("织",)  # 党组|织, 支部|织…: the suffix is part of a longer common word


def author_unit(line: str, vocabulary: Vocabulary) -> str | None:
    """The unit of an author line: 某某村党总支书记 张某某, or 某某局党总支　吴××."""
    if len(line) > MAX_UNIT_CHARS + 6:
        return None
    head = re.split(r"[、，,]", line)[0]  # 某某社区党委委员、居委会主任 李某
    role = ROLE.search(head)
    if role:
        return longest_unit_prefix(head[: role.start()], vocabulary)
    if head != line:
        return longest_unit_prefix(head, vocabulary)
    parts = line.split()
    if len(parts) == 2 and len(parts[1]) <= 4:
        return longest_unit_prefix(parts[0], vocabulary)
    return None


def find_unit_as_written(title: str, blocks: list[Block], vocabulary: Vocabulary) -> Found | None:
    """find_unit, for a traditional text in simplified characters (the vocabulary's), the name
    then given back as the text writes it (黨組, not 党组)."""
    texts = [title] + [b.text for b in blocks]
    if not looks_traditional("".join(texts)):
        return find_unit(title, blocks, vocabulary)
    found = find_unit(simplified(title), [replace(b, text=simplified(b.text)) for b in blocks], vocabulary)
    if found is None:
        return None
    for text in texts:
        probe = simplified(text)
        at = probe.find(found.value)
        if at >= 0 and len(probe) == len(text):
            return replace(found, value=text[at : at + len(found.value)])
    return found


DOCUMENT_NUMBER = re.compile(r"\S{0,16}?(?:〔\s*\d{4}\s*〕|[\[【]\s*\d{4}\s*[\]】])\s*\d+\s*号")


def find_redhead(blocks: list[Block]) -> tuple[str | None, str | None]:
    """The 发文机关 and the 文号 of a red-head: lines above the title, which stay on the page."""
    title_at = next((i for i, b in enumerate(blocks) if b.kind == "title"), 0)
    issuer = number = None
    for block in blocks[:title_at]:
        found_issuer = REDHEAD_ISSUER.match(block.text.strip())
        found_number = DOCUMENT_NUMBER.search(block.text)
        issuer = issuer or (found_issuer.group(1) if found_issuer else None)
        number = number or (found_number.group().strip() if found_number else None)
    return issuer, number


REDHEAD_ISSUER = re.compile(r"^((?:中共|中国共产党)?\S{2,24}?(?:委员会|党委|党组|党工委|组织部|宣传部|办公室|办公厅|局|厅|委))(?:文件)?$")


def is_unit(value: str) -> bool:
    return 2 <= len(value) <= MAX_UNIT_CHARS and not NOT_A_UNIT.search(value)


# The sentence that says what a report is: 现将……情况报告如下.
ANNOUNCED_TYPE = re.compile(r"现将[^。]{0,60}?((?:述职|情况|工作)?(?:报告|总结|汇报|述职))如下")


def find_type_in(title: str, blocks: list[Block], vocabulary: Vocabulary) -> Found | None:
    kind = find_type(simplified(title), vocabulary)
    if kind:
        return Found(kind, "标题中的文种")
    for block in blocks[:6]:
        announced = ANNOUNCED_TYPE.search(simplified(block.text))
        if announced:
            kind = find_type(announced.group(1), vocabulary)
            if kind:
                return Found(kind, f"第 {block.line} 行的“{announced.group()}”", guess=True)
    return None


def find_tags(text: str, vocabulary: Vocabulary) -> list[str]:
    return [
        tag.name
        for tag in vocabulary.tags
        if sum(text.count(keyword) for keyword in tag.keywords) >= vocabulary.min_mentions
    ]


def describe(
    source: Source, blocks: list[Block], placeholder: re.Pattern, vocabulary: Vocabulary, fallback_title: str
) -> tuple[Metadata, list[Problem]]:
    title_block = next((b for b in blocks if b.kind == "title"), None)
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    body = "\n".join(b.text for b in blocks if b.kind != "title")
    # A title set by hand is also what year, unit and type are read from.
    given_title = source.fields.get("title")
    if isinstance(given_title, str) and given_title.strip():
        title, title_reason = one_line(given_title), "手工填写"
    elif title_block is not None:
        title, title_reason = title_block.text, f"第 {title_block.line} 行"
    elif source.document_fields.get("title"):
        title, title_reason = one_line(source.document_fields["title"]), "文件自带的标题（网页或文档属性）"
    else:
        title, title_reason = fallback_title, "文件名"
    issuer, number = find_redhead(blocks)
    year, span = find_year(title, paragraphs)
    unit = find_unit_as_written(title, blocks, vocabulary)
    kind = find_type_in(title, blocks, vocabulary)
    found = {"year": year, "unit": unit, "type": kind}
    meta = Metadata(
        title=title,
        year=year.value if year else None,
        unit=unit.value if unit else None,
        type=kind.value if kind else None,
        tags=find_tags(simplified(title + "\n" + body), vocabulary),
        source=source.path,
        chars=sum(len("".join(b.text.split())) for b in blocks),
        placeholders=sum(len(placeholder.findall(b.text)) for b in blocks),
        period=span,
        issuer=issuer,
        number=number,
        reasons={"title": title_reason, **{name: f.reason for name, f in found.items() if f}},
    )
    problems = apply_fields(meta, source, vocabulary)
    for name in source.fields.keys() & meta.reasons.keys():
        meta.reasons[name] = "手工填写"
    if title_block is None and "title" not in source.fields and title_reason == "文件名":
        problems.append(Problem(source.path, 1, f"未找到标题，暂用文件名“{fallback_title}”", "warning"))
    for name, label in (("year", "年度"), ("unit", "单位"), ("type", "类型")):
        if name in source.fields:
            continue
        if getattr(meta, name) is None:
            message = f"未能识别{label}，显示为“未注明”；可在 front matter 或 .yml 中填写 {name}"
            problems.append(Problem(source.path, 1, message, "warning", code=f"missing-{name}"))
        elif found[name].guess:
            message = f"{label}“{getattr(meta, name)}”是推测（依据：{found[name].reason}），请核对；可在 .yml 中填写 {name}"
            problems.append(Problem(source.path, 1, message, "warning", code=f"guess-{name}"))
    return meta, problems


def field_line(source: Source, name: str) -> int:
    return source.field_lines.get(name, 1)


def one_line(value: str) -> str:
    """A value set by hand, its line breaks and runs of white space made single spaces:
    a title, unit or tag is shown inside a line (headings, links, table cells)."""
    return " ".join(value.split())


def apply_fields(meta: Metadata, source: Source, vocabulary: Vocabulary) -> list[Problem]:
    """Put the values set by hand over the extracted ones; report those that are invalid."""
    problems: list[Problem] = []
    fields: dict[str, Any] = source.fields

    def error(name: str, message: str) -> None:
        problems.append(Problem(source.field_files.get(name, source.path), field_line(source, name), message))

    for name in fields.keys() - KNOWN_FIELDS:
        problems.append(Problem(source.field_files.get(name, source.path), field_line(source, name), f"未知字段 {name}（可用：{'、'.join(sorted(KNOWN_FIELDS))}）", "warning"))
    if "title" in fields:
        if isinstance(fields["title"], str) and fields["title"].strip():
            meta.title = one_line(fields["title"])
        else:
            error("title", "title 应为非空文字")
    if "year" in fields:
        year = fields["year"]
        if isinstance(year, int) and not isinstance(year, bool) and MIN_YEAR <= year <= MAX_YEAR:
            meta.year = year
        else:
            error("year", f"year 应为 {MIN_YEAR}–{MAX_YEAR} 之间的年份，而不是 {year!r}")
    for name in TEXT_FIELDS:
        if name not in fields:
            continue
        if isinstance(fields[name], str) and fields[name].strip():
            setattr(meta, name, one_line(fields[name]))
        else:
            error(name, f"{name} 应为非空文字")
    if "type" in fields:
        kind = vocabulary.canonical_type(str(fields["type"]).strip())
        if kind is None:
            names = "、".join(t.name for t in vocabulary.types)
            error("type", f"未知类型“{fields['type']}”（可用：{names}）")
        else:
            meta.type = kind
    if "tags" in fields:
        tags = fields["tags"]
        if isinstance(tags, str):
            tags = [tags]
        if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
            error("tags", "tags 应为文字列表")
        else:
            auto = meta.tags if fields.get("auto_tags", True) is not False else []
            meta.tags = list(dict.fromkeys([one_line(t) for t in tags] + auto))
    elif fields.get("auto_tags") is False:
        meta.tags = []
    if "near_duplicate" in fields:
        decision = fields["near_duplicate"]
        if not isinstance(decision, dict) or not all(isinstance(decision.get(key), str) and decision[key].strip() for key in ("of", "decided_by")):
            error("near_duplicate", "near_duplicate 应写明 of（相似的报告）和 decided_by（决定保留的人）")
    return problems
