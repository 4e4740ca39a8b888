"""保密审查 (涉密不上网): classification marks and personal data, found before publishing.

A report that carries a classification mark (秘密★1年, 内部资料 注意保存…) or personal data
(身份证号, mobile numbers, bank cards, a project's further patterns) is kept off the site
until a reviewer clears it in its front matter or sidecar:

    cleared:
      by: 张三                # who cleared it
      date: 2026-11-30        # when (not after today)
      reason: 联系电话为单位公开的办公电话    # optional
      findings: ["138****5678"]  # optional: only these (as written, or as masked); else all

With `mask: true` in the rules, personal data no reviewer cleared is masked on the page
instead (138****5678), and the report's original is not published. What is found and how is
data: `rules/secrecy.yml`, which a project overrides like the cleaning rules.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import yaml

from .model import Block, InputError, Metadata, Problem, Source

DEFAULT_SECRECY = Path(__file__).parent / "rules" / "secrecy.yml"
CHECKS = ("marks", "id_card", "mobile", "bank_card")
LABELS = {"marks": "密级标志", "id_card": "身份证号", "mobile": "手机号", "bank_card": "银行卡号"}
FINDING = "secrecy"  # the code of the problem an uncleared finding is
HOW_TO_CLEAR = "保密审查：确可公开的，由审查人在报告同名的 .yml（或 .md 的 front matter）中写明 cleared: {by: 审查人, date: 审查日期}，见投稿指南“保密审查”"
MASKED = "secrecy-masked"  # the code of the warning a masked finding is
# Not `on`: YAML 1.1, which PyYAML reads, takes the key `on` for true.
CLEARANCE_KEYS = {"by", "date", "reason", "findings"}

# One character between groups of digits: 138 1234 5678, 138-1234-5678, 6222 0212 3456 7890.
SEP = "[ \u00a0\u3000\\-\u2010\u2011\u2013]"
SPACE_OR_SEP = re.compile(rf"\s|{SEP}")
# Full-width digits, Latin letters, ＋ and －, read as ASCII ones, character for character, so
# that what is found in the probe stands at the same place in the text.
WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a＋－]")
# What every number looked for holds: eleven digits or more, a separator between some of them.
# Most lines hold none, and are passed over at the cost of one search.
LONG_NUMBER = re.compile(rf"[0-9](?:{SEP}?[0-9]){{10}}")  # [0-9], not \d: twice as fast
MOBILE = re.compile(rf"(?<![0-9])(?:(?:\+|00)?86{SEP}?|[(（]\+?86[)）]{SEP}?)?(?P<value>1[3-9][0-9](?:{SEP}?[0-9]{{4}}){{2}})(?![0-9])")
ID_CARD = re.compile(rf"(?<![0-9])(?P<value>[1-9][0-9]{{5}}{SEP}?(?:18|19|20)[0-9]{{2}}[01][0-9][0-3][0-9]{SEP}?[0-9]{{3}}[0-9Xx])(?![0-9])")
CARD = re.compile(rf"(?<![0-9])(?P<value>[0-9]{{13,19}}|[0-9]{{4}}(?:{SEP}[0-9]{{4}}){{2,3}}(?:{SEP}[0-9]{{1,4}})?)(?![0-9])")
ID_WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # ISO 7064 MOD 11-2
ID_CHECK = "10X98765432"
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 统一社会信用代码, GB 32100
USCC_WEIGHTS = [3 ** i % 31 for i in range(17)]
# A line of nothing but marks is short: 份号, 密级, 保密期限, 紧急程度 and the spaces between.
MARK_LINE = 60
# What stands between marks on a mark's line: spaces, punctuation, brackets.
DECORATION = r"[\s,，、;；:：.。·•()（）\[\]【】〔〕<>《》「」『』“”\"'|/\\—-]"


@dataclass(frozen=True)
class Pattern:
    """A further pattern of a project (see rules/secrecy.yml)."""

    name: str
    regex: re.Pattern
    description: str
    mask: bool
    keep: tuple[int, int]


@dataclass(frozen=True)
class Secrecy:
    checks: frozenset[str]
    mask: bool
    mark_line: re.Pattern  # a line of nothing but marks
    mark_word: re.Pattern  # a level or an internal-use mark, which a mark line holds
    strong_mark: re.Pattern  # more than a bare level: a star, a period, 密级, internal use
    top_mark: re.Pattern  # at the top: a mark at the start or the end of a line
    top_lines: int
    regions: frozenset[str]
    card_prefix: re.Pattern
    keep: dict[str, tuple[int, int]]
    patterns: tuple[Pattern, ...]
    fingerprint: str  # changes whenever the rules do; part of the build cache key


@dataclass(frozen=True)
class Finding:
    kind: str  # one of CHECKS, or a pattern's name
    label: str  # what it is, as the messages say it
    text: str  # as written
    start: int  # where it stands in its line
    end: int
    personal: bool  # personal data, which can be masked; else only a reviewer clears it
    keep: tuple[int, int] = (0, 0)  # characters left visible when masked: at the start, at the end
    path: str = ""
    line: int = 0
    # In the page's address (the file's name, an id) and the catalogs' `source`: never masked.
    address: bool = False

    @property
    def masked(self) -> str:
        if not self.personal:
            return self.text
        places = [i for i, char in enumerate(self.text) if not SPACE_OR_SEP.match(char)]
        hidden = set(places[self.keep[0] : len(places) - self.keep[1]])
        return "".join("*" if i in hidden else char for i, char in enumerate(self.text))

    @property
    def key(self) -> str:
        return loose(self.text)

    def listed_as(self, entry: str) -> bool:
        """Whether a reviewer's entry in `cleared.findings` names this finding."""
        entry = loose(entry)
        if not entry:
            return False
        # A mark is named by any part of its line ("秘密★1年" of "份号 000012 秘密★1年").
        return entry in (self.key, loose(self.masked)) or (not self.personal and entry in self.key)


@dataclass(frozen=True)
class Clearance:
    by: str
    date: datetime.date
    findings: tuple[str, ...] | None  # None: every finding
    reason: str = ""


def narrow(text: str) -> str:
    # Not str.translate: over Chinese text it costs a hundred times more than this.
    return WIDE.sub(lambda wide: chr(ord(wide.group()) - 0xFEE0), text)


def loose(text: str) -> str:
    """Text as findings are compared: full-width read as ASCII, no spaces or separators."""
    return SPACE_OR_SEP.sub("", narrow(text)).upper()


# --- rules ---------------------------------------------------------------------------------


def load_secrecy(extra: Path | None = None) -> Secrecy:
    """The shipped rules, overridden by a project's rules file."""
    files = [DEFAULT_SECRECY] + ([extra] if extra is not None else [])
    return secrecy_from(tuple((str(file), file.read_text(encoding="utf-8")) for file in files))


@lru_cache(maxsize=8)  # every build under `mkdocs serve` loads them: made once while the files stay
def secrecy_from(sources: tuple[tuple[str, str], ...]) -> Secrecy:
    """The rules of these files (name, text), each overriding those before it."""
    data: dict[str, Any] = {}
    patterns: dict[str, Pattern] = {}
    for file, text in sources:
        try:
            given = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise InputError(file, mark.line + 1 if mark else 1, f"YAML 格式错误：{getattr(error, 'problem', error)}") from None
        if not isinstance(given, dict):
            raise InputError(file, 1, "保密审查规则应为“键: 值”形式")
        for key, value in given.items():
            if key == "patterns":
                for number, entry in enumerate(value or [], start=1):
                    if isinstance(entry, dict) and entry.get("enabled", True) is False:
                        patterns.pop(entry.get("name"), None)
                    else:
                        pattern = make_pattern(entry, file, number)
                        patterns[pattern.name] = pattern
            elif isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
    try:
        return make_secrecy(data, tuple(patterns.values()), hashlib.sha256("\0".join(text for _, text in sources).encode()).hexdigest()[:16])
    except (KeyError, TypeError, ValueError, re.error) as error:
        raise InputError(sources[-1][0], 1, f"保密审查规则有误：{type(error).__name__}: {error}") from None


def make_pattern(entry: Any, file: str, number: int) -> Pattern:
    if not isinstance(entry, dict) or not entry.get("name") or not entry.get("pattern"):
        raise InputError(file, 1, f"patterns 的第 {number} 条需要 name 和 pattern")
    try:
        regex = re.compile(entry["pattern"])
    except re.error as error:
        raise InputError(file, 1, f"patterns 的第 {number} 条（{entry['name']}）的 pattern 无效：{error}") from None
    keep = entry.get("keep", [0, 0])
    if not (isinstance(keep, list) and len(keep) == 2 and all(isinstance(k, int) and k >= 0 for k in keep)):
        raise InputError(file, 1, f"patterns 的第 {number} 条（{entry['name']}）的 keep 应为两个非负整数，如 [3, 4]")
    return Pattern(entry["name"], regex, str(entry.get("description") or entry["name"]), bool(entry.get("mask", False)), tuple(keep))


def make_secrecy(data: dict, patterns: tuple[Pattern, ...], fingerprint: str) -> Secrecy:
    marks = data["marks"]
    # A level is typeset spaced at times, as titles of two characters are: 秘　密★1年.
    levels = [r"[ \u3000]?".join(map(re.escape, name)) for name in marks["levels"]]
    level = "(?:" + "|".join(levels) + ")"
    restriction = "(?:" + "|".join(map(re.escape, sorted(marks["restrictions"], key=len, reverse=True))) + ")"
    star, period, companion = f"(?:{marks['star']})", f"(?:{marks['period']})", f"(?:{marks['companions']})"
    # (?:[:：]\s*)? and not [:：]?\s*: two runs of spaces in a row make a search quadratic.
    label = r"密级\s*(?:[:：]\s*)?"
    # A level with what may go with it: 密级：秘密, 秘密★1年, 秘密 1年, 机密★, 绝密级.
    level_mark = rf"(?:{label})?{level}级?(?:\s*{star}\s*{period}?|\s*{period})?"
    starred = rf"(?:(?:{label})?{level}级?\s*{star}\s*{period}?|{label}{level}级?)"
    bracketed = rf"[【〔\[(（]\s*(?:{level_mark}|{restriction})\s*[】〕\])）]"
    space = r"[ \t\u3000\u00a0]"
    return Secrecy(
        checks=frozenset(name for name in CHECKS if data["checks"].get(name, False)),
        mask=bool(data.get("mask", False)),
        mark_line=re.compile(rf"(?:{DECORATION}|{level_mark}|{restriction}|{companion}|保密期限\s*(?:[:：]\s*)?{period})+"),
        # One flat alternation: nested in groups, the literals are not found by their first
        # characters, and a search over a whole document takes seven times as long.
        mark_word=re.compile("|".join([*levels, *map(re.escape, marks["restrictions"])])),
        strong_mark=re.compile(rf"{star}|密级|{restriction}|{level}级?\s*{period}"),
        top_mark=re.compile(
            rf"^\s*(?:{starred}|{bracketed}|(?:{level}|{restriction}){space})"
            rf"|{space}(?:{starred}|{bracketed}|{level_mark}|{restriction})\s*$"
        ),
        top_lines=int(marks["top_lines"]),
        regions=frozenset(str(region) for region in data["id_card"]["regions"]),
        card_prefix=re.compile(f"(?:{data['bank_card']['prefixes']})"),
        keep={name: tuple(data[name]["keep"]) for name in ("id_card", "mobile", "bank_card")},
        patterns=patterns,
        fingerprint=fingerprint,
    )


# --- detectors -----------------------------------------------------------------------------


def valid_id_card(number: str, regions: frozenset[str]) -> bool:
    """An 18-character 身份证号 (digits only, X last at most): a province, a birth date that
    has been, and its ISO 7064 MOD 11-2 check character."""
    number = number.upper()
    if len(number) != 18 or not number[:17].isdigit() or number[:2] not in regions:
        return False
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not datetime.date(1900, 1, 1) <= born <= datetime.date.today():
        return False
    return ID_CHECK[sum(int(d) * w for d, w in zip(number, ID_WEIGHTS)) % 11] == number[17]


def luhn(number: str) -> bool:
    total = 0
    for position, digit in enumerate(reversed(number)):
        value = int(digit) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def valid_uscc(code: str) -> bool:
    """An 18-character 统一社会信用代码 with its check character (GB 32100)."""
    if len(code) != 18 or any(char not in USCC_CHARS for char in code):
        return False
    total = sum(USCC_CHARS.index(char) * weight for char, weight in zip(code, USCC_WEIGHTS))
    return USCC_CHARS[(31 - total % 31) % 31] == code[17]


def is_mark(line: str, rules: Secrecy, top: bool, in_table: bool) -> bool:
    stripped = line.strip()
    if not rules.mark_word.search(stripped):
        return False
    if len(stripped) <= MARK_LINE and rules.mark_line.fullmatch(stripped):
        # A table's row of bare levels (绝密 机密 秘密) is its header, unless the table is
        # a document's 版头, laid out as a table at its top.
        return top or not in_table or bool(rules.strong_mark.search(stripped))
    return top and bool(rules.top_mark.search(line))


def scan_line(line: str, rules: Secrecy, top: bool = False, in_table: bool = False) -> list[Finding]:
    """What `line` holds that must not be published without a reviewer; `top`: it is among
    the first lines of the document, where its marks stand."""
    found: list[Finding] = []
    if "marks" in rules.checks and is_mark(line, rules, top, in_table):
        stripped = line.strip()
        start = line.index(stripped)
        found.append(Finding("marks", LABELS["marks"], stripped, start, start + len(stripped), personal=False))
    probe = narrow(line)
    if LONG_NUMBER.search(probe):
        found.extend(numbers(line, probe, rules))
    for pattern in rules.patterns:
        for match in pattern.regex.finditer(probe):
            group = "value" if "value" in pattern.regex.groupindex else 0
            start, end = match.span(group)
            if end > start:
                found.append(Finding(pattern.name, pattern.description, line[start:end], start, end, pattern.mask, pattern.keep))
    return found


def numbers(line: str, probe: str, rules: Secrecy) -> list[Finding]:
    found: list[Finding] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match) -> None:
        start, end = match.span("value")
        found.append(Finding(kind, LABELS[kind], line[start:end], start, end, True, rules.keep[kind]))
        taken.append(match.span())

    def free(match: re.Match) -> bool:
        start, end = match.span()
        return all(end <= a or start >= b for a, b in taken)

    ids = [m for m in ID_CARD.finditer(probe) if valid_id_card(loose(m.group("value")), rules.regions)]
    if "id_card" in rules.checks:
        for match in ids:
            add("id_card", match)
    taken.extend(m.span() for m in ids)  # a valid 身份证号 is no card, checked or not
    if "mobile" in rules.checks:
        for match in MOBILE.finditer(probe):
            if free(match):
                add("mobile", match)
    if "bank_card" in rules.checks:
        for match in CARD.finditer(probe):
            digits = loose(match.group("value"))
            if 13 <= len(digits) <= 19 and rules.card_prefix.match(digits) and luhn(digits) and not valid_uscc(digits) and free(match):
                add("bank_card", match)
    return found


# --- a report ------------------------------------------------------------------------------


def findings(source: Source, published: list[Block], rules: Secrecy) -> list[Finding]:
    """Every finding in what would be published: the document as read (its original is
    offered for download), the text as published (cleaning may join what noise split), the
    file's name (it becomes the page's address) and the values set by hand; each once."""
    found: dict[tuple, Finding] = {}
    scanned: dict[tuple, list[Finding]] = {}  # most lines are published as they were read

    def scan(path: str, line: int, text: str, top: bool = False, in_table: bool = False, address: bool = False) -> None:
        where = (text, top, in_table)
        if where not in scanned:
            scanned[where] = scan_line(text, rules, top, in_table)
        for finding in scanned[where]:
            found.setdefault((path, line, finding.kind, finding.key, address), replace(finding, path=path, line=line, address=address))

    for blocks, top in ((source.blocks, True), (published, False)):
        if not may_hold("\n".join(block.text for block in blocks), rules):
            continue
        seen = 0
        for block in blocks:
            line = block.line + source.body_line - 1
            for text in block.text.split("\n"):
                scan(source.path, line, text, top and seen < rules.top_lines, block.kind == "table")
            seen += 1
    scan(source.path, 1, Path(source.path).stem, address=True)
    for value in source.document_fields.values():
        scan(source.path, 1, str(value))
    for name, value in source.fields.items():
        if name == "cleared":
            continue
        where, line = source.field_files.get(name, source.path), source.field_lines.get(name, 1)
        for text in strings(value):
            scan(where, line, text, address=name == "id")
    return sorted(found.values(), key=lambda f: (f.path != source.path, f.path, f.line, f.start))


def may_hold(text: str, rules: Secrecy) -> bool:
    """Whether `text` may hold a finding: most documents hold none, and a few searches over
    the whole of one cost a fraction of looking at each of its lines."""
    probe = narrow(text)
    return (
        rules.mark_word.search(text) is not None
        or LONG_NUMBER.search(probe) is not None
        or any(pattern.regex.search(probe) for pattern in rules.patterns)
    )


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield from value.split("\n")


def read_clearance(source: Source) -> tuple[Clearance | None, list[Problem]]:
    """The reviewer's clearance in the front matter or sidecar, or why it is not one."""
    if "cleared" not in source.fields:
        return None, []
    value = source.fields["cleared"]
    where = source.field_files.get("cleared", source.path)
    line = source.field_lines.get("cleared", 1)
    shape = "cleared 应写明审查人和日期，如 cleared: {by: 张三, date: 2026-11-30}，可加 reason（理由）和 findings（只放行其中列出的几处）"
    if not isinstance(value, dict):
        return None, [Problem(where, line, shape)]
    errors = []
    unknown = value.keys() - CLEARANCE_KEYS
    if unknown:
        errors.append(f"cleared 中有未知的项 {'、'.join(map(str, sorted(unknown, key=str)))}（可用：by、date、reason、findings）")
    by = value.get("by")
    if not isinstance(by, str) or not by.strip():
        errors.append("cleared 缺少 by（审查人）")
    date = value.get("date")
    if isinstance(date, str):
        try:
            date = datetime.date.fromisoformat(date.strip())
        except ValueError:
            pass
    if isinstance(date, datetime.datetime):
        date = date.date()
    if not isinstance(date, datetime.date):
        errors.append(f"cleared 的 date 应为审查日期，如 2026-11-30，而不是 {value.get('date')!r}")
    elif date > datetime.date.today():
        errors.append(f"cleared 的 date（{date}）晚于今天")
    listed = value.get("findings")
    if listed is not None and not (isinstance(listed, list) and listed and all(isinstance(e, (str, int)) and str(e).strip() for e in listed)):
        errors.append("cleared 的 findings 应为列表，每项是一处发现的原文或其隐去后的写法，如 [\"138****5678\", 秘密★1年]")
    reason = value.get("reason", "")
    if not isinstance(reason, str):
        errors.append("cleared 的 reason 应为文字")
    if errors:
        return None, [Problem(where, line, "；".join(errors) + "。" + shape)]
    findings_listed = None if listed is None else tuple(str(e) for e in listed)
    return Clearance(by.strip(), date, findings_listed, reason), []


def screen(source: Source, blocks: list[Block], meta: Metadata, rules: Secrecy) -> tuple[list[Block], Metadata, list[Problem]]:
    """The review of one report: its findings that no reviewer cleared as errors, or, with
    masking on, its personal data masked in the blocks and metadata as warnings."""
    clearance, problems = read_clearance(source)
    found = findings(source, blocks, rules)
    if clearance is not None and clearance.findings is not None:
        for entry in clearance.findings:
            if not any(f.listed_as(entry) for f in found):
                where = source.field_files.get("cleared", source.path)
                problems.append(Problem(where, source.field_lines.get("cleared", 1), f"cleared 的 findings 中“{entry}”在报告中没有找到，可以删去", "warning"))
    left = [f for f in found if not is_cleared(f, clearance)]
    masked = [f for f in left if f.personal and rules.mask and not f.address]
    for finding in left:
        if finding in masked:
            message = f"保密审查：{finding.label}“{finding.masked}”已在网页中隐去，原件不予发布"
            problems.append(Problem(finding.path, finding.line, message, "warning", MASKED))
        elif finding.address:
            message = f"保密审查：文件名或 id 中有{finding.label}“{finding.masked}”，它会成为网址并列入目录，请改名"
            problems.append(Problem(finding.path, finding.line, message, "error", FINDING))
        else:
            message = f"保密审查：{finding.label}“{finding.masked}”，未经审查放行，不予发布"
            problems.append(Problem(finding.path, finding.line, message, "error", FINDING))
    if masked:

        def hide(text: str) -> str:
            return mask_text(text, rules, lambda finding: is_cleared(finding, clearance))

        blocks = [mask_block(block, hide) for block in blocks]
        meta = replace(
            meta,
            title=hide(meta.title),
            unit=meta.unit and hide(meta.unit),
            issuer=meta.issuer and hide(meta.issuer),
            number=meta.number and hide(meta.number),
            tags=[hide(tag) for tag in meta.tags],
        )
    return blocks, meta, problems


def is_cleared(finding: Finding, clearance: Clearance | None) -> bool:
    if clearance is None:
        return False
    return clearance.findings is None or any(finding.listed_as(entry) for entry in clearance.findings)


def mask_text(text: str, rules: Secrecy, spare: Callable[[Finding], bool] = lambda f: False) -> str:
    """`text` with its personal data masked, character for character (so that what points
    into it, as footnote references do, still points to the same place); `spare`: cleared."""
    if not text:
        return text
    lines = []
    for line in text.split("\n"):
        for finding in scan_line(line, rules):
            if finding.personal and not spare(finding):
                line = line[: finding.start] + finding.masked + line[finding.end :]
        lines.append(line)
    return "\n".join(lines)


def mask_block(block: Block, hide: Callable[[str], str]) -> Block:
    rows = [[replace(cell, text=hide(cell.text)) for cell in row] for row in block.rows] if block.rows else block.rows
    return replace(block, text=hide(block.text), rows=rows)


def is_masked(problems: Iterable[Problem]) -> bool:
    """Whether a report's page had personal data masked: its original is then not published."""
    return any(problem.code == MASKED for problem in problems)
