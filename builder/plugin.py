"""The MkDocs plugin: the only glue between the builder and MkDocs.

It generates the archive's pages in memory before the build, watches the source folder under
`mkdocs serve`, and writes the search index after the build. Nothing is written into docs/,
so a rebuild never triggers another one.

Under `mkdocs serve --dirty` (scripts/serve), MkDocs rebuilds only the files that say they
changed (`File.is_modified`). The plugin's files know: each carries what it was made from
(`Archive.versions`), compared with the last build into the same site, so that saving one
report rebuilds its page, the listings and similar-report sections it appears in, and its
entries in the search index; files of reports that went are removed.

Report pages are not Markdown to MkDocs: their files are empty, and the plugin hands MkDocs
each page's HTML, rendered from the document model (render.HtmlPage), with its table of
contents. Converting the same page from Markdown, which `report-archive build --out` writes,
gives the same HTML (tests/test_render_paths.py) at several times the cost.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import os
import re
import shutil
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from mkdocs.config import config_options as c
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
import jinja2
from markdown.extensions.toc import nest_toc_tokens
from markdown.extensions.toc import slugify as default_slugify
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
)

from .build import Archive, IndexUpdates, IndexWriting, Project, generate, search_records
from .facets import pinyin
from .markup import escape_html
from .model import Report
from .pages import Document, HtmlPage, Island, Listing
from .render import page_meta, render_headings, render_page
from .search import SearchRecord

log = logging.getLogger("mkdocs.plugins.report_archive")
THEME_DIR = Path(__file__).parent / "theme"
EXTRA_CSS = ("assets/archive/archive.css", "assets/archive/search.css")
EXTRA_JAVASCRIPT = ("assets/archive/archive.js",)
# Marks a search's phrase on the report page a result leads to (`?q=`); a module, as search.js.
MARK_SCRIPT = "assets/archive/mark.js"
REQUIRED_EXTENSIONS = ("toc", "tables", "md_in_html", "attr_list")
PARTIAL_SUFFIX = ".partial"


class GeneratedFile(File):
    """A file the plugin generates, which knows whether it changed since the last build into
    the same site: under --dirty, MkDocs rebuilds only those that did."""

    changed = True
    modified: bool | None = None
    documentation: bool | None = None

    def is_documentation_page(self) -> bool:
        # Asked six times for each file in a build (0.25 s of a rebuild at 10,000 reports,
        # profiled): answered once.
        if self.documentation is None:
            self.documentation = super().is_documentation_page()
        return self.documentation

    def is_modified(self) -> bool:
        # Asked several times for each file in a build (MkDocs reads, copies, writes): the
        # destination is looked for once.
        if self.modified is None:
            self.modified = self.changed or not os.path.isfile(self.abs_dest_path)
        return self.modified


class RenderedPage(Page):
    """A page the plugin renders whole (a report; a document, such as a unit's page): its
    Markdown is empty, and MkDocs' conversion of it would only cost time — a Markdown instance
    with every extension, made anew for each page (1.5 ms a page: 15 s of a build at 10,000
    reports)."""

    def render(self, config, files) -> None:
        self.content, self.toc, self._title_from_render = "", EMPTY_TOC, None
        self.present_anchor_ids, self.links_to_anchors = set(), {}

    def _set_canonical_url(self, base: str | None) -> None:
        # MkDocs joins and splits each page's URL with urllib: 1 s of a rebuild at 10,000
        # reports. A plain relative path (a report's "reports/<id>/") is the base's followed by it.
        url = self.url
        if base and PLAIN_URL.fullmatch(url) and "/." not in url:
            canonical, path = joined_base(base)
            self.canonical_url, self.abs_url = canonical + url, path + url
        else:
            super()._set_canonical_url(base)


# A relative URL that urljoin appends to a base as it is: no scheme, query, fragment, leading
# slash or dot (and no "/." in it: see RenderedPage).
PLAIN_URL = re.compile(r"[^./?#:][^?#:]*")


@functools.lru_cache(maxsize=8)
def joined_base(base: str) -> tuple[str, str]:
    """What a plain relative URL is appended to, for the site URL `base`: in the canonical URL,
    and in its path (as MkDocs' Page works them out)."""
    joined = urljoin(base if base.endswith("/") else base + "/", "x")
    return joined[:-1], urlsplit(joined).path[:-1]


def nav_paths(nav) -> set[str]:
    """The files the configured navigation names."""
    if isinstance(nav, dict):
        nav = list(nav.values())
    if isinstance(nav, list):
        return set().union(*map(nav_paths, nav))
    return {nav} if isinstance(nav, str) else set()


@dataclass
class LastBuild:
    """What a build leaves for the next one into the same site (see GeneratedFile)."""

    archive: Archive | None  # its versions: generated file -> what it was made from
    files: dict[str, GeneratedFile]  # generated file -> its File (written to its abs_dest_path)
    urls: dict[str, str]  # file of the docs tree -> its URL (url_of)
    records: dict[str, SearchRecord]  # report's cache key -> its search record


# The last build into each site folder, with each configuration: a process that builds again
# (`mkdocs serve`) makes a new plugin for each build, so this is kept with the module.
LAST_BUILDS: dict[tuple[str, str], LastBuild] = {}

# The search index of a build that does not write it whole in processes of its own
# (IndexWriting) is updated in another process. Under `mkdocs serve`, a rebuild returns (and the
# browser reloads the changed page) without waiting for it: the update takes 2-4 s more at
# 10,000 reports, and a search in the preview made during it may not see the change whole. The
# next update queues behind it (on_pre_build: a rebuild without --dirty waits for it).
INDEX_UPDATES = IndexUpdates()


class CompiledTemplates(jinja2.BytecodeCache):
    """Jinja's compiled templates, in memory, by template and source (Jinja's own key)."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = CompiledTemplates()


class ArchiveConfig(Config):
    sources = c.Type(str, default="source_reports")
    rules = c.Optional(c.File(exists=True))
    vocabulary = c.Optional(c.File(exists=True))
    secrecy = c.Optional(c.File(exists=True))  # 保密审查 rules (rules/secrecy.yml)
    search = c.Type(bool, default=True)


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    archive: Archive | None = None
    indexing: IndexWriting | None = None  # the search index, being written in other processes
    report_pages: dict[str, Report] = {}  # path in the docs tree -> the report it shows
    final_site: Path | None = None  # where a `mkdocs build` is moved once it is complete
    complete = False
    command: str | None = None  # mkdocs' command (on_startup): "serve", "build"…
    observer = None  # under `mkdocs serve`, what tells a change of the sources (watch_changes)

    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty
        self.table_rows: dict[str, dict] = {}  # page URL -> its table rows' HTML (HtmlPage.known_rows)
        if dirty:
            # MkDocs warns that a dirty build makes navigation and links inaccurate; not here
            # (GeneratedFile), and the warning would teach users to ignore warnings.
            logging.getLogger("mkdocs.commands.build").addFilter(lambda record: not record.getMessage().startswith("A 'dirty' build"))

    def on_config(self, config):
        self.root = Path(config.config_file_path).parent
        self.source_dir = self.root / self.config.sources
        if not self.source_dir.is_dir():
            raise PluginError(f"报告目录不存在：{self.source_dir}")
        # After the user's custom_dir, so that a project can still override our templates.
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, str(THEME_DIR))
        config.extra_css.extend(css for css in EXTRA_CSS if css not in config.extra_css)
        config.extra_javascript.extend(js for js in EXTRA_JAVASCRIPT if js not in config.extra_javascript)
        if MARK_SCRIPT not in map(str, config.extra_javascript):
            script = ExtraScriptValue(MARK_SCRIPT)
            script.type = "module"
            config.extra_javascript.append(script)
        for extension in REQUIRED_EXTENSIONS:
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if self.command in ("build", "gh-deploy") and not self.dirty:
            # Build beside the published site and swap only a complete build in (on_shutdown):
            # a build that is killed or fails leaves the previous site as it was.
            self.final_site = Path(config.site_dir)
            config.site_dir = str(self.final_site.with_name(self.final_site.name + PARTIAL_SUFFIX))
        return config

    def on_files(self, files: Files, *, config) -> Files:
        # Rules and vocabulary are read anew each build, so that editing them under
        # `mkdocs serve` shows at once.
        rules, vocabulary, secrecy = map(optional_path, (self.config.rules, self.config.vocabulary, self.config.secrecy))
        project = Project.load(self.root, self.source_dir, rules, vocabulary, secrecy=secrecy)
        # A change of the configuration (navigation, theme, extensions) changes every page.
        self.build_key = (config.site_dir, hashlib.sha256(Path(config.config_file_path).read_bytes()).hexdigest())
        self.last = LAST_BUILDS.pop(self.build_key, None)
        self.archive = generate(project, bodies=False, earlier=self.last and self.last.archive)
        self.report_pages = {report.page_path: report for report in self.archive.reports}
        for problem in self.archive.problems:
            # Errors are warnings to MkDocs: the build goes on without the file, --strict fails.
            (log.warning if problem.severity == "error" else log.info)(str(problem))
        self.files: dict[str, GeneratedFile] = {}
        # Listing pages: Markdown, with a placeholder paragraph for each island (on_page_content);
        # documents and report pages: empty, as the plugin renders them whole.
        self.documents = {path: page for path, page in self.archive.pages.items() if isinstance(page, Document)}
        listings = {path: page for path, page in self.archive.pages.items() if isinstance(page, Listing) and path not in self.documents}
        self.islands = {path: [p for p in page.parts if isinstance(p, Island)] for path, page in listings.items()}
        pages = {path: placeholders(page) if path in listings else "" if path in self.documents else page for path, page in self.archive.pages.items()}
        pages.update(dict.fromkeys(self.report_pages, ""))
        named = nav_paths(config.nav)  # pages whose title the navigation gives: MkDocs makes those
        for path, content in pages.items():
            if path in files.src_uris:  # not get_file_from_path, which normalises each path (0.3 s, profiled)
                raise PluginError(f"docs/{path} 与生成的页面同名，请改名")
            # Reports stay out of the navigation (it is rendered into every page, so its cost
            # grows with the square of the archive); saying so keeps MkDocs from listing them.
            file = self.generated(config, path, path not in named, content=content)
            if file.page is None and (path in self.report_pages or (path in self.documents and path not in named)):
                RenderedPage(None, file, config)  # MkDocs takes the page a file has
            files.append(file)
        for path, file in self.archive.assets.items():
            files.append(self.generated(config, path, True, abs_src_path=file))
        log.info(f"报告库：{len(self.archive.reports)} 篇报告，{len(self.archive.errors)} 个文件有错误")
        self.site_files = files  # which the links of generated pages are resolved in
        # Their URLs by path, as links ask for them: kept from the last build into the same site
        # with the same configuration, which gives a path the same URL.
        self.urls: dict[str, str] = self.last.urls if self.last else {}
        if self.config.search and getattr(self, "command", None) in ("build", "gh-deploy"):
            # A build of its own (not `mkdocs serve`, which keeps the index's state to update it):
            # the whole index is written on the other processors while MkDocs renders the pages.
            self.indexing = IndexWriting(self.archive, Path(config.site_dir))
        else:  # not one left from an earlier build in this process
            self.indexing = None
        return files

    def generated(self, config, path: str, reusable: bool, **source) -> GeneratedFile:
        """The file of a generated page or asset. One that has not changed since the last build
        into the same site, and that the navigation does not name (which makes its page anew),
        is the last build's File, with its Page: making them again took 2.5 s of a rebuild
        under serve at 10,000 reports, profiled."""
        unchanged = self.last is not None and self.last.archive.versions.get(path) == self.archive.versions[path]
        file = self.last.files.get(path) if unchanged and reusable else None
        if file is not None:
            file.modified = False  # the last build wrote it
        else:
            file = GeneratedFile.generated(config, path, inclusion=InclusionLevel.NOT_IN_NAV, **source)
            file.changed = not unchanged
        self.files[path] = file
        return file

    def on_env(self, env, *, config, files):
        # Each build makes a new template environment, which compiles the templates again
        # (about a second): their compiled code is kept from one build to the next.
        env.bytecode_cache = TEMPLATE_CODE
        # What a template renders once for many pages (theme/main.html): kept for this build.
        shared: dict[str, str] = {}
        env.globals["archive_once"] = lambda key, caller: shared[key] if key in shared else shared.setdefault(key, caller())
        return env

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        report = self.report_pages.get(page.file.src_uri)
        # HTML, as MkDocs takes a title from the page's rendered <h1>, and as the templates print it.
        if report is not None:
            page.meta = {**page_meta(report), "title": escape_html(report.meta.title)}
        elif page.file.src_uri in self.documents:
            page.meta = {"title": escape_html(self.documents[page.file.src_uri].title)}
        return markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        islands = self.islands.get(page.file.src_uri)
        if islands:
            out = self.listing_page(page, config)
            html = ISLAND.sub(lambda match: islands[int(match.group(1))].render(out), html)
            self.keep_rows(page, out)
            return html
        document = self.documents.get(page.file.src_uri)
        if document is not None:
            out = self.listing_page(page, config)
            html = document.render(out)
            self.keep_rows(page, out)
            set_toc(page, out)
            return html
        report = self.report_pages.get(page.file.src_uri)
        if report is None:
            return html
        # A report page's HTML is made when MkDocs writes the page (on_page_context) and let go
        # once written (on_post_page): MkDocs keeps every page's content until the build ends,
        # gigabytes at 100,000 reports. Here only its headings, for the table of contents.
        out = self.html_page(page, config)
        render_headings(report, self.archive.blocks(report), self.archive.placeholder, out)
        set_toc(page, out)
        return ""

    def on_page_context(self, context, *, page, config, nav):
        report = self.report_pages.get(page.file.src_uri)
        if report is not None:
            out = self.html_page(page, config)
            page.content = render_page(report, self.archive.blocks(report), self.archive.placeholder, self.archive.similar[report.id], out)
        return context

    def on_post_page(self, output: str, *, page, config) -> str:
        if page.file.src_uri in self.files:
            # Written: what only its template needed goes (MkDocs would keep it to the end of
            # the build, some 6 MB for each 1,000 reports). Its anchors stay, which MkDocs checks
            # links against once every page is written.
            page.content = None
            page.toc = EMPTY_TOC
        return output

    def html_page(self, page, config) -> HtmlPage:
        return HtmlPage(url=lambda target: url_of(target, page.url, self.site_files, self.urls), **heading_settings(config))

    def listing_page(self, page, config) -> HtmlPage:
        out = self.html_page(page, config)
        if self.command == "serve":
            out.known_rows = self.table_rows.get(page.url, {})
        return out

    def keep_rows(self, page, out: HtmlPage) -> None:
        if out.known_rows is not None:
            self.table_rows[page.url] = out.rendered_rows

    def on_serve(self, server, *, config, builder):
        # The first build is done; what follows makes the rebuilds a user waits on after each
        # save faster (benchmarks/RESULTS.md, issue 13). pypinyin's dictionaries load on first
        # use, which a changed report needs (0.9 s in the first rebuild at 10,000 reports): now.
        pinyin("")
        # Python's full garbage collections walk every object alive, and the objects kept from
        # build to build (summaries, search records) are most of them: one such collection cost
        # 1 s of a 6 s rebuild at 10,000 reports. Collect once now and leave what is alive out
        # of later collections (gc.freeze); what a rebuild makes is still collected.
        gc.collect()
        gc.freeze()
        watched = [str(self.source_dir)] + [extra for extra in (self.config.rules, self.config.vocabulary, self.config.secrecy) if extra]
        self.observer = watch_changes(server, watched)
        return server

    def on_pre_build(self, *, config) -> None:
        # A rebuild under `mkdocs serve` may start while the search index of the last one is
        # still being updated. Without --dirty, MkDocs empties the site first: it waits. With
        # it (scripts/serve), the update goes on beside the rebuild, and the next one queues
        # behind it in the index process.
        if not getattr(self, "dirty", False):
            wait_for_search_index()

    def on_post_build(self, *, config) -> None:
        if self.archive is None:
            return
        last = self.last or LastBuild(None, {}, {}, {})
        records = {}
        if self.indexing is not None:
            log.info(f"正在完成检索索引（{len(self.archive.reports)} 篇报告）…")
            self.indexing.finish()
        elif self.config.search:
            records = search_records(self.archive, last.records)
            update, whole = INDEX_UPDATES.update(list(records.values()), Path(config.site_dir))
            if whole:  # minutes at 10,000 reports: say so before, not only after
                log.info(f"正在建立检索索引（{len(records)} 篇报告）…")
            update.add_done_callback(functools.partial(log_index_update, whole))
            # Under `mkdocs serve`, the pages are served while the index is written: the search
            # page finds no index until the log says it is built (on_pre_build for a rebuild).
            if getattr(self, "command", None) != "serve":
                update.result()
        # A build into a site that was not emptied first (--dirty): the files of reports that
        # went are still there.
        for path in last.files.keys() - self.archive.versions.keys():
            remove_with_empty_folders(Path(last.files[path].abs_dest_path), Path(config.site_dir))
        LAST_BUILDS[self.build_key] = LastBuild(self.archive, self.files, self.urls, records)
        self.complete = True

    def on_build_error(self, *, error) -> None:
        # Also called after on_post_build when --strict turns warnings into a failure.
        self.complete = False
        if self.indexing is not None:
            self.indexing.cancel()

    def on_shutdown(self) -> None:
        if self.observer is not None:
            self.observer.stop()
        INDEX_UPDATES.close()  # once the updates begun are done
        if self.final_site is None:
            return
        partial = self.final_site.with_name(self.final_site.name + PARTIAL_SUFFIX)
        if self.complete:
            replace_directory(partial, self.final_site)
        else:
            log.warning(f"构建未完成，{self.final_site} 保持原样；未完成的结果在 {partial}")
        self.final_site = None  # moved: a later build in this process has a site of its own


def set_toc(page, out: HtmlPage) -> None:
    """The page's table of contents, and the anchors links may point to, from the headings
    `out` wrote (as the toc extension sets them for a page converted from Markdown)."""
    page.toc = get_toc(nest_toc_tokens(out.headings))
    page.present_anchor_ids = {heading["id"] for heading in out.headings}


EMPTY_TOC = get_toc([])
ISLAND = re.compile(r"<p>ARCHIVEISLAND(\d+)</p>")


def placeholders(page: Listing) -> str:
    """A listing page's Markdown with a paragraph standing for each island, which MkDocs
    converts untouched (letters and digits only) and on_page_content replaces."""
    parts, number = [], 0
    for part in page.parts:
        if isinstance(part, str):
            parts.append(part)
        else:
            parts.append(f"\n\nARCHIVEISLAND{number}\n\n")
            number += 1
    return "".join(parts)


def url_of(target: str, page_url: str, files: Files, urls: dict[str, str]) -> str:
    """The URL of `target`, a file of the docs tree with an optional #fragment, from the page
    at `page_url`, as File.url_relative_to gives it. `urls` keeps the URLs found in `files` by
    path: the listing pages link to the same files many times (a type's page of 3,500 reports
    links 7,000 times), and Files.get_file_from_path normalises the path first each time."""
    path, _, fragment = target.partition("#")
    url = urls.get(path)
    if url is None:
        url = urls[path] = files.get_file_from_path(path).url
    return get_relative_url(url, page_url) + (f"#{fragment}" if fragment else "")


# What a save does to a file (or a folder) as inotify tells it. Not a file opened or read: a
# rebuild reads every source, which would start the next rebuild.
CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class Scheduled(list):
    """Stands in for MkDocs' observer while `server.watch` schedules its handlers: keeps them."""

    def schedule(self, handler, path, *, recursive=False, **options):
        self.append((handler, path, recursive))
        return path


def watch_changes(server, paths: list[str]):
    """Have `mkdocs serve` rebuild when anything under `paths` changes, told by inotify; return
    the observer (None where MkDocs' own watching does it).

    MkDocs polls what it watches every half second, walking every file: at 10,000 reports a
    save was seen 0.7-1.2 s late (benchmarks/RESULTS.md). `server.watch` makes the handler that
    starts a rebuild; here it is scheduled on an inotify observer, which tells a change at
    once. Where inotify cannot watch (another system, the kernel's limit on watches), on
    MkDocs' own observer."""
    polling, scheduled = server.observer, Scheduled()
    server.observer = scheduled
    try:
        for path in paths:
            server.watch(path)
    finally:
        server.observer = polling
    observer = None
    try:
        from watchdog.observers.inotify import InotifyObserver

        observer = InotifyObserver()
        for handler, path, recursive in scheduled:
            observer.schedule(handler, path, recursive=recursive, event_filter=CHANGES)
        observer.start()  # adds the watches: a failure is raised here
        return observer
    except (ImportError, OSError) as error:
        log.info(f"源文件的变化改为定时检查（{error}）")
        if observer is not None:
            observer.stop()
        for handler, path, recursive in scheduled:
            polling.schedule(handler, path, recursive=recursive)
        return None


def wait_for_search_index() -> None:
    """Until the search index updates begun (INDEX_UPDATES) are done."""
    INDEX_UPDATES.wait()


def log_index_update(whole: bool, update: Future) -> None:
    error = update.exception()
    if error is not None:  # the next update writes the whole index, which repairs it
        log.error(f"检索索引未能{'建立' if whole else '更新'}：{type(error).__name__}: {error}")
    else:
        log.info(f"检索索引已{'建立' if whole else '更新'}，用时 {update.result():.1f} 秒")


def remove_with_empty_folders(file: Path, site: Path) -> None:
    file.unlink(missing_ok=True)
    for folder in file.parents:
        if folder == site or not folder.is_relative_to(site) or any(folder.iterdir()):
            break
        folder.rmdir()


def heading_settings(config) -> dict:
    """How the toc extension, as configured, gives headings their ids and permalinks."""
    toc = config.mdx_configs.get("toc", {})
    separator = toc.get("separator", "-")
    slugify = toc.get("slugify", default_slugify)
    permalink = toc.get("permalink", False)
    return {
        "slugify": lambda text: slugify(text, separator),
        "permalink": "&para;" if permalink is True else escape_html(permalink) if permalink else "",
        "permalink_class": toc.get("permalink_class", "headerlink"),
        "permalink_title": toc.get("permalink_title", "Permanent link"),
    }


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
