"""Benchmark the archive at scale: build time and memory, incremental rebuild, search downloads.

    python benchmarks/run.py                    # N = 1000 and 10000
    python benchmarks/run.py --sizes 200 1000   # a quick run
    python benchmarks/run.py --sizes 10000 --incremental-only   # only the incremental builder
    python benchmarks/run.py --sizes 20000 100000 --scale-only   # only a cold full build: time, memory by process

First builder/, mkdocs.yml and docs/ are copied to /tmp/bench-snapshot-<time> and every
command imports the builder from there (PYTHONPATH), so edits made in the repository during a
long run do not mix versions. Then for each N: generate the corpus (cached in /tmp/bench-corpus-N), make a fresh project in
/tmp/bench-project-N, and measure, each in a fresh subprocess, wall time and peak memory of

  a. builder        report-archive build --out md/     (the generated Markdown)
  b. full           mkdocs build with the plugin and the search index
  b'. full-nosearch the same with the plugin's `search: false` (where the time of b goes)
  c. bare           mkdocs build, Material, no plugins, of the Markdown of (a), reports kept
                    out of the navigation: the reference of DESIGN.md
  d. incremental    no-op builder rerun; one new report -> builder; then the full build again
  e. sizes          site/, site/search-index/ (bytes, files)
  f. search         headless Chromium on a local http.server, cold cache per query:
                    bytes fetched, time to the first result and to the end of the first page
  g. exactness      every page of results ("加载更多") against a substring search over the
                    cleaned texts (builder.build.search_records)

Results: a table on stdout and benchmarks/results/<date>-<N>-<commit>.json (a .partial.json is kept
up to date while a size runs). See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import hashlib
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# What is measured: a copy of builder/, mkdocs.yml and docs/ taken when the run starts (see
# snapshot()), so that edits made in the repository meanwhile do not mix versions in one run.
SOURCE = ROOT
HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
BIN = Path(sys.executable).parent
TIME = shutil.which("time") or "/usr/bin/time"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Everyday phrases, a phrase found nowhere, and phrases of the generated local sentences that
# are rarer (so that an index which leaves out common tokens is exercised on both paths).
# Queries of 2, 4 and 6 characters, common and rare in the generated corpus (at 10,000: 党费
# 46 %, 林长 0.5 %; 主题教育 62 %, 呼和浩特 12 %; 习近平新时代 78 %, 市税务局党组 0.2 %), one found
# nowhere, and the query syntax (either, not).
QUERIES = ["党费", "林长", "主题教育", "呼和浩特", "民情恳谈", "习近平新时代", "市税务局党组", "党费谈心", "江苏|浙江", "党费 -江苏"]
EXTRA_REPORT = "bench-extra-0001"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
STATE = "document.getElementById('search-results').dataset.state"
# As in tests/test_search_browser.py, but safe before the list exists (we wait from "commit").
FINISHED = (
    "!!document.getElementById('search-results') && !!document.getElementById('search-status')"
    f" && ['done', 'error'].includes({STATE})"
    " && document.getElementById('search-status').textContent.trim() !== ''"
)
# Records, from the start of navigation (performance.now()), when the first result (its title),
# its first excerpt, the exact count ("找到 N 篇报告…", or "没有找到…") and the end of the first
# page of results appear, and says when the last has (`run_search` waits for that).
TIMING_SCRIPT = """
window.__bench = {};
new MutationObserver(() => {
  const list = document.getElementById('search-results');
  if (!list) return;
  const b = window.__bench;
  if (b.first === undefined && list.querySelector('li')) b.first = performance.now();
  if (b.excerpt === undefined && list.querySelector('li .archive-search__excerpt')) b.excerpt = performance.now();
  const status = document.getElementById('search-status');
  if (b.count === undefined && status && /^(找到 \\d+ 篇|没有找到)/.test(status.textContent)) b.count = performance.now();
  if (b.done === undefined && ['done', 'error'].includes(list.dataset.state)) {
    b.done = performance.now();
    b.state = list.dataset.state;
    console.debug('bench:first-page');
  }
}).observe(document, {subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-state']});
"""


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- Measuring a command ------------------------------------------------------------------


def process_tree_rss(root: int) -> dict[int, int]:
    """The resident memory of `root` and each of its descendants, in bytes, by process id."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as f:
                found[pid] = int(f.read().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return found


def command_line(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()[:160]
    except OSError:
        return "?"


def measure(name: str, command: list[str], cwd: Path, logs: Path, env: dict | None = None, timeout: float = 7200,
            mem_cap: float | None = None) -> dict:
    """Run `command` under /usr/bin/time -v; wall time, the largest process's peak RSS (from
    time -v) and the peak of the process tree's summed RSS (sampled every 0.1 s), with each
    process's own peak and the tree's RSS every 2 s (where the memory goes). Above `mem_cap`
    bytes of tree RSS the tree is killed, so that the shared machine keeps its memory."""
    logs.mkdir(parents=True, exist_ok=True)
    time_file = logs / f"{name}.time"
    out_file, err_file = logs / f"{name}.out", logs / f"{name}.err"
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **source_env(), **(env or {})}
    log(f"{name}: {' '.join(command)}")
    killed = None
    with open(out_file, "wb") as out, open(err_file, "wb") as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [TIME, "-v", "-o", str(time_file), *command], cwd=cwd, env=full_env, stdout=out, stderr=err, start_new_session=True
        )
        peak = 0
        peaks: dict[int, list] = {}  # pid -> [command line, peak RSS]
        timeline: list[tuple[float, float]] = []  # (seconds, tree RSS in MB)
        stop = threading.Event()

        def sample():
            nonlocal peak, killed
            while not stop.is_set():
                by_process = process_tree_rss(process.pid)
                rss = sum(by_process.values())
                peak = max(peak, rss)
                for pid, used in by_process.items():
                    entry = peaks.setdefault(pid, ["", 0])
                    if used > entry[1]:  # read again: a process forked first execs later
                        entry[:] = [command_line(pid), used]
                elapsed = time.perf_counter() - start
                if not timeline or elapsed - timeline[-1][0] >= 2:
                    timeline.append((round(elapsed, 1), round(rss / 2**20)))
                if mem_cap and rss > mem_cap and killed is None:
                    killed = f"killed by the benchmark: process tree above {mem_cap / 2**30:.0f} GB after {time.perf_counter() - start:.0f} s"
                    os.killpg(process.pid, 9)  # our own session: this command and its children only
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            rc = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
            killed = f"killed by the benchmark: still running after {timeout:.0f} s"
        wall = time.perf_counter() - start
        stop.set()
        sampler.join()
    if killed:
        rc = killed
    timing = time_file.read_text(errors="replace") if time_file.exists() else ""
    max_rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", timing)
    result = {
        "command": " ".join(command),
        # The machine is shared: the 1-minute load average at the end says whether others ran.
        "loadavg_1min_after": round(os.getloadavg()[0], 2),
        "wall_s": round(wall, 3),
        "rc": rc,
        "max_rss_mb": round(int(max_rss.group(1)) / 1024, 1) if max_rss else None,
        "tree_peak_rss_mb": round(peak / 2**20, 1),
        "process_peaks_mb": [{"command": c, "peak_rss_mb": round(m / 2**20, 1)} for c, m in sorted(peaks.values(), key=lambda e: -e[1])[:5]],
        "rss_timeline_mb": timeline,
        "user_s": float(m.group(1)) if (m := re.search(r"User time \(seconds\): ([\d.]+)", timing)) else None,
        "sys_s": float(m.group(1)) if (m := re.search(r"System time \(seconds\): ([\d.]+)", timing)) else None,
        "stdout_tail": tail(out_file),
        "stderr_tail": tail(err_file),
    }
    log(f"{name}: {result['wall_s']:.1f} s, peak {result['tree_peak_rss_mb']:.0f} MB (tree), rc {rc}")
    if rc != 0:
        log(f"{name} failed:\n{result['stderr_tail']}")
    return result


def source_env() -> dict:
    """Makes `import builder` (and the plugin's entry point) load the snapshot: PYTHONPATH
    comes before the editable install's finder."""
    if SOURCE == ROOT:
        return {}
    return {"PYTHONPATH": str(SOURCE), "BENCH_SOURCE": str(SOURCE)}


def snapshot(existing: Path | None = None) -> dict:
    """Copy builder/, mkdocs.yml and docs/ as they are now (or reuse the copy `existing`, to
    measure the same code as an earlier run); describe what is measured."""
    global SOURCE
    if existing is not None:
        target = existing.resolve()
    else:
        target = Path(f"/tmp/bench-snapshot-{time.strftime('%Y%m%d-%H%M%S')}")
        shutil.copytree(ROOT / "builder", target / "builder", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
        shutil.copytree(ROOT / "docs", target / "docs")
    SOURCE = target
    described = target / "source.json"
    if described.exists():  # an earlier snapshot: what it was taken from
        return json.loads(described.read_text(encoding="utf-8"))
    digest = hashlib.sha256()
    for file in sorted((target / "builder").rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(target).as_posix().encode() + b"\0" + file.read_bytes())
    git = lambda *a: subprocess.run(["git", "-C", str(ROOT), *a], capture_output=True, text=True).stdout
    source = {
        "path": str(target),
        "taken": datetime.datetime.now().isoformat(timespec="seconds"),
        "builder_sha256": digest.hexdigest()[:16],
        "commit": git("rev-parse", "--short", "HEAD").strip(),
        "uncommitted": [line for line in git("status", "--porcelain", "--", "builder", "mkdocs.yml", "docs").splitlines() if line],
    }
    described.write_text(json.dumps(source, ensure_ascii=False, indent=1), encoding="utf-8")
    return source


def tail(file: Path, lines: int = 8) -> str:
    try:
        return "\n".join(file.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


# --- Project ------------------------------------------------------------------------------


def corpus_name(count: int, short: bool) -> str:
    """How the corpus of `count` reports, short or long, is named in /tmp and in results."""
    return f"short-{count}" if short else str(count)


def corpus(count: int, seed: int, short: bool = False) -> Path:
    folder = Path(f"/tmp/bench-corpus-{corpus_name(count, short)}")
    marker = folder / ".complete"
    if marker.exists() and marker.read_text() == f"{count} {seed}":
        log(f"corpus {folder} (cached)")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    log(f"generating {count} reports into {folder}")
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--count", str(count), "--out", str(folder), "--seed", str(seed),
                    *(["--short"] if short else [])], check=True)
    marker.write_text(f"{count} {seed}")
    return folder


def make_project(count: int, source: Path, short: bool = False) -> Path:
    project = Path(f"/tmp/bench-project-{corpus_name(count, short)}")
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    shutil.copy(SOURCE / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(SOURCE / "docs", project / "docs")
    shutil.copytree(source, project / "source_reports", ignore=shutil.ignore_patterns(".complete"))
    config = (SOURCE / "mkdocs.yml").read_text(encoding="utf-8")
    # The plugin without its search index: where the full build's time goes.
    nosearch = re.sub(r"(\n(\s+)sources: .*)", r"\1\n\2search: false", config, count=1)
    assert nosearch != config, "mkdocs.yml: no `sources:` option of the plugin to extend"
    (project / "mkdocs-nosearch.yml").write_text(nosearch, encoding="utf-8")
    # The reference: the same Markdown, Material, no plugins, only the home in the navigation.
    extensions = config[config.index("markdown_extensions:") :]
    extensions = extensions[: extensions.index("\nnav:")] if "\nnav:" in extensions else extensions
    reference = project / "reference"
    reference.mkdir()
    (reference / "mkdocs.yml").write_text(
        "site_name: 报告库\n"
        "docs_dir: ../md\n"
        "theme:\n  name: material\n  language: zh\n  font: false\n"
        "plugins: []\n"
        f"{extensions.rstrip()}\n"
        "nav:\n  - 首页: index.md\n",
        encoding="utf-8",
    )
    return project


def du(path: Path) -> tuple[int, int]:
    """(bytes, files) under `path`."""
    size = files = 0
    for folder, _, names in os.walk(path):
        for name in names:
            size += os.path.getsize(os.path.join(folder, name))
            files += 1
    return size, files


def sum_du(paths) -> tuple[int, int]:
    """(bytes, files) under all of `paths`."""
    sizes = [du(path) for path in paths]
    return sum(size for size, _ in sizes), sum(files for _, files in sizes)


# --- Ground truth ---------------------------------------------------------------------------


def truth(project: Path, queries: list[str]) -> dict:
    """Run in a subprocess: the reports whose indexed text holds every run of each query."""
    sys.path.insert(0, os.environ.get("BENCH_SOURCE", str(ROOT)))
    from builder.build import Project, collect, search_records
    from builder.search import runs

    import inspect

    start = time.perf_counter()
    # From the source files themselves, never from a build cache the builder may keep.
    options = {"cache": False} if "cache" in inspect.signature(Project.load).parameters else {}
    archive = collect(Project.load(project, project / "source_reports", **options))
    records = list(search_records(archive).values())
    texts = {r.url: (r.text, "\n".join(runs(r.text))) for r in records}

    def holds(text: str, query: str, phrase) -> bool:
        # search.js's syntax: terms all required, A|B either, -term none (query.js parseQuery).
        terms = query.split()
        wanted = [t for t in terms if not t.startswith("-")]
        unwanted = [t[1:] for t in terms if t.startswith("-") and len(t) > 1]
        found = lambda term: any(phrase(alternative) in text for alternative in term.split("|"))
        return all(map(found, wanted)) and not any(map(found, unwanted))

    answer = {}
    for query in queries:
        normalised = {url for url, (_, norm) in texts.items() if holds(norm, query, lambda a: "\n".join(runs(a)))}
        raw = {url for url, (text, _) in texts.items() if holds(text, query, lambda a: a)}
        answer[query] = {"urls": sorted(normalised), "raw_substring_differs": sorted(normalised ^ raw)}
    encodings: dict[str, int] = {}
    for report in archive.reports:
        encodings[report.source.encoding] = encodings.get(report.source.encoding, 0) + 1
    return {
        "seconds": round(time.perf_counter() - start, 2),
        "reports": len(archive.reports),
        "errors": len(archive.errors),
        "warnings": len(archive.problems) - len(archive.errors),
        "encodings": encodings,
        "indexed_chars": sum(len(r.text) for r in records),
        "queries": answer,
    }


# --- Live preview -----------------------------------------------------------------------------


def fetch_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_until(predicate, timeout: float, every: float = 0.05) -> float | None:
    """Seconds until `predicate()` holds (polled every `every` s), or None after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate():
            return time.perf_counter() - start
        time.sleep(every)
    return None


def built_in(log_file: Path, after: int) -> list[float]:
    """MkDocs' own "Documentation built in N seconds" figures logged after byte `after`."""
    text = log_file.read_bytes()[after:].decode("utf-8", "replace")
    return [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", text)]


def bench_serve(project: Path, args, timeout: float = 1800) -> dict:
    """The README's serve command (`mkdocs serve --dirty`) on the project: the first build (until
    the site is served, and until its search index is written, which comes after), then
    an edit of one report and a new report, each timed from saving the file to the changed page
    being served (polled every 50 ms), with MkDocs' own build time of each rebuild."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log_file = project / "logs" / "serve.log"
    log_file.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **source_env()}
    result: dict = {}
    # The project is left as it was found (the edited report's bytes, no new report), so that
    # later runs on it, and the search's ground truth, see the same reports.
    restore: list[Callable[[], None]] = []
    with open(log_file, "wb") as out:
        process = subprocess.Popen([str(BIN / "mkdocs"), "serve", "--dirty", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                                   cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            log("serve: first build")
            result["first_build_s"] = wait_until(lambda: fetch_text(base), timeout, every=0.5)
            if result["first_build_s"] is None:
                result["error"] = "the first build was not served in time"
                return result
            # The search index is written after the pages are served: the steps start once it is.
            ready = wait_until(lambda: "检索索引已建立" in log_file.read_text("utf-8", errors="replace"), timeout, every=0.5)
            result["index_ready_s"] = None if ready is None else result["first_build_s"] + ready
            time.sleep(2)  # let the watcher settle
            edited = next(f for f in sorted((project / "source_reports").glob("*.txt")) if is_utf8(f))
            report_id = edited.stem
            original = edited.read_bytes()
            restore.append(lambda: edited.write_bytes(original))
            marker = f"此句为预览测试所加{time.strftime('%H%M%S')}。"
            steps = {
                "edit": (lambda: edited.write_text(edited.read_text(encoding="utf-8") + "\n" + marker + "\n", encoding="utf-8"),
                         base + f"reports/{report_id}/", marker),
                "new": (lambda: subprocess.run([sys.executable, str(HERE / "generate.py"), "--one", f"serve-new-{time.strftime('%H%M%S')}",
                                                "--out", str(project / "source_reports"), "--seed", str(args.seed)], check=True, capture_output=True),
                        None, None),
            }
            for name, (save, url, needle) in steps.items():
                before = log_file.stat().st_size
                saved_before = set((project / "source_reports").iterdir())
                started = time.perf_counter()
                save()
                if url is None:  # the new report: its page is named after its file
                    new = next(iter(set((project / "source_reports").iterdir()) - saved_before))
                    restore.append(lambda: new.unlink(missing_ok=True))
                    url, needle = base + f"reports/{new.stem}/", new.stem
                shown = wait_until(lambda: needle in fetch_text(url) if name == "edit" else bool(fetch_text(url)), timeout)
                result[name] = {"shown_s": None if shown is None else round(time.perf_counter() - started, 3),
                                "mkdocs_build_s": built_in(log_file, before)}
                log(f"serve: {name} shown after {result[name]['shown_s']} s (MkDocs: {result[name]['mkdocs_build_s']})")
                time.sleep(3)
        finally:
            os.killpg(process.pid, 15)
            process.wait(timeout=60)
            for undo in restore:
                undo()
    return result


def is_utf8(file: Path) -> bool:
    try:
        file.read_bytes().decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


# --- Search in the browser ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """python -m http.server in its own process, so that it does not share our GIL with
    Playwright's dispatcher. It sends files as they are: no gzip."""

    def __init__(self, site: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1", "--directory", str(site)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(self.url, timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("http.server did not start")

    def close(self):
        self.process.terminate()
        self.process.wait()


class Nginx:
    """Debian's nginx with the documented server block (docs/nginx/report-archive.conf, at the
    root), started by tests/test_nginx.py's helpers: what the search targets are measured through."""

    def __init__(self, site: Path):
        import tempfile
        from contextlib import ExitStack

        sys.path.insert(0, str(ROOT / "tests"))
        from test_nginx import at_root, documented_conf, nginx

        self.stack = ExitStack()
        workdir = Path(self.stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-nginx-")))
        self.url = self.stack.enter_context(nginx(workdir, at_root(documented_conf()), site, "/")).url

    def close(self):
        self.stack.close()


class Traffic:
    """Every request a page (and its workers, if any) completed, with
    its bytes on the wire from Playwright's request.sizes(): response headers + body as sent.
    http.server sends no gzip, so the body is the file's size.

    Playwright lets go of old request objects when there are thousands, so `settle()` must be
    called after each step of the page (it reads the sizes of the requests finished so far)."""

    def __init__(self, context, page):
        self.pending: list[tuple[str, object]] = []
        self.entries: list[dict] = []
        self.mark = "load"
        context.on("requestfinished", lambda request: self.pending.append((self.mark, request)))

    def settle(self) -> None:
        pending, self.pending = self.pending, []
        for mark, request in pending:
            if not request.url.startswith("http"):
                continue
            try:
                sizes = request.sizes()
                body = sizes["responseBodySize"]
                if body <= 0:  # not reported for a worker's script: take the header's length
                    response = request.response()
                    body = int((response.headers if response else {}).get("content-length", 0) or 0)
                timing = request.timing  # startTime: epoch ms; the others: ms after it, or -1
                entry = {
                    "url": request.url, "bytes": body + max(sizes["responseHeadersSize"], 0), "body_length": body,
                    "start_epoch_ms": timing["startTime"], "end_ms": timing["responseEnd"],
                }
            except Exception:  # collected by Playwright: the file's size, and no timing
                body = len(urllib.request.urlopen(request.url, timeout=30).read())
                entry = {"url": request.url, "bytes": body + 200, "body_length": body, "start_epoch_ms": 0, "end_ms": -1,
                         "estimated": True}
            self.entries.append({**entry, "phase": mark})

    def network(self, phases: tuple[str, ...] | None = None) -> list[dict]:
        self.settle()
        return [entry for entry in self.entries if phases is None or entry["phase"] in phases]


# What docs/nginx/report-archive.conf gzips (text/html, text/plain, CSS, JS, JSON, SVG), at
# its level, 5. The search index's .gz files are gzip data already.
GZIP_TYPES = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".csv", ".txt", "/")
GZIP_LEVEL = 5


def gzip_size(url: str, cache: dict[str, int]) -> int:
    """What the response body would weigh if the server gzipped it as docs/nginx does; files
    that are gzip data already (the search index's) are counted as they are. Headers not included."""
    if url not in cache:
        body = urllib.request.urlopen(url, timeout=30).read()
        path = urllib.parse.urlsplit(url).path
        cache[url] = len(gzip.compress(body, GZIP_LEVEL)) if path.endswith(GZIP_TYPES) else len(body)
    return cache[url]


def summarise(requests: list[dict], gzip_cache: dict[str, int]) -> dict:
    index = [r for r in requests if "/search-index/" in r["url"]]
    keys = [r for r in index if "/keys/" in r["url"]]
    phrases = [r for r in index if "/phrases/" in r["url"]]
    texts = [r for r in index if "/text/" in r["url"]]
    reports = [r for r in index if "/reports/" in r["url"] and r not in texts]
    return {
        "requests": len(requests),
        "bytes": sum(r["bytes"] for r in requests),
        "body_bytes": sum(r.get("body_length", 0) for r in requests),
        "gzip_estimate_bytes": sum(gzip_size(r["url"], gzip_cache) for r in requests),
        "index_bytes": sum(r["bytes"] for r in index),
        # The key files (each token's and filter value's reports), the chunks of report
        # titles and addresses, and the texts the phrase is checked in.
        "key_files": len(keys),
        "key_bytes": sum(r["bytes"] for r in keys),
        # The phrase keys' files (phrases of 3 to 6 characters).
        "phrase_files": len(phrases),
        "phrase_bytes": sum(r["bytes"] for r in phrases),
        "report_chunks": len(reports),
        "report_bytes": sum(r["bytes"] for r in reports),
        "texts": len(texts),
        "text_bytes": sum(r["bytes"] for r in texts),
        "sizes_estimated": sum(1 for r in requests if r.get("estimated")),
    }


def run_search(browser, url: str, query: str | None, gzip_cache: dict[str, int], all_pages: bool, budget: float,
               baseline_urls: set[str] = frozenset()) -> dict:
    # A fresh context: cold cache. The documented nginx block's Content-Security-Policy forbids
    # eval, which Playwright's waiting on an expression uses: let Playwright's own through.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    traffic = Traffic(context, page)
    page.add_init_script(TIMING_SCRIPT)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    target = url + "search/" + (f"?q={urllib.parse.quote(query)}" if query is not None else "")
    start = time.perf_counter()
    # The timing script says when the first page is done. Waiting on an expression instead
    # would put Playwright's own script into the page as it loads: some 30 ms of the page's one
    # thread, in the time measured, which no reader's browser spends.
    with page.expect_console_message(lambda message: message.text == "bench:first-page", timeout=120_000):
        page.goto(target, wait_until="commit")
    wall_done = time.perf_counter() - start
    page.wait_for_load_state("load")
    page.wait_for_timeout(500)  # late requests (the filters) count with the first page
    timing = page.evaluate("window.__bench")
    origin = page.evaluate("performance.timeOrigin")
    navigation = page.evaluate(
        "(() => { const n = performance.getEntriesByType('navigation')[0];"
        " return n ? {dom_content_loaded: n.domContentLoadedEventEnd, load: n.loadEventEnd} : {}; })()"
    )
    # search.js's marks of the first search (the first of each name): where its time went.
    marks = page.evaluate(
        "Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('search:')).reverse().map((m) => [m.name, m.startTime]))"
    )
    first_page = page.eval_on_selector_all("#search-results > li", "items => items.length")
    first_hrefs = page.eval_on_selector_all(".archive-search__title a", "links => links.map(a => a.href)")
    requests = traffic.network()
    result = {
        "query": query,
        "first_result_ms": round(timing["first"], 1) if timing.get("first") is not None else None,
        "first_excerpt_ms": round(timing["excerpt"], 1) if timing.get("excerpt") is not None else None,
        "first_page_done_ms": round(timing["done"], 1) if timing.get("done") is not None else None,
        # None: the exact count was not shown with the first page (see all_pages.count_ms).
        "count_ms": round(timing["count"], 1) if timing.get("count") is not None else None,
        "first_page_wall_ms": round(wall_done * 1000, 1),
        "state": page.evaluate(STATE),
        "status": page.inner_text("#search-status"),
        "first_page_results": first_page,
        "first_page_urls": [urllib.parse.unquote(urllib.parse.urlsplit(h).path).lstrip("/") for h in first_hrefs],
        "first_page": summarise(requests, gzip_cache),
        "search_only": summarise([r for r in requests if r["url"] not in baseline_urls], gzip_cache),
        "urls": sorted({r["url"] for r in requests}),
        "navigation_ms": {k: round(v, 1) for k, v in navigation.items()},
        "marks_ms": {k: round(v, 1) for k, v in sorted(marks.items(), key=lambda mark: mark[1])},
        # When each request started and ended, in ms after the start of navigation.
        "timeline": [
            {
                "path": urllib.parse.urlsplit(r["url"]).path,
                "start_ms": round(r["start_epoch_ms"] - origin, 1),
                "end_ms": round(r["start_epoch_ms"] - origin + r["end_ms"], 1) if r["end_ms"] >= 0 else None,
                "bytes": r["bytes"],
            }
            for r in sorted(requests, key=lambda r: r["start_epoch_ms"])
        ],
        "errors": errors,
    }
    if all_pages:
        traffic.mark = "more"
        more = page.locator(".archive-search__more")
        clicks, complete, start = 0, True, time.perf_counter()
        while more.is_visible():
            if time.perf_counter() - start > budget:
                complete = False
                break
            page.evaluate(f"{STATE} = 'clicked'")
            more.click()
            page.wait_for_function(FINISHED, timeout=120_000)
            traffic.settle()
            clicks += 1
        hrefs = page.eval_on_selector_all(".archive-search__title a", "links => links.map(a => a.href)")
        count = page.evaluate("window.__bench.count")
        result["all_pages"] = {
            "clicks": clicks,
            "complete": complete,
            "seconds": round(time.perf_counter() - start, 2),
            "count_ms": round(count, 1) if count is not None else None,
            "status": page.inner_text("#search-status"),
            "results": [urllib.parse.unquote(urllib.parse.urlsplit(h).path).lstrip("/") for h in hrefs],
            "more": summarise(traffic.network(("more",)), gzip_cache),
        }
    context.close()
    return result


def search_benchmark(site: Path, queries: list[str], all_pages: bool, budget: float, server_kind: str = "nginx") -> dict:
    from playwright.sync_api import sync_playwright

    server = Nginx(site) if server_kind == "nginx" else Server(site)
    gzip_cache: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # Warm-up: the first page Chromium opens pays for starting its renderer.
            run_search(browser, server.url, None, gzip_cache, False, budget)
            baseline = run_search(browser, server.url, None, gzip_cache, False, budget)
            baseline_urls = set(baseline["urls"])
            log(f"search page without a query: {baseline['first_page']['bytes'] / 1024:.0f} KB")
            results = []
            for query in queries:
                result = run_search(browser, server.url, query, gzip_cache, all_pages, budget, baseline_urls)
                log(
                    f"search {query}: first result {result['first_result_ms']} ms, first excerpt {result['first_excerpt_ms']} ms, first page {result['first_page_done_ms']} ms, "
                    f"{result['first_page']['bytes'] / 1024:.0f} KB in all, {result['search_only']['bytes'] / 1024:.0f} KB beyond the empty page; "
                    f"DOMContentLoaded {result['navigation_ms'].get('dom_content_loaded')} ms, "
                    + ", ".join(f"{name.removeprefix('search:')} {ms} ms" for name, ms in result["marks_ms"].items())
                    + (f"; all pages: {len(result['all_pages']['results'])} results in {result['all_pages']['seconds']} s" if all_pages else "")
                )
                results.append(result)
            browser.close()
    finally:
        server.close()
    return {"server": server_kind, "baseline": baseline, "queries": results}


# --- One size -------------------------------------------------------------------------------


def bench_incremental(count: int, args) -> dict:
    """Only the incremental builder stage, on the project an earlier full run left: a warm-up
    build (fills the cache for the code being measured), a no-op build, then one report more."""
    project = Path(f"/tmp/bench-project-{corpus_name(count, args.short)}")
    if not (project / "source_reports").is_dir():
        raise SystemExit(f"{project}: no project; run a full benchmark of N={count} first")
    result: dict = {"n": count, "mode": "incremental only", "machine": machine(),
                    "started": datetime.datetime.now().isoformat(timespec="seconds")}
    logs = project / "logs"
    report_archive = [str(BIN / "report-archive"), "--root", str(project)]
    build = [*report_archive, "build", "--out", str(project / "md")]
    cap = args.mem_cap_gb * 2**30 if args.mem_cap_gb else None
    stages = result["stages"] = Checkpointed(result, partial_file(f"{corpus_name(count, args.short)}-incremental"))
    stages["python_startup"] = measure(
        "python_startup", [sys.executable, "-c", "import builder.build, builder.cli; print(builder.__file__)"], project, logs
    )
    stages["builder_warmup"] = measure("builder_warmup", build, project, logs, mem_cap=cap)
    stages["builder_noop"] = measure("builder_noop", build, project, logs, mem_cap=cap)
    extra = f"bench-extra-{time.strftime('%H%M%S')}"
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--one", extra, "--out", str(project / "source_reports"), "--seed", str(args.seed)],
                   check=True, stdout=subprocess.DEVNULL)
    stages["builder_plus_one"] = measure("builder_plus_one", build, project, logs, mem_cap=cap)
    result["reports_in_project"] = sum(1 for f in (project / "source_reports").iterdir() if not f.name.startswith("."))
    result["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    return result


def bench(count: int, args) -> dict:
    result: dict = {"n": count, "machine": machine(), "started": datetime.datetime.now().isoformat(timespec="seconds")}
    source = corpus(count, args.seed, args.short)
    size, files = du(source)
    result["corpus"] = {"path": str(source), "files": files - 1, "bytes": size, "kind": "short" if args.short else "long"}
    project = make_project(count, source, args.short)
    logs = project / "logs"
    report_archive = [str(BIN / "report-archive"), "--root", str(project)]
    mkdocs = [str(BIN / "mkdocs"), "build"]
    stages = result["stages"] = Checkpointed(result, partial_file(corpus_name(count, args.short)))
    cap = args.mem_cap_gb * 2**30 if args.mem_cap_gb else None
    result["mem_cap_gb"] = args.mem_cap_gb

    stages["python_startup"] = measure(
        "python_startup", [sys.executable, "-c", "import builder.build, builder.cli; print(builder.__file__)"], project, logs
    )
    # The first three are cold builds: without the builder's cache (.cache/ in the project).
    # The incremental ones below run on the cache the full builds leave.
    cold = lambda: shutil.rmtree(project / ".cache", ignore_errors=True)
    cold()
    stages["builder"] = measure("builder", [*report_archive, "build", "--out", str(project / "md")], project, logs, mem_cap=cap)
    cold()
    stages["full"] = measure("full", [*mkdocs, "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")], project, logs, mem_cap=cap)
    if not args.no_split:
        cold()
        stages["full_nosearch"] = measure(
            "full_nosearch", [*mkdocs, "-f", str(project / "mkdocs-nosearch.yml"), "-d", str(project / "site-nosearch")], project, logs, mem_cap=cap
        )
    stages["bare"] = measure("bare", [*mkdocs, "-f", str(project / "reference" / "mkdocs.yml"), "-d", str(project / "site-bare")], project, logs, mem_cap=cap)

    site = project / "site"
    result["sizes"] = {
        "site": dict(zip(("bytes", "files"), du(site))),
        "search_index": dict(zip(("bytes", "files"), du(site / "search-index"))),
        "search_keys": dict(zip(("bytes", "files"), sum_du(site.glob("search-index/*/keys")))),
        "search_texts": dict(zip(("bytes", "files"), sum_du(site.glob("search-index/*/text")))),
        "markdown": dict(zip(("bytes", "files"), du(project / "md"))),
        "bare_site": dict(zip(("bytes", "files"), du(project / "site-bare"))),
    }
    if not args.no_search and stages["full"]["rc"] == 0:
        measure_search(project, site, args, result)

    # Incremental: nothing changed, then one report more.
    stages["builder_noop"] = measure("builder_noop", [*report_archive, "build", "--out", str(project / "md")], project, logs, mem_cap=cap)
    subprocess.run([sys.executable, str(HERE / "generate.py"), "--one", EXTRA_REPORT, "--out", str(project / "source_reports"), "--seed", str(args.seed)],
                   check=True, stdout=subprocess.DEVNULL)
    stages["builder_plus_one"] = measure("builder_plus_one", [*report_archive, "build", "--out", str(project / "md")], project, logs, mem_cap=cap)
    if stages["full"]["rc"] == 0:
        stages["full_plus_one"] = measure("full_plus_one", [*mkdocs, "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")], project, logs, mem_cap=cap)
    else:
        log("full_plus_one: skipped, as the full build failed")
    if not args.no_serve and stages["full"]["rc"] == 0:
        result["serve"] = bench_serve(project, args)

    known = {"mkdocs.yml", "mkdocs-nosearch.yml", "docs", "source_reports", "reference", "logs", "md", "site", "site-nosearch", "site-bare"}
    # Whatever else the builder left in the project, e.g. its build cache.
    result["other_files_in_project"] = {p.name: du(p)[0] if p.is_dir() else p.stat().st_size for p in project.iterdir() if p.name not in known}
    result["ratios"] = ratios(result)
    result["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    return result


def bench_scale(count: int, args) -> dict:
    """Only a cold full build with search (`mkdocs build`) of `count` reports: its time and
    memory, by process and over time (issue 13's 20,000 – 100,000 reports)."""
    result: dict = {"n": count, "machine": machine(), "started": datetime.datetime.now().isoformat(timespec="seconds")}
    source = corpus(count, args.seed, args.short)
    project = make_project(count, source, args.short)
    cap = args.mem_cap_gb * 2**30 if args.mem_cap_gb else None
    result["mem_cap_gb"] = args.mem_cap_gb
    result["stages"] = {
        "full": measure("full", [str(BIN / "mkdocs"), "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")], project,
                        project / "logs", mem_cap=cap)
    }
    result["sizes"] = {"site": dict(zip(("bytes", "files"), du(project / "site"))), "cache": dict(zip(("bytes", "files"), du(project / ".cache")))}
    result["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    return result


def measure_search(project: Path, site: Path, args, result: dict) -> None:
    """The browser measurements of `site` and their exactness against the ground truth."""
    log("ground truth")
    truth_file = project / "logs" / "truth.json"
    subprocess.run([sys.executable, __file__, "--truth", str(project), str(truth_file), "--queries", *args.queries], check=True,
                   env={**os.environ, **source_env()})
    result["truth"] = json.loads(truth_file.read_text(encoding="utf-8"))
    result["search"] = search_benchmark(site, args.queries, not args.no_exact, args.exact_budget, args.server)
    result["exactness"] = exactness(result["truth"], result["search"])
    slim(result)


def bench_search_only(count: int, args) -> dict:
    """The search of the project of an earlier run (/tmp/bench-project-N), built first if its
    site is missing: the browser measurements, exactness, and the index's write and update."""
    result: dict = {"n": count, "machine": machine(), "started": datetime.datetime.now().isoformat(timespec="seconds")}
    project = args.project or Path(f"/tmp/bench-project-{count}")
    logs = project / "logs"
    site = project / "site"
    stages = result["stages"] = Checkpointed(result, partial_file(f"{count}-search"))
    if not (site / "search-index" / "meta.json").is_file():
        project = make_project(count, corpus(count, args.seed))
        stages["full"] = measure("full", [str(BIN / "mkdocs"), "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)], project, logs)
    result["sizes"] = {
        "search_index": dict(zip(("bytes", "files"), du(site / "search-index"))),
        "search_keys": dict(zip(("bytes", "files"), sum_du(site.glob("search-index/*/keys")))),
        "search_texts": dict(zip(("bytes", "files"), sum_du(site.glob("search-index/*/text")))),
    }
    if not args.no_index:
        log("index: a full write, then an edit, an addition and a deletion")
        timings_file = logs / "index-timings.json"
        subprocess.run([sys.executable, __file__, "--index-timings", str(project), str(timings_file)], check=True, env={**os.environ, **source_env()})
        result["index"] = json.loads(timings_file.read_text(encoding="utf-8"))
        log(f"index: {result['index']}")
    if not args.no_search:
        measure_search(project, site, args, result)
    result["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    return result


def index_timings(project: Path) -> dict:
    """Run in a subprocess: write_index of the project's reports into its site, and the search
    page's scripts copied there (so that the site's search is the current builder's), then, on
    a copy, update_index after an edit, an addition (in the middle of the order) and a
    deletion, each timed, and whether the last update gives the bytes of a full write."""
    sys.path.insert(0, os.environ.get("BENCH_SOURCE", str(ROOT)))
    import tempfile
    from dataclasses import replace

    from builder.build import Project, collect, search_records
    from builder.search import update_index, write_index

    records = list(search_records(collect(Project.load(project, project / "source_reports"))).values())
    out: dict = {"reports": len(records)}
    with tempfile.TemporaryDirectory(prefix="bench-index-") as folder:
        site, full = Path(folder) / "site", Path(folder) / "full"
        start = time.perf_counter()
        state = write_index(records, project / "site")
        out["write_s"] = round(time.perf_counter() - start, 2)
        source = Path(os.environ.get("BENCH_SOURCE", str(ROOT)))
        shutil.copytree(source / "builder" / "theme" / "assets" / "archive", project / "site" / "assets" / "archive", dirs_exist_ok=True)
        shutil.copytree(project / "site" / "search-index", site / "search-index")
        middle = len(records) // 2
        edit = list(records)
        edit[middle] = replace(records[middle], text=records[middle].text + "\n补充一句：以上情况属实。")
        addition = list(edit)
        addition.insert(middle // 2, replace(records[7], url="reports/bench-added/", title=records[7].title + "（补）"))
        deletion = [r for n, r in enumerate(addition) if n != middle + 100]
        for name, step in (("edit", edit), ("addition", addition), ("deletion", deletion)):
            start = time.perf_counter()
            state = update_index(step, site, state)
            out[f"update_{name}_s"] = round(time.perf_counter() - start, 2)
        write_index(deletion, full)
        files = lambda root: {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}
        out["identical_to_full_write"] = files(site / "search-index") == files(full / "search-index")
    return out


class Checkpointed(dict):
    """The stages: each one is written to a partial JSON as soon as it is measured, so that a
    long run that fails late still leaves its figures."""

    def __init__(self, result: dict, file: Path):
        super().__init__()
        self.result, self.file = result, file

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.file.write_text(json.dumps(self.result, ensure_ascii=False, indent=1, default=str), encoding="utf-8")


def exactness(truth: dict, search: dict) -> dict:
    answer = {}
    for query_result in search["queries"]:
        query = query_result["query"]
        want = set(truth["queries"][query]["urls"])
        pages = query_result.get("all_pages")
        if pages is None:
            # The first page only: the count on its status line, and its results.
            shown = re.match(r"找到 (\d+) 篇", query_result["status"])
            count = int(shown.group(1)) if shown else 0 if query_result["status"].startswith("没有找到") else None
            first = query_result.get("first_page_urls", [])
            answer[query] = {
                "expected": len(want),
                "count_shown": count,
                "count_exact": count == len(want),
                "first_page_wrong": len(set(first) - want),
            }
            continue
        got_list = pages["results"]
        got = set(got_list)
        answer[query] = {
            "expected": len(want),
            "shown": len(got_list),
            "complete": pages["complete"],
            "missing": len(want - got) if pages["complete"] else None,
            "wrong": len(got - want),
            "duplicates": len(got_list) - len(got),
            "exact": pages["complete"] and got == want and len(got_list) == len(got),
            "examples_missing": sorted(want - got)[:5] if pages["complete"] else [],
            "examples_wrong": sorted(got - want)[:5],
        }
    return answer


def slim(result: dict) -> dict:
    """Drop the long lists of URLs once exactness is worked out: counts stay, and the
    exactness entry keeps examples of what was missing or wrong."""
    for answer in result.get("truth", {}).get("queries", {}).values():
        if "urls" in answer:
            answer["count"] = len(answer.pop("urls"))
    for query in result.get("search", {}).get("queries", []):
        pages = query.get("all_pages")
        if pages and "results" in pages:
            pages["results_count"] = len(pages.pop("results"))
    return result


def ratios(result: dict) -> dict:
    s = result["stages"]
    ok = lambda name: name in s and s[name]["rc"] == 0
    r = {}
    if ok("full") and ok("bare"):
        r["full_over_bare"] = round(s["full"]["wall_s"] / s["bare"]["wall_s"], 2)
    if ok("full_nosearch") and ok("bare"):
        r["nosearch_over_bare"] = round(s["full_nosearch"]["wall_s"] / s["bare"]["wall_s"], 2)
    if ok("full") and ok("full_nosearch"):
        r["search_index_s"] = round(s["full"]["wall_s"] - s["full_nosearch"]["wall_s"], 1)
    return r


def machine() -> dict:
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = ""
    try:
        memory = next(line.split(":", 1)[1].strip() for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    try:
        os_name = next(l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release") if l.startswith("PRETTY_NAME"))
    except (OSError, StopIteration):
        os_name = platform.platform()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "builder"], capture_output=True, text=True).stdout.strip()
    return {
        "nproc": os.cpu_count(), "memory": memory, "cpu": cpu, "os": os_name, "python": platform.python_version(),
        "commit": commit, "builder_has_uncommitted_changes": bool(dirty),
    }


# --- Output ---------------------------------------------------------------------------------


def mb(value) -> str:
    return "—" if value is None else f"{value:,.0f}"


def search_lines(r: dict) -> list[str]:
    """The search measurements of one size: per query, time to the first result, to the exact
    count and to the first page, bytes, and exactness."""
    lines = []
    b = r["search"]["baseline"]["first_page"]
    lines.append(f"  empty search page: {b['bytes'] / 1024:.0f} KB on the wire ({b['gzip_estimate_bytes'] / 1024:.0f} KB if text were gzipped), {b['requests']} requests")
    lines.append(f"  {'query':<10}{'first ms':>9}{'excerpt':>9}{'count ms':>9}{'page ms':>9}{'all KB':>9}{'gz KB':>8}{'search KB':>10}{'gz':>6}{'keys':>7}{'keys KB':>9}{'phrases':>8}{'phr KB':>7}{'chunks':>7}{'chunk KB':>9}{'txts':>5}{'txt KB':>7}{'exact':>20}")
    for q in r["search"]["queries"]:
        e = r.get("exactness", {}).get(q["query"])
        if e is None:
            exact = "—"
        elif "count_shown" in e:  # the first page only
            exact = f"count {e['count_shown']}/{e['expected']}" + ("" if e["count_exact"] and not e["first_page_wrong"] else " NO")
        else:
            exact = f"{'yes' if e['exact'] else 'NO'} {e['shown']}/{e['expected']}" + ("" if e["complete"] else " capped")
        so = q["search_only"]
        count_ms = q.get("count_ms") or (q.get("all_pages") or {}).get("count_ms")
        lines.append(
            f"  {q['query']:<10}{mb(q['first_result_ms']):>9}{mb(q.get('first_excerpt_ms')):>9}{mb(count_ms):>9}{mb(q['first_page_done_ms']):>9}"
            f"{q['first_page']['bytes'] / 1024:>9.0f}{q['first_page']['gzip_estimate_bytes'] / 1024:>8.0f}"
            f"{so['bytes'] / 1024:>10.0f}{so['gzip_estimate_bytes'] / 1024:>6.0f}{so['key_files']:>7}{so['key_bytes'] / 1024:>9.0f}"
            f"{so.get('phrase_files', 0):>8}{so.get('phrase_bytes', 0) / 1024:>7.0f}"
            f"{so['report_chunks']:>7}{so['report_bytes'] / 1024:>9.0f}{so['texts']:>5}{so['text_bytes'] / 1024:>7.0f}{exact:>20}"
        )
    return lines


def search_table(result: dict) -> str:
    lines = [f"N={result['n']}: search index {result['sizes']['search_index']['bytes'] / 1e6:.1f} MB in {result['sizes']['search_index']['files']} files; index {result.get('index')}"]
    if "search" in result:
        lines += search_lines(result)
    return "\n".join(lines)


def table(results: list[dict]) -> str:
    lines = []
    names = ["python_startup", "builder", "full", "full_nosearch", "bare", "builder_noop", "builder_plus_one", "full_plus_one"]
    header = f"{'stage':<18}" + "".join(f"{'N=' + str(r['n']):>26}" for r in results)
    lines += [header, f"{'':<18}" + "".join(f"{'wall s / peak MB (tree)':>26}" for _ in results)]
    for name in names:
        cells = []
        for r in results:
            s = r["stages"].get(name)
            cells.append(f"{'—':>26}" if s is None else f"{s['wall_s']:>10.2f} / {mb(s['tree_peak_rss_mb']):>7}{'' if s['rc'] == 0 else ' FAIL':>5}  ")
        lines.append(f"{name:<18}" + "".join(cells))
    lines.append("")
    for r in results:
        sz = r["sizes"]
        lines.append(
            f"N={r['n']}: ratios {r['ratios']}; site {sz['site']['bytes'] / 1e6:.0f} MB in {sz['site']['files']} files; "
            f"search index {sz['search_index']['bytes'] / 1e6:.1f} MB in {sz['search_index']['files']} files "
            f"(keys {sz['search_keys']['bytes'] / 1e6:.1f} MB / {sz['search_keys']['files']}, "
            f"texts {sz['search_texts']['bytes'] / 1e6:.1f} MB / {sz['search_texts']['files']})"
        )
        if "search" in r:
            lines += search_lines(r)
    return "\n".join(lines)


def partial_file(name: str) -> Path:
    """Where a run's results are kept up to date while it runs (Checkpointed)."""
    return RESULTS / f"{datetime.date.today().isoformat()}-{name}.partial.json"


def save_result(result: dict, source: dict, name: str) -> Path:
    """Write a run's results, named by the date, `name` and the commit measured (so that a run
    never overwrites the results of another), in place of its partial file."""
    result["source"] = source
    stem = f"{datetime.date.today().isoformat()}-{name}-{source.get('commit', 'tree')}"
    file = RESULTS / f"{stem}.json"
    runs = 1
    while file.exists():  # another run of the same commit the same day
        runs += 1
        file = RESULTS / f"{stem}-{runs}.json"
    file.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    partial_file(name).unlink(missing_ok=True)
    log(f"wrote {file}")
    return file


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the archive at N reports (see benchmarks/README.md)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--short", action="store_true", help="the corpus of short reports (1 – 3 KB each) instead of the long one")
    parser.add_argument("--queries", nargs="+", default=QUERIES)
    parser.add_argument("--no-search", action="store_true", help="skip the browser measurements")
    parser.add_argument("--no-exact", action="store_true", help="measure the first page of results only")
    parser.add_argument("--no-split", action="store_true", help="skip the full build without search")
    parser.add_argument("--exact-budget", type=float, default=1500, help="seconds per query for loading every page of results (at 10,000 reports the largest took 489 s)")
    parser.add_argument("--mem-cap-gb", type=float, default=8,
                        help="kill a build whose process tree exceeds this RSS (default 8 GB, twice the target; 0: no cap)")
    parser.add_argument("--no-serve", action="store_true", help="skip the live preview step (mkdocs serve --dirty)")
    parser.add_argument("--serve-only", type=Path, metavar="PROJECT",
                        help="only the live preview step, on PROJECT (e.g. /tmp/bench-project-10000 of an earlier run)")
    parser.add_argument("--incremental-only", action="store_true",
                        help="only the incremental builder stage, on the project of an earlier run (/tmp/bench-project-N)")
    parser.add_argument("--source", type=Path, help="measure this earlier snapshot (/tmp/bench-snapshot-…)")
    parser.add_argument("--no-snapshot", action="store_true", help="measure builder/ in place instead of a copy")
    parser.add_argument("--search-only", action="store_true",
                        help="only the search (index write and update, browser, exactness), on /tmp/bench-project-N (built if missing)")
    parser.add_argument("--scale-only", action="store_true",
                        help="only a cold full build with search, its time and memory by process (for 20,000 – 100,000 reports)")
    parser.add_argument("--no-index", action="store_true", help="with --search-only: skip the index's write and update times")
    parser.add_argument("--project", type=Path,
                        help="with --search-only: this project (e.g. a copy of /tmp/bench-project-N) instead of /tmp/bench-project-N")
    parser.add_argument("--server", choices=["nginx", "http.server"], default="nginx",
                        help="serve the site for the browser through the documented nginx block (default) or python's http.server")
    parser.add_argument("--truth", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--index-timings", nargs=2, metavar=("PROJECT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.truth:
        project, out = map(Path, args.truth)
        Path(out).write_text(json.dumps(truth(project, args.queries), ensure_ascii=False), encoding="utf-8")
        return 0
    if args.index_timings:
        project, out = map(Path, args.index_timings)
        Path(out).write_text(json.dumps(index_timings(project)), encoding="utf-8")
        return 0
    RESULTS.mkdir(exist_ok=True)
    source = snapshot(args.source) if not args.no_snapshot else {"path": str(ROOT)}
    log(f"measuring {source}")
    if args.serve_only:
        result = {"project": str(args.serve_only), "machine": machine(), "serve": bench_serve(args.serve_only, args)}
        save_result(result, source, f"serve-{args.serve_only.name}")
        print(json.dumps(result["serve"], ensure_ascii=False, indent=1))
        return 0
    results = []
    for count in args.sizes:
        if args.scale_only:
            result = bench_scale(count, args)
            save_result(result, source, f"{corpus_name(count, args.short)}-scale")
            full = result["stages"]["full"]
            log(f"{full['wall_s']:.0f} s, tree peak {mb(full['tree_peak_rss_mb'])} MB, by process {full['process_peaks_mb']}")
            continue
        if args.search_only:
            result = bench_search_only(count, args)
            save_result(result, source, f"{count}-search")
            print(search_table(result), flush=True)
            continue
        if args.incremental_only:
            result = bench_incremental(count, args)
            save_result(result, source, f"{corpus_name(count, args.short)}-incremental")
            for name, stage in result["stages"].items():
                print(f"{name:<18}{stage['wall_s']:>10.2f} s {mb(stage['tree_peak_rss_mb']):>7} MB  {stage['stdout_tail'].splitlines()[-1] if stage['stdout_tail'] else ''}")
            continue
        result = bench(count, args)
        save_result(result, source, corpus_name(count, args.short))
        results.append(result)
        print(table([result]), flush=True)
    if len(results) > 1:
        print()
        print(table(results))
        full = [r["stages"]["full"] for r in results]
        if all(f["rc"] == 0 for f in full):
            print(f"growth of the full build, N={results[-1]['n']} / N={results[0]['n']}: {full[-1]['wall_s'] / full[0]['wall_s']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
