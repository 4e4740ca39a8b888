"""The MkDocs plugin: the only glue between the builder and MkDocs.

It generates the archive's pages in memory before the build, watches the source folder under
`mkdocs serve`, and writes the search index after the build. Nothing is written into docs/,
so a rebuild never triggers another one.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel

from .build import Archive, Project, generate, search_records
from .search import write_index

log = logging.getLogger("mkdocs.plugins.report_archive")
THEME_DIR = Path(__file__).parent / "theme"
EXTRA_CSS = ("assets/archive/archive.css", "assets/archive/search.css")
# Marks a search's phrase on the report page a result leads to (`?q=`); a module, as search.js.
MARK_SCRIPT = "assets/archive/mark.js"
REQUIRED_EXTENSIONS = ("toc", "tables", "md_in_html", "attr_list")
PARTIAL_SUFFIX = ".partial"


class ArchiveConfig(Config):
    sources = c.Type(str, default="source_reports")
    rules = c.Optional(c.File(exists=True))
    vocabulary = c.Optional(c.File(exists=True))
    search = c.Type(bool, default=True)


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    archive: Archive | None = None
    final_site: Path | None = None  # where a `mkdocs build` is moved once it is complete
    complete = False

    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.source_dir = self.root / self.config.sources
        if not self.source_dir.is_dir():
            raise PluginError(f"报告目录不存在：{self.source_dir}")
        # After the user's custom_dir, so that a project can still override our templates.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        config.extra_css.extend(css for css in EXTRA_CSS if css not in config.extra_css)
        if MARK_SCRIPT not in map(str, config.extra_javascript):
            script = ExtraScriptValue(MARK_SCRIPT)
            script.type = "module"
            config.extra_javascript.append(script)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if getattr(self, "command", None) in ("build", "gh-deploy") and not self.dirty:
            # Build beside the published site and swap only a complete build in (on_shutdown):
            # a build that is killed or fails leaves the previous site as it was.
            self.final_site = Path(config.site_dir)
            config.site_dir = str(self.final_site.with_name(self.final_site.name + PARTIAL_SUFFIX))
        return config

    def on_files(self, files: Files, *, config) -> Files:
        # Rules and vocabulary are read anew each build, so that editing them under
        # `mkdocs serve` shows at once.
        project = Project.load(self.root, self.source_dir, *map(optional_path, (self.config.rules, self.config.vocabulary)))
        self.archive = generate(project)
        for problem in self.archive.problems:
            # Errors are warnings to MkDocs: the build goes on without the file, --strict fails.
            (log.warning if problem.severity == "error" else log.info)(str(problem))
        for path, content in self.archive.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"docs/{path} 与生成的页面同名，请改名")
            # Reports stay out of the navigation (it is rendered into every page, so its cost
            # grows with the square of the archive); saying so keeps MkDocs from listing them.
            files.append(File.generated(config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV))
        for path, file in self.archive.assets.items():
            files.append(File.generated(config, path, abs_src_path=str(file), inclusion=InclusionLevel.NOT_IN_NAV))
        log.info(f"报告库：{len(self.archive.reports)} 篇报告，{len(self.archive.errors)} 个文件有错误")
        return files

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.source_dir))
        for extra in (self.config.rules, self.config.vocabulary):
            if extra:
                server.watch(extra)
        return server

    def on_post_build(self, *, config) -> None:
        if self.config.search and self.archive is not None:
            started = time.monotonic()
            # Some 30 s at 10,000 reports: say so before, not only after.
            log.info(f"正在建立检索索引（{len(self.archive.reports)} 篇报告）…")
            write_index(search_records(self.archive.reports), Path(config.site_dir))
            log.info(f"检索索引已建立，用时 {time.monotonic() - started:.1f} 秒")
        self.complete = True

    def on_build_error(self, *, error) -> None:
        # Also called after on_post_build when --strict turns warnings into a failure.
        self.complete = False

    def on_shutdown(self) -> None:
        if self.final_site is None:
            return
        partial = self.final_site.with_name(self.final_site.name + PARTIAL_SUFFIX)
        if self.complete:
            replace_directory(partial, self.final_site)
        else:
            log.warning(f"构建未完成，{self.final_site} 保持原样；未完成的结果在 {partial}")


def optional_path(value: str | None) -> Path | None:
    return Path(value) if value else None


def replace_directory(new: Path, target: Path) -> None:
    """Put `new` where `target` is; between the two renames the old copy is still on disk."""
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
