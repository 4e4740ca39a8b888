"""Clean: a document's blocks -> the blocks without their noise + the removals, by rules kept
as data (rules/cleaning.yml).

Nothing of the report may be lost: the removals say what was taken from where, and
`restore_blocks` (for a document) or `restore` (for a text) gives back the original.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import yaml

from .model import TEXT_KINDS, Block, InputError, Removal
from .script import looks_traditional, simplified

DEFAULT_RULES = Path(__file__).parent / "rules" / "cleaning.yml"
LINE = re.compile(r"[^\n]*\n|[^\n]+")
# After a line that ends the report on a web page, lines up to this long are the page's
# lists (titles of other articles); a longer one may be the report's and stays.
PAGE_END = "page-end"
PAGE_END_LINE = 80
TRADITIONAL_PROBE = 40  # blocks looked at to tell a traditional text
TOP_LINES = 8  # "at the top" for rules with at_top
BYLINE_NAME = 12  # a line up to this long above a byline is the account's name


@dataclass(frozen=True)
class Rule:
    name: str
    scope: str  # "inline" or "line"
    pattern: re.Pattern
    max_length: int | None = None
    description: str = ""
    # The line closes the report on a web page (- END -, 往期推荐): the short lines after it
    # are the page's lists of other articles.
    ends_report: bool = False
    at_top: bool = False  # only among the first TOP_LINES lines
    byline: bool = False  # a short line just above goes too (see cleaning.yml)


@dataclass(frozen=True)
class Rules:
    inline: tuple[Rule, ...]
    line: tuple[Rule, ...]
    placeholder: re.Pattern
    fingerprint: str  # changes whenever the rules do; part of the build cache key


def load_rules(extra: Path | None = None) -> Rules:
    """The shipped rules, extended or overridden by a project's rules file."""
    files = [DEFAULT_RULES] + ([extra] if extra is not None else [])
    return rules_from(tuple((str(file), file.read_text(encoding="utf-8")) for file in files))


@lru_cache(maxsize=8)  # every build under `mkdocs serve` loads them: made once while the files stay
def rules_from(sources: tuple[tuple[str, str], ...]) -> Rules:
    """The rules of these files (name, text), each extending or overriding those before it."""
    by_name: dict[str, Rule] = {}
    placeholders: list[str] = []
    for file, text in sources:
        data = yaml.safe_load(text) or {}
        for number, entry in enumerate(data.get("rules", []), start=1):
            if entry.get("enabled", True) is False:
                by_name.pop(entry.get("name"), None)
                continue
            by_name[entry["name"]] = make_rule(entry, file, number)
        placeholders.extend(data.get("placeholders", []))
    rules = list(by_name.values())
    return Rules(
        inline=tuple(r for r in rules if r.scope == "inline"),
        line=tuple(r for r in rules if r.scope == "line"),
        placeholder=re.compile("|".join(f"(?:{p})" for p in placeholders) or r"(?!)"),
        fingerprint=hashlib.sha256("\0".join(text for _, text in sources).encode()).hexdigest()[:16],
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
        ends_report=bool(entry.get("ends_report", False)),
        at_top=bool(entry.get("at_top", False)),
        byline=bool(entry.get("byline", False)),
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


def clean_blocks(blocks: list[Block], rules: Rules) -> tuple[list[Block], list[Removal]]:
    """The blocks without their noise, and the removals, which name each block by its line.

    Only text blocks are cleaned: a table, an image or a footnote is the report's own.
    """
    kept: list[Block] = []
    removals: list[Removal] = []
    page_end = False
    seen = 0  # text blocks so far, kept or removed
    traditional = looks_traditional("".join(b.text for b in blocks[:TRADITIONAL_PROBE]))
    for block in blocks:
        if block.kind not in TEXT_KINDS:
            kept.append(block)
            continue
        # A traditional text is matched in simplified characters, character for character.
        probe = simplified(block.text) if traditional else None
        probe = probe if probe is not None and len(probe) == len(block.text) else None
        text, cuts = cut_inline(block.text, block.line, rules.inline, probe)
        at_top = seen < TOP_LINES
        seen += 1
        rule = matching_line_rule(simplified(text) if probe is not None else text, rules.line, at_top)
        if rule is not None:
            if rule.byline and at_top and kept and kept[-1].kind in TEXT_KINDS and len(kept[-1].text) <= BYLINE_NAME:
                name = kept.pop()
                removals.append(Removal(rule.name, name.line, name.text))
            removals.append(Removal(rule.name, block.line, block.text))
            page_end = page_end or rule.ends_report
            continue
        if cuts and not text.strip():  # nothing left but what was cut: a line of noise
            removals.append(Removal(cuts[0].rule, block.line, block.text))
            continue
        if page_end and len(block.text) <= PAGE_END_LINE:
            removals.append(Removal(PAGE_END, block.line, block.text))
            continue
        if cuts:
            # A footnote reference after a cut moves back with the text (approximately: by
            # the cuts' whole length, which is exact for the usual single cut before it).
            shift = sum(len(cut.text) for cut in cuts)
            refs = tuple((max(0, min(offset - shift if offset >= cuts[0].column else offset, len(text))), label) for offset, label in block.refs)
            block = replace(block, text=text, refs=refs)
        removals.extend(cuts)
        kept.append(block)
    return kept, removals


def restore_blocks(blocks: list[Block], removals: list[Removal]) -> list[tuple[int, str]]:
    """(line, text) of every text block before cleaning, from the cleaned blocks and the removals."""
    texts = {block.line: block.text for block in blocks if block.kind in TEXT_KINDS}
    for removal in removals:
        if removal.column is None:
            texts[removal.line] = removal.text
    for removal in reversed(removals):
        if removal.column is not None:
            text = texts[removal.line]
            texts[removal.line] = text[: removal.column] + removal.text + text[removal.column :]
    return sorted(texts.items())


def cut_inline(line: str, number: int, rules: tuple[Rule, ...], probe: str | None = None) -> tuple[str, list[Removal]]:
    """Cut every inline match out of `line`; columns refer to the line as it is left.

    `probe` is the line in simplified characters, as long as it, where the rules (written in
    simplified characters) look for their matches: what they find is cut from both.
    Repeated until nothing more matches, since a cut can join the halves of a new match
    ("##paid##paidbegin##begin##"); that keeps cleaning idempotent.
    """
    probe = line if probe is None else probe
    cuts: list[Removal] = []
    changed = True
    while changed:
        changed = False
        for rule in rules:
            if rule.max_length is not None and len(line.strip()) > rule.max_length:
                continue
            pieces, probe_pieces = [], []
            position = 0
            for match in rule.pattern.finditer(probe):
                if not match.group():
                    continue
                pieces.append(line[position : match.start()])
                probe_pieces.append(probe[position : match.start()])
                cuts.append(Removal(rule.name, number, line[match.start() : match.end()], sum(map(len, pieces))))
                position = match.end()
            if position:
                line = "".join(pieces) + line[position:]
                probe = "".join(probe_pieces) + probe[position:]
                changed = True
    return line, cuts


def matching_line_rule(line: str, rules: tuple[Rule, ...], at_top: bool = True) -> Rule | None:
    stripped = line.strip()
    for rule in rules:
        if rule.max_length is not None and len(stripped) > rule.max_length:
            continue
        if rule.at_top and not at_top:
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
