"""Describe: blocks -> metadata. Extract, then apply the values set by hand, then validate.

A value set by hand (front matter or sidecar) always wins. A value that cannot be found is
left empty, shown as 未注明 and reported as a warning: never guessed silently.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .model import Block, Metadata, Problem, Source

DEFAULT_VOCABULARY = Path(__file__).parent / "rules" / "vocabulary.yml"
KNOWN_FIELDS = {"id", "title", "year", "unit", "type", "tags", "auto_tags", "original"}
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
    types: dict[str, ReportType] = {}
    tags: dict[str, Tag] = {}
    min_mentions, suffixes, texts = 1, [], []
    for file in files:
        text = file.read_text(encoding="utf-8")
        texts.append(text)
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


def find_year(title: str, body: str) -> int | None:
    in_title = YEAR.search(title)
    if in_title:
        return int(in_title.group(1))
    counts = Counter(int(year) for year in YEAR.findall(body))
    if not counts:
        return None
    # The most mentioned year; on a tie the latest, as reports look back on the year just past.
    return max(counts, key=lambda year: (counts[year], year))


def find_unit(title: str, body: str, vocabulary: Vocabulary) -> str | None:
    rest = LEADING.sub("", title)
    end = UNIT_END.search(rest)
    unit = longest_unit_prefix(rest[: end.start()] if end else "", vocabulary)
    if unit:
        return unit
    suffixes = "|".join(map(re.escape, vocabulary.unit_suffixes))
    first_person = re.search(FIRST_PERSON_UNIT.format(suffixes), body)
    return first_person.group(1) if first_person else None


def longest_unit_prefix(text: str, vocabulary: Vocabulary) -> str | None:
    """The longest start of `text` that names a unit: "市第一人民医院党委党建" -> "市第一人民医院党委"."""
    for end in range(len(text), 0, -1):
        # "XX党委（党组）": a parenthesised alternative after the unit's name.
        candidate = text[:end]
        bare = re.sub(r"[（(][^（）()]*[）)]$", "", candidate)
        if bare.endswith(vocabulary.unit_suffixes):
            return candidate
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
    title_block = next((b.text for b in blocks if b.kind == "title"), None)
    body = "\n".join(b.text for b in blocks if b.kind != "title")
    # A title set by hand is also what year, unit and type are read from.
    given_title = source.fields.get("title")
    title = one_line(given_title) if isinstance(given_title, str) and given_title.strip() else title_block or fallback_title
    meta = Metadata(
        title=title,
        year=find_year(title, body),
        unit=find_unit(title, body, vocabulary),
        type=find_type(title, vocabulary),
        tags=find_tags(title + "\n" + body, vocabulary),
        source=source.path,
        chars=sum(len("".join(b.text.split())) for b in blocks),
        placeholders=sum(len(placeholder.findall(b.text)) for b in blocks),
    )
    problems = apply_fields(meta, source, vocabulary)
    if title_block is None and "title" not in source.fields:
        problems.append(Problem(source.path, 1, f"未找到标题，暂用文件名“{fallback_title}”", "warning"))
    for name, label in (("year", "年度"), ("unit", "单位"), ("type", "类型")):
        if getattr(meta, name) is None and name not in source.fields:
            message = f"未能识别{label}，显示为“未注明”；可在 front matter 或 .yml 中填写 {name}"
            problems.append(Problem(source.path, 1, message, "warning", code=f"missing-{name}"))
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
    if "unit" in fields:
        if isinstance(fields["unit"], str) and fields["unit"].strip():
            meta.unit = one_line(fields["unit"])
        else:
            error("unit", "unit 应为非空文字")
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
    return problems
