"""Generate N realistic raw reports for the benchmarks, deterministically from a seed.

    python benchmarks/generate.py --count 1000 --out /tmp/corpus --seed 1
    python benchmarks/generate.py --one extra-0001 --out /tmp/corpus --seed 1

The material is the five sample reports in `source_reports/`: their noise is taken off, their
outline is cut into sections (work done / problems / next steps) and items (（一）… with its
paragraphs, or a plain paragraph), and each generated report recombines them under a new
title (year 2015–2025, a unit, a type), with its own numbers, places and brand names so that
reports are not copies of one another. A share keeps the noise of the material libraries
(##paidbegin## inside a word, the 哒哒 promotion lines, "（材料来源：【公众号：哒哒君】）"), and
the files vary in format and encoding: most UTF-8, some UTF-8 with BOM, GB18030, UTF-16,
CRLF line ends, a few .md with front matter and a few .docx.

Report i depends only on (seed, i): the corpus of 1,000 is the first 1,000 files of the
corpus of 10,000. File names are ASCII. The .docx files hold the same text on every run,
but their zip timestamps differ.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[1] / "source_reports"

TOP = re.compile(r"^[一二三四五六七八九十]+、")
SUB = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
NUMERALS = "一二三四五六七八九十"
NOISE_LINE = re.compile(r"哒哒|^##paid|^【公众号")
ATTRIBUTION = re.compile(r"（材料来源：[^）]*）")

# --- Vocabulary of the generated metadata ---------------------------------------------------

CITIES = ["南京", "苏州", "无锡", "常州", "扬州", "徐州", "杭州", "宁波", "温州", "合肥", "芜湖", "济南",
          "青岛", "烟台", "郑州", "洛阳", "武汉", "宜昌", "长沙", "株洲", "南昌", "赣州", "成都", "绵阳",
          "西安", "宝鸡", "兰州", "银川", "西宁", "昆明", "贵阳", "南宁", "柳州", "福州", "厦门", "石家庄",
          "保定", "太原", "大同", "沈阳", "大连", "长春", "吉林", "哈尔滨", "呼和浩特", "包头", "乌鲁木齐"]
PROVINCES = ["江苏"] * 4 + ["浙江", "安徽", "山东", "河南", "湖北", "湖南", "江西", "四川", "陕西", "甘肃",
                           "宁夏", "青海", "云南", "贵州", "广西", "福建", "河北", "山西", "辽宁", "吉林",
                           "黑龙江", "内蒙古", "新疆"]
ORGANS = ["财政局", "卫健委", "教育局", "民政局", "人社局", "自然资源局", "住建局", "交通运输局",
          "农业农村局", "商务局", "文广旅局", "应急管理局", "市场监管局", "统计局", "审计局", "税务局",
          "发改委", "工信局", "生态环境局", "水利局", "司法局", "公安局", "退役军人事务局", "医保局",
          "科技局", "林业局", "城管局", "信访局", "档案局", "机关事务管理局", "政务服务管理局", "数据局"]
ORGAN_PARTIES = ["党组", "党组", "机关党委", "党委", "机关党支部", "机关委员会"]
STREETS = ["城关", "东湖", "西城", "南苑", "北塘", "新桥", "河西", "长安", "解放", "人民路", "滨江", "开发区",
           "XX"]
INSTITUTIONS = ["市第一人民医院党委", "市中医院党委", "区妇幼保健院党总支", "县人民医院党委", "市实验小学党支部",
                "区第二中学党总支", "市职业技术学院党委", "市城投集团党委", "县农商银行党委", "市水务集团党委",
                "市交通投资集团党委", "区疾控中心党支部", "市图书馆党支部", "市广播电视台党委", "市供电公司党委"]
LEVELS = ["市", "市", "区", "区", "县"]

# (type code for the file name, title patterns); {u} unit, {y} year.
TITLES = {
    "shuzhi": ["{u}书记{y}年度抓基层党建工作述职报告", "{y}年度{u}书记抓党建工作述职报告",
               "{u}书记{y}年抓基层党建工作述职情况报告", "{u}班子{y}年述职述廉报告",
               "{y}年度机关支部书记抓党建工作述职报告"],
    "zongjie": ["{u}{y}年党建工作总结", "{y}年度{u}党建工作情况总结", "{u}{y}年上半年党建工作总结",
                "{y}年{u}全面从严治党工作总结"],
    "qingkuang": ["{u}关于{y}年落实全面从严治党主体责任情况的报告", "{y}年{u}抓党建情况报告",
                  "{u}{y}年度意识形态工作责任制落实情况报告", "{y}年党组抓党建情况报告"],
    "baogao": ["{u}{y}年党风廉政建设工作报告", "{u}书记抓党建工作报告", "{y}年{u}党建工作报告",
               "党组书记抓党建工作报告"],
    "jihua": ["{u}{y}年党建工作要点"],
}
TYPE_WEIGHTS = {"shuzhi": 35, "zongjie": 25, "qingkuang": 20, "baogao": 17, "jihua": 3}

# Words that make brand names and local phrases: more vocabulary than the five samples hold,
# as 10,000 real reports would.
BRAND_WORDS = ["红色", "先锋", "初心", "连心", "同心", "暖心", "聚力", "领航", "铸魂", "清风", "匠心", "星火",
               "筑梦", "惠民", "兴业", "固本", "强基", "润心", "融合", "共建", "旗帜", "灯塔", "磐石", "春风",
               "阳光", "绿色", "数字", "智慧", "邻里", "家园", "桥梁", "纽带", "堡垒", "引擎", "驿站", "港湾"]
ACTIVITIES = ["主题党日", "志愿服务", "结对共建", "送学上门", "红色教育", "党员示范岗", "书记项目", "党建联盟",
              "微党课", "读书分享会", "廉政家访", "岗位练兵", "民情恳谈", "走访慰问", "政策宣讲", "技能比武"]
LOCAL = [
    "结合{p}{c}实际，创新打造“{b}”党建品牌，组织开展{a}活动{n}场次，覆盖党员群众{m}余人次。",
    "依托{c}{s}街道党群服务中心，持续深化“{b}”工程，{a}常态化开展，累计解决群众急难愁盼问题{n}件。",
    "联合{c}{o}等{n}家单位签订党建共建协议，以“{b}+{b2}”模式推动党建与业务双融双促。",
    "赴{p}{c}学习考察先进经验{n}次，形成调研报告{k}篇，推动{a}提质增效。",
]

PROMOTION_ATTRIBUTION = "（材料来源：【公众号：哒哒君】）"


@dataclass
class Material:
    titles: list[str] = field(default_factory=list)
    intros: list[str] = field(default_factory=list)
    # role -> list of section headings (without the numeral) and list of items;
    # an item is a list of lines, the first possibly opening with （一）.
    headings: dict[str, list[str]] = field(default_factory=lambda: {"work": [], "problems": [], "next": []})
    items: dict[str, list[list[str]]] = field(default_factory=lambda: {"work": [], "problems": [], "next": []})
    closings: list[str] = field(default_factory=list)
    noise_lines: list[str] = field(default_factory=list)


def role_of(heading: str) -> str:
    if re.search(r"问题|不足|差距", heading):
        return "problems"
    if re.search(r"下一步|下步|打算|措施|安排|计划", heading):
        return "next"
    return "work"


def load_material(samples: Path = SAMPLES) -> Material:
    material = Material()
    for file in sorted(samples.glob("*.txt")):
        lines = [line.strip() for line in file.read_text(encoding="utf-8").splitlines()]
        for line in lines:
            if "哒哒" in line and line not in material.noise_lines:
                material.noise_lines.append(line)
        lines = [ATTRIBUTION.sub("", line.replace("##paidbegin##", "")) for line in lines]
        lines = [line for line in lines if line and not NOISE_LINE.search(line)]
        material.titles.append(lines[0])
        role, item = None, None
        for line in lines[1:]:
            if TOP.match(line):
                head, _, rest = line.partition("。")
                role = role_of(head)
                material.headings[role].append(TOP.sub("", head))
                item = None
                if rest:  # a top heading with its text on the same line is an item of its own
                    item = [rest]
                    material.items[role].append(item)
            elif role is None:
                material.intros.append(line)
            elif SUB.match(line):
                item = [SUB.sub("", line)]
                item[0] = "\0" + item[0]  # marks an item with a sub-heading
                material.items[role].append(item)
            elif re.match(r"^以上是我的|^以上|请.*批评指正", line):
                material.closings.append(line)
            elif item is not None and item[0].startswith("\0"):
                item.append(line)
            else:
                item = [line]
                material.items[role].append(item)
    return material


# --- One report --------------------------------------------------------------------------------


def pick_unit(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.62:
        city = rng.choice(CITIES) if rng.random() < 0.3 else ""
        level = rng.choice(LEVELS)
        return f"{city}{level}{rng.choice(ORGANS)}{rng.choice(ORGAN_PARTIES)}"
    if kind < 0.8:
        return f"{rng.choice(STREETS)}街道党工委"
    if kind < 0.93:
        return rng.choice(INSTITUTIONS)
    return f"{rng.choice(['XX', '东风', '新民', '红旗', '和平', '胜利'])}村党支部"


def vary_numbers(text: str, rng: random.Random) -> str:
    def number(match: re.Match) -> str:
        value = int(match.group(1))
        if 1990 <= value <= 2030:  # a year
            return match.group(0)
        low, high = max(1, value // 2), max(3, value * 2)
        return f"{rng.randint(low, high)}{match.group(2)}"

    return re.sub(r"(\d{1,4})(次|场|篇|人次|名|个|件|余次|条|项|余人|人|期|家)", number, text)


def local_sentence(rng: random.Random) -> str:
    return rng.choice(LOCAL).format(
        p=rng.choice(PROVINCES), c=rng.choice(CITIES), s=rng.choice(STREETS[:-1]), o=rng.choice(ORGANS),
        b=rng.choice(BRAND_WORDS) + rng.choice(BRAND_WORDS), b2=rng.choice(BRAND_WORDS) + rng.choice(BRAND_WORDS),
        a=rng.choice(ACTIVITIES), n=rng.randint(2, 60), m=rng.randint(100, 5000), k=rng.randint(1, 9),
    )


def personalise(line: str, year: int, rng: random.Random) -> str:
    line = re.sub(r"20(?:22|23)(年)", lambda m: f"{year}{m.group(1)}", line)
    line = re.sub(r"江苏", lambda m: rng.choice(PROVINCES), line)
    line = vary_numbers(line, rng)
    if rng.random() < 0.35:  # a local sentence at the end of a paragraph
        line += local_sentence(rng)
    return line


def render_item(item: list[str], number: int | None, year: int, rng: random.Random) -> list[str]:
    lines = [personalise(line.lstrip("\0"), year, rng) for line in item]
    if number is not None and item[0].startswith("\0"):
        lines[0] = f"（{chinese_number(number + 1)}）{lines[0]}"
    return lines


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 21 -> 二十一 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


@dataclass
class Generated:
    name: str  # file name without extension
    title: str
    lines: list[str]  # the body, title first
    noisy: bool
    year: int
    unit: str


def make_report(index: int, seed: int, material: Material, name: str | None = None, short: bool = False) -> Generated:
    rng = random.Random(f"{seed}:{index}:{name or ''}")
    year = rng.randint(2015, 2025)
    unit = pick_unit(rng)
    code = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    pattern = rng.choice(TITLES[code])
    if rng.random() < 0.05:  # no year in the title: the builder reads it from the text
        pattern = pattern.replace("{y}年度", "").replace("{y}年", "")
    title = pattern.format(u=unit, y=year)
    draw = rng.random()
    # Long: 2,000 – 15,000 characters, more short than long. Short: 200 – 600 characters aimed at (1 – 3 KB once the outline is filled),
    # as 心得体会, 情况报告 and excerpts often are.
    target = int(200 + 400 * draw) if short else int(2000 * (7.5**draw))

    lines = [title]
    if rng.random() < 0.15:
        lines.append("")
    intros = rng.sample(material.intros, k=min(len(material.intros), rng.randint(1, 2)))
    lines += [personalise(line, year, rng) for line in intros]
    length = sum(map(len, lines))

    plan = ["work"] * rng.randint(1, 3) + (["problems"] if rng.random() < 0.8 else []) + ["next"]
    used: set[int] = set()
    sections: list[tuple[str, list[list[str]]]] = []
    for role in plan:
        sections.append((rng.choice(material.headings[role]), []))
    # Fill the sections in turn until the report is long enough; each item at most once.
    pools = {role: list(range(len(material.items[role]))) for role in material.items}
    for pool in pools.values():
        rng.shuffle(pool)
    turn = 0
    while length < target and any(pools[role] for role in plan):
        heading, items = sections[turn % len(sections)]
        role = plan[turn % len(sections)]
        turn += 1
        if not pools[role] or (items and length + 800 > target and rng.random() < 0.5):
            continue
        item = material.items[role][pools[role].pop()]
        items.append(item)
        length += sum(map(len, item))
    for number, (heading, items) in enumerate(sections):
        if not items:
            continue
        lines.append(f"{chinese_number(number + 1)}、{heading}")
        sub = 0
        for item in items:
            is_sub = item[0].startswith("\0")
            lines += render_item(item, sub if is_sub else None, year, rng)
            sub += is_sub
    if code == "shuzhi" and material.closings and rng.random() < 0.6:
        lines.append(rng.choice(material.closings))

    noisy = rng.random() < 0.4
    if noisy:
        add_noise(lines, rng, material)
    file_name = name or f"r{index:05d}-{year}-{code}"
    return Generated(file_name, title, lines, noisy, year, unit)


def add_noise(lines: list[str], rng: random.Random, material: Material) -> None:
    """The noise of material libraries, as in the samples."""
    body = [i for i, line in enumerate(lines[1:], start=1) if len(line) > 80]
    if body and rng.random() < 0.8:  # a paywall marker inside a word
        i = rng.choice(body)
        line = lines[i]
        at = rng.randrange(20, len(line) - 20)
        lines[i] = line[:at] + "##paidbegin##" + line[at:]
    if body and rng.random() < 0.4:
        i = rng.choice(body)
        if lines[i].endswith("。"):
            lines[i] = lines[i] + PROMOTION_ATTRIBUTION
    if rng.random() < 0.3:
        lines.append("【公众号：哒哒君】，最新最全党建资料库")
    if rng.random() < 0.7:
        lines += ["", ""] + rng.sample(material.noise_lines, k=min(len(material.noise_lines), rng.randint(2, 4)))
    lines += ["", "", "##paidend##"]


# --- Files -------------------------------------------------------------------------------------


def write_report(report: Generated, out: Path, rng: random.Random, fmt: str | None = None) -> Path:
    """Write `report` in a format drawn from `rng` (or `fmt`), return the file."""
    fmt = fmt or rng.choices(
        ["utf8", "utf8-bom", "gb18030", "utf16", "md", "docx"], weights=[70, 8, 10, 5, 4, 3]
    )[0]
    if fmt == "docx":
        return write_docx(report, out / f"{report.name}.docx", styled=rng.random() < 0.5)
    text = "\n".join(report.lines) + "\n"
    if fmt == "md":
        front = f"---\nyear: {report.year}\nunit: {report.unit}\n---\n"
        text = front + text
        file = out / f"{report.name}.md"
    else:
        file = out / f"{report.name}.txt"
    if rng.random() < 0.12:
        text = text.replace("\n", "\r\n")
    encoding = {"utf8": "utf-8", "md": "utf-8", "utf8-bom": "utf-8-sig", "gb18030": "gb18030", "utf16": "utf-16"}[fmt]
    file.write_bytes(text.encode(encoding))
    return file


def write_docx(report: Generated, file: Path, styled: bool) -> Path:
    import datetime

    import docx

    document = docx.Document()
    document.core_properties.created = document.core_properties.modified = datetime.datetime(2024, 1, 1)
    for number, line in enumerate(report.lines):
        if not line:
            continue
        if styled and number == 0:
            document.add_heading(line, level=0)
        elif styled and TOP.match(line) and len(line) < 50:
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    document.save(str(file))
    return file


def generate(count: int, out: Path, seed: int, start: int = 0, short: bool = False) -> list[Path]:
    material = load_material()
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(start, count):
        report = make_report(index, seed, material, short=short)
        files.append(write_report(report, out, random.Random(f"{seed}:{index}:file")))
    return files


def write_one(name: str, out: Path, seed: int) -> Path:
    """One more report named `name`, in UTF-8, for the incremental build."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", name):
        raise SystemExit("--one: use lower-case ASCII letters, digits, - and _")
    material = load_material()
    out.mkdir(parents=True, exist_ok=True)
    index = int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)
    report = make_report(index, seed, material, name=name)
    return write_report(report, out, random.Random(0), fmt="utf8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="number of reports (default 1000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first index (to extend a corpus)")
    parser.add_argument("--one", metavar="NAME", help="write only one extra report NAME.txt")
    parser.add_argument("--short", action="store_true", help="short reports, 1 – 3 KB each, instead of 2,000 – 15,000 characters")
    args = parser.parse_args(argv)
    if args.one:
        print(write_one(args.one, args.out, args.seed))
        return 0
    files = generate(args.count, args.out, args.seed, args.start, args.short)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} reports, {size / 1e6:.1f} MB, in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
