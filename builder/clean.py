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


def clean(text: str, rules: Rules) -> tuple[str, list[Removal]]:
    kept: list[str] = []
    removals: list[Removal] = []
    for number, original in enumerate(text.split("\n"), start=1):
        line, cuts = cut_inline(original, number, rules.inline)
        rule = matching_line_rule(line, rules.line)
        if rule is not None:
            removals.append(Removal(rule.name, number, original))
            continue
        kept.append(line)
        removals.extend(cuts)
    return "\n".join(kept), removals


def cut_inline(line: str, number: int, rules: tuple[Rule, ...]) -> tuple[str, list[Removal]]:
    """Cut every inline match out of `line`; columns refer to the line as it is left."""
    cuts: list[Removal] = []
    for rule in rules:
        pieces = []
        position = 0
        for match in rule.pattern.finditer(line):
            if not match.group():
                continue
            pieces.append(line[position : match.start()])
            column = sum(map(len, pieces))
            cuts.append(Removal(rule.name, number, match.group(), column))
            position = match.end()
        if position:
            line = "".join(pieces) + line[position:]
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
    kept = iter(cleaned.split("\n"))
    whole_lines = {r.line: r.text for r in removals if r.column is None}
    cuts: dict[int, list[Removal]] = {}
    for removal in removals:
        if removal.column is not None:
            cuts.setdefault(removal.line, []).append(removal)
    lines = []
    total = cleaned.count("\n") + 1 + len(whole_lines)
    for number in range(1, total + 1):
        if number in whole_lines:
            lines.append(whole_lines[number])
            continue
        line = next(kept)
        # Undo the cuts in the reverse of the order they were made in.
        for cut in reversed(cuts.get(number, [])):
            line = line[: cut.column] + cut.text + line[cut.column :]
        lines.append(line)
    return "\n".join(lines)
