"""`report-archive`: the builder on its own, without MkDocs."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path
from typing import Callable, Iterable, Iterator

import yaml

from .add import add_reports
from .build import Project, generate, load_report, write_pages
from .check import check
from .model import NOT_GIVEN, InputError
from .secrecy import FINDING, HOW_TO_CLEAR


PLUGIN = "report-archive"


class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for our options, passing over the Python tags some of it holds."""


ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def plugin_options(root: Path) -> dict:
    """The options of the report-archive plugin in root/mkdocs.yml, so that the command checks
    with the rules and vocabulary the site is built with."""
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=ConfigLoader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and PLUGIN in plugin:
            return plugin[PLUGIN] or {}
    return {}


def project_from(args: argparse.Namespace) -> Project:
    root = Path(args.root)
    options = plugin_options(root)

    def path_option(given: Path | None, name: str) -> Path | None:
        return given or (root / options[name] if options.get(name) else None)

    sources = args.sources or options.get("sources", "source_reports")
    return Project.load(
        root,
        root / sources,
        path_option(args.rules, "rules"),
        path_option(args.vocabulary, "vocabulary"),
        secrecy=path_option(args.secrecy, "secrecy"),
    )


# Below this many files a run is quick, and progress lines would be noise.
PROGRESS_FROM = 100


def progress(label: str) -> Callable[[Iterable], Iterable]:
    """A bar on a terminal; in CI and logs, a plain line at every tenth."""

    def wrap(items: Iterable) -> Iterator:
        items = list(items)
        if sys.stderr.isatty():
            from tqdm import tqdm  # imported here: 25 ms that runs without a terminal need not pay

            yield from tqdm(items, desc=label, unit="篇", leave=False, file=sys.stderr)
            return
        total, step = len(items), max(1, len(items) // 10)
        for done, item in enumerate(items, start=1):
            yield item
            if total >= PROGRESS_FROM and (done % step == 0 or done == total):
                print(f"{label}：{done}/{total}", file=sys.stderr, flush=True)

    return wrap


def print_problems(archive) -> None:
    for problem in archive.problems:
        label = "错误" if problem.severity == "error" else "警告"
        print(f"{problem}（{label}）", file=sys.stderr)


def command_build(args: argparse.Namespace) -> int:
    # The build makes hundreds of thousands of objects that live until it ends (the reports
    # from the cache, their listings): full collections, passing over all of them, free next
    # to nothing and cost 0.15 s of a build at 10,000 reports. Only the young generations are
    # collected: the garbage cycles a build makes (python-docx's, for one) die young.
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 10**9)
    project = project_from(args)
    archive = generate(project, progress("生成"), bodies=False)
    print_problems(archive)
    written = write_pages(archive, Path(args.out), project)
    print(f"{len(archive.reports)} 篇报告，{len(archive.versions)} 个页面，其中 {written} 个有变化，已写入 {args.out}")
    return 1 if archive.errors else 0


def command_check(args: argparse.Namespace) -> int:
    archive = check(project_from(args), progress("检查"))
    print_problems(archive)
    if any(p.code == FINDING for p in archive.errors):
        print(HOW_TO_CLEAR, file=sys.stderr)
    errors = len(archive.errors)
    warnings = len(archive.problems) - errors
    with_errors = {p.path for p in archive.errors}
    ready = sum(1 for r in archive.reports if r.source.path not in with_errors)
    print(f"{ready} 篇报告可以发布；{errors} 个错误，{warnings} 个警告")
    return 1 if errors else 0


def describe_report(report) -> str:
    """What a maintainer reviews: the detected values, the outline and every removal."""
    meta = report.meta

    def why(name: str) -> str:
        return f"（{meta.reasons[name]}）" if name in meta.reasons else ""

    lines = [
        f"{report.source.path}（{report.source.encoding}）→ {report.url}",
        f"  标题：{meta.title}{why('title')}",
        f"  年度：{meta.year or NOT_GIVEN}{'（' + meta.period + '）' if meta.period else ''}{why('year')}",
        f"  单位：{meta.unit or NOT_GIVEN}{why('unit')}",
        f"  类型：{meta.type or NOT_GIVEN}{why('type')}",
        f"  标签：{'、'.join(meta.tags) or '无'}",
        *([f"  红头：{meta.issuer or NOT_GIVEN}　{meta.number or ''}".rstrip()] if meta.issuer or meta.number else []),
        f"  字数：{meta.chars}　占位符：{meta.placeholders}",
        "  提纲：",
        *(f"    {'  ' * (b.level - 2)}{b.text}" for b in report.blocks if b.kind == "heading"),
        f"  清除的内容（{len(report.removals)} 处）：",
        *(f"    第 {report.file_line(r.line)} 行 [{r.rule}] {r.text.rstrip()}" for r in report.removals),
    ]
    return "\n".join(lines)


def command_inspect(args: argparse.Namespace) -> int:
    project = project_from(args)
    status = 0
    for file in args.files:
        try:
            report = load_report(Path(file).resolve(), project)
        except InputError as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        print(describe_report(report))
        for problem in report.problems:
            print(f"  {problem}", file=sys.stderr)
    return status


def command_add(args: argparse.Namespace) -> int:
    project = project_from(args)
    results = add_reports(project, [Path(f) for f in args.files], args.force, progress("读取报告库"), args.by, args.cleared)
    refused = 0
    for added in results:
        if added.error:
            refused += 1
            print(added.error, file=sys.stderr)
            if added.secret:
                print(f"{added.file}: 保密审查未通过，未添加；确可公开的，由审查人确认后用 add --cleared --by 审查人 添加（放行记录写入 .yml 的 cleared:）", file=sys.stderr)
            continue
        print(describe_report(added.report))
        for problem in added.report.problems:
            print(f"  {problem}（警告）", file=sys.stderr)
        if added.cleared:
            print(f"  保密审查：{'、'.join(added.cleared)} 经审查放行（记录在 .yml 的 cleared: 中）", file=sys.stderr)
        for match in added.duplicate_of:
            print(f"  与已有的 {match.key} 的正文 {match.similarity:.0%} 相同", file=sys.stderr)
        if added.target is None:
            refused += 1
            print(f"{added.file}: 已在报告库中，未添加（确需添加请用 --force）", file=sys.stderr)
        else:
            target = added.target.relative_to(project.root).as_posix()
            print(f"  原件已存为 {target}；识别出的信息写在 {Path(target).with_suffix('.yml').as_posix()}，请核对并改正\n")
    print(f"添加了 {len(results) - refused} 篇，{refused} 篇未添加")
    return 1 if refused else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="report-archive", description="报告库：把原始报告整理成可检索的静态网站")
    main.add_argument("--root", default=".", help="项目目录（默认：当前目录）")
    main.add_argument("--sources", help="报告目录，相对于项目目录（默认：mkdocs.yml 中的设置，或 source_reports）")
    main.add_argument("--rules", type=Path, help="项目自己的清理规则 YAML，补充内置规则（默认：mkdocs.yml 中的设置）")
    main.add_argument("--vocabulary", type=Path, help="项目自己的类型与标签词表 YAML（默认：mkdocs.yml 中的设置）")
    main.add_argument("--secrecy", type=Path, help="项目自己的保密审查规则 YAML（默认：mkdocs.yml 中的设置）")
    commands = main.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="生成全部 Markdown 页面（不经 MkDocs）")
    build.add_argument("--out", default="build/docs", help="输出目录（默认：build/docs）")
    build.set_defaults(run=command_build)
    check = commands.add_parser("check", help="检查全部报告，问题以 路径:行号: 说明 列出")
    check.set_defaults(run=command_check)
    add = commands.add_parser("add", help="把报告原件加入报告库（source_reports/），识别出的信息写入同名 .yml")
    add.add_argument("files", nargs="+", help="报告文件：.txt（任意常见编码）、.md、.docx、.doc、.wps、.odt、.rtf、.pdf、扫描图片或 .html")
    add.add_argument("--force", action="store_true", help="即使与已有报告相同或高度相似也添加（决定记录在 .yml 中）")
    add.add_argument("--cleared", action="store_true", help="保密审查：审查人已确认报告中的密级标志或个人信息可以公开（记录在 .yml 的 cleared: 中）")
    add.add_argument("--by", help="与 --force 或 --cleared 一起：谁决定保留、谁审查放行（默认：git 的 user.name）")
    add.set_defaults(run=command_add)
    inspect = commands.add_parser("inspect", help="显示报告识别出的信息、提纲和清除的内容")
    inspect.add_argument("files", nargs="+", help="报告文件")
    inspect.set_defaults(run=command_inspect)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except InputError as error:  # a broken rules or vocabulary file
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
