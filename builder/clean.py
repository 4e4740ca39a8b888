"""Clean: text -> cleaned text + the removals, by rules kept as data (rules/cleaning.yml).

Nothing of the report may be lost: `restore(cleaned, removals)` gives back the original.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import InputError, Removal

DEFAULT_RULES = Path(__file__).parent / "rules" / "cleaning.yml"
LINE = re.compile(r"[^\n]*\n|[^\n]+")


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # "inline" or "line"
    pattern: re.Pattern
    max_length: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Rules:
    inline: tuple[Rule, ...]
    line: tuple[Rule, ...]
    placeholder: re.Pattern
    fingerprint: str  # changes whenever the rules do; part of the build cache key


def load_rules(extra: Path | None = None) -> Rules:
    """The shipped rules, extended or overridden by a project's rules file."""
    files = [DEFAULT_RULES] + ([extra] if extra is not None else [])
    by_name: dict[str, Rule] = {}
    placeholders: list[str] = []
    texts = []
    for file in files:
        text = file.read_text(encoding="utf-8")
        texts.append(text)
        data = yaml.safe_load(text) or {}
        for number, entry in enumerate(data.get("rules", []), start=1):
            if entry.get("enabled", True) is False:
                by_name.pop(entry.get("name"), None)
                continue
            by_name[entry["name"]] = make_rule(entry, f"{file}", number)
        placeholders.extend(data.get("placeholders", []))
    rules = list(by_name.values())
    return Rules(
        inline=tuple(r for r in rules if r.scope == "inline"),
        line=tuple(r for r in rules if r.scope == "line"),
        placeholder=re.compile("|".join(f"(?:{p})" for p in placeholders) or r"(?!)"),
        fingerprint=hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16],
    )


def make_rule(entry: dict, file: str, number: int) -> Rule:
    if entry.get("scope") not in ("inline", "line") or not entry.get("name"):
        raise InputError(file, 1, f"第 {number} 条规则需要 name 和 scope（inline 或 line）")
    try:
        pattern = re.compile(entry["pattern"])
    except (KeyError, re.error) as error:
        raise InputError(file, 1, f"第 {number} 条规则的 pattern 无效：{error}") from None
    return Rule(
        name=entry["name"],
        scope=entry["scope"],
        pattern=pattern,
        max_length=entry.get("max_length"),
        description=entry.get("description", ""),
    )


def split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its "\\n" (the last one may have none)."""
    return LINE.findall(text)


def clean(text: str, rules: Rules) -> tuple[str, list[Removal]]:
    """The text without its noise, and the removals. A removed line goes with its newline."""
    kept: list[str] = []
    removals: list[Removal] = []
    for number, original in enumerate(split_lines(text), start=1):
        content, newline = original.rstrip("\n"), original[len(original.rstrip("\n")) :]
        content, cuts = cut_inline(content, number, rules.inline)
        rule = matching_line_rule(content, rules.line)
        if rule is not None:
            removals.append(Removal(rule.name, number, original))
            continue
        kept.append(content + newline)
        removals.extend(cuts)
    return "".join(kept), removals


def kept_line_numbers(cleaned: str, removals: list[Removal]) -> list[int]:
    """For each line of the cleaned text, its number in the original."""
    dropped = {r.line for r in removals if r.column is None}
    numbers, number = [], 0
    for _ in split_lines(cleaned):
        number += 1
        while number in dropped:
            number += 1
        numbers.append(number)
    return numbers


def cut_inline(line: str, number: int, rules: tuple[Rule, ...]) -> tuple[str, list[Removal]]:
    """Cut every inline match out of `line`; columns refer to the line as it is left.

    Repeated until nothing more matches, since a cut can join the halves of a new match
    ("##paid##paidbegin##begin##"); that keeps cleaning idempotent.
    """
    cuts: list[Removal] = []
    changed = True
    while changed:
        changed = False
        for rule in rules:
            pieces = []
            position = 0
            for match in rule.pattern.finditer(line):
                if not match.group():
                    continue
                pieces.append(line[position : match.start()])
                cuts.append(Removal(rule.name, number, match.group(), sum(map(len, pieces))))
                position = match.end()
            if position:
                line = "".join(pieces) + line[position:]
                changed = True
    return line, cuts


def matching_line_rule(line: str, rules: tuple[Rule, ...]) -> Rule | None:
    stripped = line.strip()
    for rule in rules:
        if rule.max_length is not None and len(stripped) > rule.max_length:
            continue
        if rule.pattern.search(stripped):
            return rule
    return None


def restore(cleaned: str, removals: list[Removal]) -> str:
    """The original text from the cleaned one and its removals."""
    kept = iter(split_lines(cleaned))
    whole_lines = {r.line: r.text for r in removals if r.column is None}
    cuts: dict[int, list[Removal]] = {}
    for removal in removals:
        if removal.column is not None:
            cuts.setdefault(removal.line, []).append(removal)
    # A last line that its cuts left empty is no line of the cleaned text: its cuts tell of it.
    total = max(len(split_lines(cleaned)) + len(whole_lines), max((r.line for r in removals), default=0))
    lines = []
    for number in range(1, total + 1):
        if number in whole_lines:
            lines.append(whole_lines[number])
            continue
        line = next(kept, "")
        # Undo the cuts in the reverse of the order they were made in.
        for cut in reversed(cuts.get(number, [])):
            line = line[: cut.column] + cut.text + line[cut.column :]
        lines.append(line)
    return "".join(lines)
