"""The whole pipeline: source files -> reports -> generated pages, and the search records.

read -> clean -> parse -> describe -> screen (保密审查, secrecy.py) -> render -> index. One
bad file never costs another report: its problem is recorded as `path:line: message` and the
others go on.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .cache import Entry, ReportCache, entry, report_key
from .clean import Rules, clean_blocks, load_rules
from .describe import Vocabulary, describe, load_vocabulary
from .facets import FACETS, NAME_PINYIN, pinyin
from .index import Listings, index_pages, newest_first
from .model import NOT_GIVEN, Block, InputError, Problem, Report, text_of
from .pages import Listing
from .parse import parse
from .read import SIDECAR_SUFFIX, is_source, read_source
from .readers.docx import DOCX
from .readers.html import HTML
from .readers import office
from .readers.text import MARKDOWN, TEXT
from .render import ORIGINAL, render_report
from .search import IndexState, SearchRecord, WrittenBlocks, blocks_of, finish_index, start_index, update_index, write_blocks
from .secrecy import Secrecy, is_masked, load_secrecy, screen
from .sections import anchor, find_sections
from .similar import SETTINGS as SIMILAR_SETTINGS
from .similar import Neighbours, signature, similar_lists

VALID_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
NON_ID = re.compile(r"[^a-z0-9_]+(?:-[^a-z0-9_]*)*|-{2,}")


CACHE_DIR = ".cache/report-archive"


@dataclass(frozen=True)
class Project:
    root: Path  # paths in messages and catalogs are relative to it
    source_dir: Path
    rules: Rules
    vocabulary: Vocabulary
    cache_dir: Path | None = None  # None: no build cache
    secrecy: Secrecy = field(default_factory=load_secrecy)

    @classmethod
    def load(
        cls,
        root: Path,
        source_dir: Path,
        rules: Path | None = None,
        vocabulary: Path | None = None,
        cache: bool = True,
        secrecy: Path | None = None,
    ) -> "Project":
        root = root.resolve()
        cache_dir = root / CACHE_DIR if cache else None
        keep_conversions_with(cache_dir)
        return cls(root, source_dir.resolve(), load_rules(rules), load_vocabulary(vocabulary), cache_dir, load_secrecy(secrecy))

    @cached_property
    def asset_dir(self) -> Path:
        """Where the images read from documents are kept, by content (see store_assets)."""
        if self.cache_dir is not None:
            return self.cache_dir / "assets"
        return Path(tempfile.mkdtemp(prefix="report-archive-assets-"))

    @cached_property  # part of every report's cache key
    def settings(self) -> str:
        """What, besides its file, a report's result depends on."""
        vocabulary = hashlib.blake2b(self.vocabulary.text.encode("utf-8"), digest_size=16).hexdigest()
        return f"{self.rules.fingerprint}:{vocabulary}:{self.secrecy.fingerprint}"


def keep_conversions_with(cache_dir: Path | None) -> None:
    # Conversions of legacy office files are slow (LibreOffice): kept with the build cache.
    office.CACHE_DIR = cache_dir / "converted" if cache_dir else None


@dataclass
class Archive:
    reports: list[Report]
    problems: list[Problem]
    # Listing pages and catalogs: path in the docs tree -> content (a Listing: Markdown with islands)
    pages: dict[str, str | Listing] = field(default_factory=dict)
    # What each page was made from (a report's cache key and its similar reports, or the
    # page's own hash), so that writing the pages again can leave those that have not changed.
    versions: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)  # report id -> its cache key
    similar: dict[str, list[tuple[Report, float]]] = field(default_factory=dict)  # report id -> most similar first
    # What find_similar found, for the next build to start from: report id -> (its signature, the
    # ids of its most similar and their similarity).
    neighbours: dict[str, tuple[bytes, Neighbours]] = field(default_factory=dict)
    # Files that are copied into the site as they are: images, originals (site path -> file).
    assets: dict[str, str] = field(default_factory=dict)
    listings: Listings | None = None  # what the listing pages were made from (index_pages)
    cache_dir: Path | None = None
    placeholder: re.Pattern | None = None  # the rules' placeholder pattern, which pages mark

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def blocks(self, report: Report) -> list[Block]:
        """A report's blocks: loaded with it, or read from the build cache (see `collect`)."""
        return report.blocks or self.cache.body(self.keys[report.id])

    @cached_property
    def newest(self) -> list[Report]:
        """The reports newest first (index.newest_first): the order of the listings and of 最新."""
        return newest_first(self.reports)

    @cached_property
    def cache(self) -> ReportCache:
        # Only read from: it is never committed, and closes when the archive is let go.
        return ReportCache(self.cache_dir)

    def markdown(self, report: Report) -> str:
        """A report's page as Markdown, front matter first."""
        return render_report(report, self.blocks(report), self.placeholder, self.similar.get(report.id, []))


def id_from_name(stem: str) -> str:
    """A stable ASCII id from a file name: Chinese in pinyin, anything else a hyphen."""
    return NON_ID.sub("-", "-".join(pinyin(stem)).lower()).strip("-_") or "report"


def load_report(file: Path, project: Project) -> Report:
    source = read_source(file, project.root)
    blocks, removals = clean_blocks(source.blocks, project.rules)
    blocks = parse(blocks)
    meta, problems = describe(source, blocks, project.rules.placeholder, project.vocabulary, fallback_title=file.stem)
    blocks, meta, screened = screen(source, blocks, meta, project.secrecy)  # 保密审查
    report_id = source.fields.get("id", id_from_name(file.stem))
    if not isinstance(report_id, str) or not VALID_ID.match(report_id):
        where = source.field_files.get("id", source.path)
        raise InputError(where, source.field_lines.get("id", 1), f"id “{report_id}” 无效：只能用小写字母、数字、- 和 _，且以字母或数字开头")
    if not any(b.kind not in ("title", "footnote") for b in blocks):
        raise InputError(source.path, source.body_line, "清理后没有正文")
    report = Report(report_id, source, blocks, removals, meta, source.problems + problems + screened, pinyin(meta.title), find_sections(blocks))
    report.assets = store_assets(report, file, project)
    report.signature = signature(report.body_text)
    return report


def try_load_report(file: Path, project: Project) -> Report | Problem:
    """The report of `file`, or the problem that keeps it out of the archive."""
    try:
        return load_report(file, project)
    except InputError as error:
        return Problem(error.path, error.line, error.message)
    except Exception as error:  # a file the libraries choke on must not stop the others
        return Problem(display_path(file, project), 1, f"无法读取：{type(error).__name__}: {error}")


def store_assets(report: Report, file: Path, project: Project) -> dict[str, str]:
    """The files a report's page links to, by their name beside the page: its images, kept in
    the asset store by content so that a cached report still has them, and its original.
    Each with its name in the store, or "" for the source file itself: where they are is worked
    out in each build (`collect`), as the project may have moved since it was cached."""
    assets = {}
    store = project.asset_dir
    for name, data in report.source.images.items():
        kept = store / (hashlib.sha256(data).hexdigest() + Path(name).suffix.lower())
        if not kept.exists():
            store.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(data)
        assets[name] = kept.name
    # A Markdown source is its own original; a masked page's original would unmask it.
    if file.suffix.lower() not in MARKDOWN.suffixes and not is_masked(report.problems):
        # An ASCII name, which any web server serves; the download keeps the file's own name.
        assets[ORIGINAL + file.suffix.lower()] = ""
    return assets


def source_files(project: Project) -> tuple[list[str], set[str], list[Problem]]:
    """The paths of the source files, the sidecar files among the others (whose absence is
    then known without asking the system for each source), and the problems of files left
    out. Paths as strings: this runs on every save under `mkdocs serve`, and making and
    hashing 10,000 Path objects was a third of it."""
    files, sidecars, problems = [], set(), []
    for entry in walk(project.source_dir):
        path = entry.path
        if entry.is_symlink() and not Path(path).resolve().is_relative_to(project.source_dir):
            problems.append(Problem(display_path(path, project), 1, "符号链接指向报告目录之外，已跳过"))
        elif not entry.is_file() or saved_with_a_page(path):
            continue  # a folder; the images and frames a browser saves beside a page: read with it
        elif is_source(entry.name):
            files.append(path)
        elif (suffix := Path(entry.name).suffix) == SIDECAR_SUFFIX:  # a few files: Path's suffix ("a." has none)
            sidecars.add(path)
        elif suffix.lower() not in (".yml", ".yaml") and not entry.name.startswith("."):
            problems.append(Problem(display_path(path, project), 1, f"不支持的文件格式 {suffix or '（无扩展名）'}，已跳过", "warning"))
    return files, sidecars, problems


def walk(folder: Path) -> Iterator[os.DirEntry]:
    """Every entry under `folder`, in the order of their paths' parts (as sorted Paths are),
    without following links to folders. DirEntry, not Path.rglob: it knows what each entry is
    without asking the system again, which under `mkdocs serve` is paid on every save."""
    for entry in sorted(os.scandir(folder), key=lambda entry: entry.name):
        yield entry
        if entry.is_dir(follow_symlinks=False):
            yield from walk(Path(entry.path))


def saved_with_a_page(path: str) -> bool:
    """Whether the file at `path` is in the folder a browser saves beside a page ("报告_files")."""
    if "_files" + os.sep not in path:  # the common case, without walking the parents
        return False
    for folder in Path(path).parents:
        if folder.name.endswith("_files"):
            stem = folder.name[: -len("_files")]
            if any((folder.parent / (stem + suffix)).is_file() for suffix in (".html", ".htm")):
                return True
    return False


def sidecar_of(file: str, sidecars: set[str]) -> str | None:
    # Strings, not Path.with_suffix: this runs for every file of every build.
    sidecar = os.path.splitext(file)[0] + SIDECAR_SUFFIX
    return sidecar if sidecar in sidecars else None


def display_path(file: str | Path, project: Project) -> str:
    # String slicing, not Path.relative_to: this runs for every file of every build.
    path, root = str(file), str(project.root) + os.sep
    return (path[len(root) :] if path.startswith(root) else path).replace(os.sep, "/")


def collect(project: Project, progress: Callable[[Iterable], Iterable] = iter, bodies: bool = True, prune: bool = True) -> Archive:
    """Every readable report, and the problems of those that are not.

    `progress` wraps the list of files, for a caller that shows how far it has got. Without
    `bodies`, reports have no blocks: `Archive.blocks` reads them from the cache when they are
    needed, so that a build holds no more than a page at a time. Without `prune`, the cache
    keeps the reports of files that changed or went (see ReportCache.close).
    """
    files, sidecars, problems = source_files(project)
    archive = Archive([], problems, cache_dir=project.cache_dir, placeholder=project.rules.placeholder)
    by_id: dict[str, Report] = {}
    cache = ReportCache(project.cache_dir)
    try:
        paths = {file: display_path(file, project) for file in files}
        keys = {file: report_key(file, paths[file], sidecar_of(file, sidecars), project.settings) for file in files}
        cached = cache.summaries(keys.values())
        read = read_reports([Path(file) for file in files if keys[file] not in cached], project)
        for file in progress(files):
            path, key = paths[file], keys[file]
            report = cached.get(key)
            if report is not None and bodies:
                report.blocks = cache.body(key)
            elif report is None:
                loaded = next(read)
                if isinstance(loaded, Problem):
                    problems.append(loaded)
                    continue
                if not any(p.severity == "error" for p in loaded.summary.problems):
                    cache.put(key, loaded)
                # Held as a cached report is: without the document as read, and without its
                # blocks unless asked for (or there is no cache to read them from later).
                report = loaded.report(bodies or project.cache_dir is None)
            problems.extend(report.problems)
            if any(p.severity == "error" for p in report.problems):
                continue
            if report.id in by_id:
                other = by_id[report.id].source.path
                where = report.source.field_files.get("id", path)
                line = report.source.field_lines.get("id", 1)
                problems.append(Problem(where, line, f"与 {other} 的网址相同（{report.url}），已跳过；请用 id 字段区分"))
                continue
            by_id[report.id] = report
            archive.reports.append(report)
            archive.keys[report.id] = key
            archive.versions[report.page_path] = key
            for name, kept in report.assets.items():
                path = f"reports/{report.id}/{name}"
                # os.path.join, not Path's /: 10,000 paths a build (0.15 s of a rebuild, profiled)
                archive.assets[path] = os.path.join(project.asset_dir, kept) if kept else file
                archive.versions[path] = key
    finally:
        cache.close(prune)
    return archive


# Formats read in worker processes when a build has many files to read: their readers need
# nothing but Python. PDFs (OCR models) and legacy office files (LibreOffice) are read in this
# process: each worker would start its own, which measured more than it saved (16 such files:
# 40-44 s in two workers against 32-35 s in one process).
PARALLEL_SUFFIXES = {suffix for reader in (TEXT, MARKDOWN, HTML, DOCX) for suffix in reader.suffixes}
# Fewer such files than this are read in this process: starting the workers (importing the
# builder) and sending the reports back costs more than a second process saves on them.
# Measured on two idle cores with 1-3 KB reports: 200 took 0.54-0.67 s in one process and
# 0.72-0.89 s in two, 500 took 1.0-1.15 s either way, 1,000 took 1.8-1.9 s against 1.4-1.5 s
# (long reports, 1,000: 4.8-5.2 s against 2.9-3.7 s).
PARALLEL_FROM = 500


def worker_processes() -> multiprocessing.context.BaseContext:
    """How the builder starts processes of its own (readers, index writers)."""
    # forkserver, not fork: MkDocs may run threads, which a forked copy must not inherit.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["builder.build"])  # imported once, not in each worker
    return context


def read_reports(files: list[Path], project: Project) -> Iterator[Entry | Problem]:
    """What the cache keeps of each file's report (see cache.Entry), or the problem that keeps
    it out, in the order of `files`: read in one worker process per processor when there are
    enough files worth it (PARALLEL_SUFFIXES, PARALLEL_FROM), the others here."""
    parallel = [file for file in files if file.suffix.lower() in PARALLEL_SUFFIXES]
    workers = len(os.sched_getaffinity(0))
    if workers < 2 or len(parallel) < PARALLEL_FROM:
        yield from (read_entry(file, project) for file in files)
        return
    project.asset_dir  # worked out here, so that the workers store images where this process looks
    with ProcessPoolExecutor(workers, mp_context=worker_processes(), initializer=start_worker, initargs=(project,)) as pool:
        # In chunks: one report at a time would cost more in messages than in reading.
        from_workers = pool.map(read_in_worker, parallel, chunksize=16)
        wanted = set(parallel)
        for file in files:
            yield next(from_workers) if file in wanted else read_entry(file, project)


def read_entry(file: Path, project: Project) -> Entry | Problem:
    report = try_load_report(file, project)
    return report if isinstance(report, Problem) else entry(report)


WORKER_PROJECT: Project | None = None  # the project a worker process reads for


def start_worker(project: Project) -> None:
    global WORKER_PROJECT
    WORKER_PROJECT = project
    keep_conversions_with(project.cache_dir)


def read_in_worker(file: Path) -> Entry | Problem:
    return read_entry(file, WORKER_PROJECT)


def generate(project: Project, progress: Callable[[Iterable], Iterable] = iter, bodies: bool = True, earlier: Archive | None = None) -> Archive:
    """Collect the reports and their pages, and make every listing page of the archive.
    `earlier`, the archive of an earlier build in this process (`mkdocs serve`), saves
    working out again the versions of the pages that are the same."""
    with pinyin_of_earlier_builds(project):
        # A rebuild (under `mkdocs serve`) leaves the cache's old entries to the next build of
        # its own: forgetting them took 0.1 s of each save at 10,000 reports.
        archive = collect(project, progress, bodies, prune=earlier is None)
        find_similar(archive, project, earlier)
        archive.listings = index_pages(archive.newest, earlier.listings if earlier else None)
        for path, page in archive.listings.pages.items():
            archive.pages[path] = page
            # Comparing two pages costs a fraction of a digest of one (0.9 s for all at 10,000 reports).
            same = earlier is not None and earlier.pages.get(path) == page
            archive.versions[path] = earlier.versions[path] if same else page_version(page)
    return archive


def page_version(page: str | Listing) -> str:
    return page.version() if isinstance(page, Listing) else hashlib.blake2b(page.encode("utf-8"), digest_size=20).hexdigest()


@contextmanager
def pinyin_of_earlier_builds(project: Project) -> Iterator[None]:
    """Inside, the pinyin of names known from earlier builds is looked up, not worked out
    (see facets.NAME_PINYIN); at the end, that of new names is kept for the next build."""
    cache = ReportCache(project.cache_dir)
    known = cache.pinyin()
    cache.close(prune=False)
    NAME_PINYIN.update(known)
    yield
    cache = ReportCache(project.cache_dir)
    cache.put_pinyin({name: found for name, found in NAME_PINYIN.items() if name not in known})
    cache.close(prune=False)


def find_similar(archive: Archive, project: Project, earlier: Archive | None = None) -> None:
    """The most similar reports of each report, which end its page (see similar.py), worked
    out again where a report changed since the last build: that of this process (`earlier`),
    or the one the cache knows."""
    cache = ReportCache(project.cache_dir)
    signatures = {r.id: r.signature for r in archive.reports}
    # The earlier build's: what the cache holds, without reading it (0.2 s at 10,000 reports).
    previous = earlier.neighbours if earlier is not None else cache.similar_lists(SIMILAR_SETTINGS)
    lists = similar_lists(signatures, previous)
    cache.put_similar_lists(lists, signatures, SIMILAR_SETTINGS, previous)
    cache.close(prune=False)
    archive.neighbours = {i: (signatures[i], found) for i, found in lists.items()}
    by_id = {r.id: r for r in archive.reports}
    for report in archive.reports:
        kept = earlier and earlier.similar.get(report.id)
        if kept is not None and lists[report.id] is previous[report.id][1] and all(by_id.get(other.id) is other for other, _ in kept):
            # The same list of the same reports (a report object stands for its content: see
            # cache.LOADED): as the earlier build had it, and its page's version with it.
            archive.similar[report.id] = kept
            archive.versions[report.page_path] += "+" + earlier.versions[report.page_path].rpartition("+")[2]
            continue
        similar = archive.similar[report.id] = [(by_id[i], s) for i, s in lists[report.id]]
        # The page shows their titles and links to them: it changes when they do.
        shown = "\0".join(f"{other.id}\0{other.meta.title}\0{s:.2f}" for other, s in similar)
        archive.versions[report.page_path] += "+" + hashlib.blake2b(shown.encode("utf-8"), digest_size=8).hexdigest()


def search_records(archive: Archive, earlier: dict[str, SearchRecord] | None = None, texts: bool = True) -> dict[str, SearchRecord]:
    """What the search index holds of each report, by the report's cache key, newest first:
    the order of 最新. The records in `earlier` (of an earlier build, by the same
    keys) are taken as they are: a record depends on nothing but what its key covers.
    Without `texts`, the records' texts and sections are left for `fill_texts`."""
    records = {}
    for report in archive.newest:
        key = archive.keys[report.id]
        if earlier and key in earlier:
            records[key] = earlier[key]
            continue
        meta = report.meta
        records[key] = SearchRecord(
            url=report.url,
            title=meta.title,
            text="",
            filters={facet.label: facet.values(meta) or [NOT_GIVEN] for facet in FACETS},
            meta={"year": str(meta.year or NOT_GIVEN), "unit": meta.unit or NOT_GIVEN, "type": meta.type or NOT_GIVEN},
        )
        if texts:
            fill_text(records[key], report, archive.blocks(report))
    return records


def fill_texts(archive: Archive) -> Callable[[list[SearchRecord]], None]:
    """Fills in the texts and sections of records made without them (search_records), a few
    at a time: the search index of a one-off build then holds one block's texts, not all."""
    by_url = {report.url: report for report in archive.reports}

    def fill(records: list[SearchRecord]) -> None:
        for record in records:
            report = by_url[record.url]
            fill_text(record, report, archive.blocks(report))

    return fill


class IndexWriting:
    """The search index of a one-off build, written while MkDocs renders the pages, by
    processes of its own: one per processor, at most one per block of the index (`blocks_of`).
    Each writes its share of the blocks; `finish` completes the index once they are done. A
    share holds a block's texts at a time, not the archive's (`search.write_blocks`)."""

    def __init__(self, archive: Archive, site_dir: Path):
        self.records = list(search_records(archive, texts=False).values())
        grouped = blocks_of(self.records)
        count = max(1, min(len(os.sched_getaffinity(0)), len(grouped)))
        self.folder = start_index(site_dir)
        self.pool = ProcessPoolExecutor(count, mp_context=worker_processes())
        by_url = {report.url: report for report in archive.reports}
        self.shares = []
        for first in range(count):
            share = {number: grouped[number] for number in range(first, len(grouped), count)}
            # Only what the share's texts are made of: its reports (without their blocks) and the cache.
            reports = [by_url[record.url] for records in share.values() for record in records]
            sent = Archive(reports, [], keys={report.id: archive.keys[report.id] for report in reports}, cache_dir=archive.cache_dir)
            self.shares.append(self.pool.submit(write_share, sent, share, self.folder))

    def finish(self) -> None:
        try:
            written = [share.result() for share in self.shares]  # raises what a process raised
        finally:
            self.pool.shutdown()
        finish_index(self.records, self.folder, written, keep_state=False)

    def cancel(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def write_share(archive: Archive, share: dict[int, list[SearchRecord]], folder: Path) -> WrittenBlocks:
    """In an index process (IndexWriting): the blocks of its share, their texts filled in from the cache."""
    return write_blocks(share, folder, keep_state=False, fill=fill_texts(archive))


class IndexUpdates:
    """The search index of each site built in this process, kept up to date between builds
    (`mkdocs serve`) by a process of its own, which holds the index's state and the records
    indexed last (`update_in_worker`). An update takes 1-2 s at 10,000 reports; in a thread of
    this process it held the interpreter while the next rebuild ran, which then took 1-2 s
    longer. Each update sends only the records that are not those sent last (as objects: a
    rebuild keeps the records of the reports that did not change), and the order of all."""

    def __init__(self):
        self.pool: ProcessPoolExecutor | None = None
        self.sent: dict[str, dict[str, SearchRecord]] = {}  # site -> the records sent last, by URL
        self.last: dict[str, Future] = {}  # site -> its last update

    def update(self, records: list[SearchRecord], site: Path) -> tuple[Future, bool]:
        """Start bringing `site`'s index to `records` (newest first), after the site's last
        update: from the state that one leaves, or whole when it failed or there was none.
        One still running is taken to succeed; should it fail, the updates queued behind it
        fail too, until the next one after the failure is known writes the index whole. The
        future gives how long the update took, in seconds; the flag, whether the index is
        written whole."""
        key = str(site)
        last = self.last.get(key)
        # The site's first update, or the first since the process was replaced, is whole.
        whole = key not in self.sent or (last.done() and last.exception() is not None)
        try:
            self.last[key] = self.submit(key, records, whole)
        except BrokenProcessPool:  # the process died: a new one, which knows no site
            self.pool, self.sent = None, {}
            whole = True
            self.last[key] = self.submit(key, records, whole)
        self.sent[key] = {record.url: record for record in records}
        return self.last[key], whole

    def submit(self, key: str, records: list[SearchRecord], whole: bool) -> Future:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(1, mp_context=worker_processes())
        sent = {} if whole else self.sent[key]
        changed = [record for record in records if sent.get(record.url) is not record]
        return self.pool.submit(update_in_worker, key, [record.url for record in records], changed, whole)

    def wait(self) -> None:
        """Until the updates begun are done (failed or not)."""
        for update in list(self.last.values()):
            update.exception()

    def close(self) -> None:
        self.wait()
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        self.sent.clear()
        self.last.clear()


# In the index process (IndexUpdates): by site, the records indexed last, by URL, and the
# state of the index written.
KEPT_INDEXES: dict[str, tuple[dict[str, SearchRecord], IndexState]] = {}


def update_in_worker(site: str, urls: list[str], changed: list[SearchRecord], whole: bool) -> float:
    """In the index process: bring the index of `site` to the reports `urls` (newest first),
    of which `changed` are those that are not the records indexed last (all of them when
    `whole`); how long it took, in seconds. Whatever goes wrong, the site's state is let go,
    and the next update, told so, writes the index whole."""
    started = time.monotonic()
    kept = KEPT_INDEXES.pop(site, None)  # let go first: a failed update leaves none
    if not whole and kept is None:
        raise RuntimeError(f"检索索引进程中没有 {site} 上次的索引")
    known, state = ({}, None) if whole else kept
    known.update((record.url, record) for record in changed)
    records = [known[url] for url in urls]
    state = update_index(records, Path(site), state)
    KEPT_INDEXES[site] = ({record.url: record for record in records}, state)
    return time.monotonic() - started


def fill_text(record: SearchRecord, report: Report, blocks: list[Block]) -> None:
    record.text = report.meta.title + "\n" + text_of(blocks)
    record.sections = heading_offsets(report, blocks)


def heading_offsets(report: Report, blocks: list[Block]) -> list[tuple[int, str]]:
    """Where each heading starts in the search text (title, line break, `text_of(blocks)`),
    with its id on the report page (`anchor`, numbered as render_body numbers them)."""
    offsets, offset, ordinal = [], len(report.meta.title) + 1, 0
    for block in blocks:
        ordinal += block.kind == "heading"
        if block.kind == "title" or not block.text:
            continue
        if block.kind == "heading":
            offsets.append((offset, anchor(ordinal)))
        offset += len(block.text) + 1
    return offsets


MANIFEST = ".report-archive.json"


def write_pages(archive: Archive, out_dir: Path, project: Project) -> int:
    """Write the pages into `out_dir`, leaving those that have not changed; remove stale ones.

    Report pages are rendered from the blocks in the build cache. Returns how many were written.
    """
    manifest_file = out_dir / MANIFEST
    try:
        written_before = json.loads(manifest_file.read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        written_before = {}
    count = 0
    reports = {r.page_path: r for r in archive.reports}
    for path, version in archive.versions.items():
        target = out_dir / path
        if written_before.get(path) == version and target.is_file():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if path in archive.assets:
            shutil.copyfile(archive.assets[path], target)
        else:
            page = archive.pages[path] if path in archive.pages else archive.markdown(reports[path])
            target.write_text(page.markdown(path) if isinstance(page, Listing) else page, encoding="utf-8")
        count += 1
    for path in written_before.keys() - archive.versions.keys():
        (out_dir / path).unlink(missing_ok=True)
    out_dir.mkdir(parents=True, exist_ok=True)
    manifest_file.write_text(json.dumps(archive.versions, ensure_ascii=False), encoding="utf-8")
    return count
