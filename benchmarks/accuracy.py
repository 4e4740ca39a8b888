"""How well the builder understands real reports, measured on labelled folders.

    .venv/bin/python benchmarks/accuracy.py [FOLDER ...] [--json OUT] [--venv VENV] [--jobs N]

A labelled folder holds raw reports and a truth.json (see benchmarks/corpus/README.md). Each
report is built in an archive of its own, as ../shared/tools/score.py does it (a project with
mkdocs.yml and src/<file>, `report-archive --root P --sources src build --out P/out`), and its
catalog row and page are compared with its labels, with score.py's definitions: NFKC and no
whitespace before comparing; a unit is right when, with redaction marks taken out, one name
holds the other and is at least 60% of its length; a labelled heading is found when a heading
of the page starts with it. The builds run in parallel subprocesses (--jobs, default: one per
core), with the report-archive of VENV (default: .venv of this project).

Default folders: benchmarks/corpus and, when it exists, ../shared/corpus/office.
Per folder it prints per-field accuracy, noise recall (boilerplate and pinyin annotations
apart), noise precision (the report's own sentences still on the page), text lost, heading
recall and every miss. It measures and asserts nothing: the exit status is 0.

As a library: score_folder(folder, venv) returns the summary of one folder.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOLDERS = [ROOT / "benchmarks" / "corpus", ROOT.parent / "shared" / "corpus" / "office"]
BUILD_TIMEOUT = 300
# score.py counts a noise item of this form as a pinyin annotation
PINYIN = re.compile(r"^[(（【][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+[)）】]?$")
FIELDS = ("accepted", "title", "year", "type", "unit", "noise", "pinyin", "keep", "headings")


# --- score.py's definitions ---------------------------------------------------------------


def norm(value) -> str:
    value = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"\s+", "", value)


def body_text(md: str) -> str:
    """A page's text: no front matter, no similar-reports list, no report card, no tags."""
    md = re.sub(r"^---\n.*?\n---\n", "", md, flags=re.S)
    md = md.split("## 相似报告")[0]
    md = re.sub(r"<div class=\"report-card\".*?</div>", "", md, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", md))


def page_headings(md: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>|\{[^}]*\}\s*$", "", m)).strip() for m in re.findall(r"^#{2,6}\s+(.+)$", md, flags=re.M)]


def same_unit(got, want) -> bool:
    # Redaction marks (** XX __) stand for a name: compare what is left.
    g, w = (re.sub(r"[*＊Xx×_]+", "", norm(v)) for v in (got, want))
    if not g or not w:
        return g == w
    if g == w:
        return True
    short, long_ = sorted((g, w), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def same_type(got, want) -> bool:
    g, w = norm(got), norm(want)
    return g == w or (w == "其他" and not g) or bool(w and g and (w in g or g in w))


def heading_found(label: str, heads: list[str]) -> bool:
    nh = norm(label)
    return any(x.startswith(nh) or nh.startswith(x) and len(x) >= 4 for x in heads)


# --- building -----------------------------------------------------------------------------


def build_one(folder: Path, name: str, venv: Path, work: Path) -> tuple[dict | None, str, str]:
    """(catalog row, page, what the build said) of one report built alone."""
    one = work / name
    (one / "src").mkdir(parents=True)
    shutil.copy2(folder / name, one / "src" / name)
    (one / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    try:
        done = subprocess.run([str(venv / "bin" / "report-archive"), "--root", str(one), "--sources", "src", "build", "--out", str(one / "out")],
                              capture_output=True, text=True, timeout=BUILD_TIMEOUT)
        said = (done.stdout + done.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, "", str(error)
    catalog = one / "out" / "catalog.json"
    try:
        rows = json.loads(catalog.read_text("utf-8")) if catalog.exists() else []
    except ValueError:
        rows = []
    for row in rows:
        page = one / "out" / (row["url"].strip("/") + ".md")
        return row, page.read_text("utf-8") if page.exists() else "", said
    return None, "", said


def build_all(folder: Path, names: list[str], venv: Path, jobs: int) -> dict[str, tuple[dict | None, str, str]]:
    work = Path(tempfile.mkdtemp(prefix="accuracy-"))
    try:
        # The builds are subprocesses: threads only wait for them.
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(lambda n: build_one(folder, n, venv, work), names)
            return dict(zip(names, results))
    finally:
        shutil.rmtree(work, ignore_errors=True)


# --- scoring ------------------------------------------------------------------------------


def score(truth: list[dict], built: dict[str, tuple[dict | None, str, str]]) -> dict:
    counts = {k: [0, 0] for k in FIELDS}
    misses: list[str] = []
    extra_headings = 0
    for t in truth:
        f = t["file"]
        row, md, said = built.get(f, (None, "", "not built"))
        counts["accepted"][1] += 1
        if row is None:
            last = said.strip().splitlines()[-1] if said.strip() else ""
            misses.append(f"{f}: not in the catalog" + (f" ({last})" if last else ""))
            continue
        counts["accepted"][0] += 1
        body = norm(body_text(md))
        heads = [norm(h) for h in page_headings(md)]

        def field(name: str, ok: bool, got, want) -> None:
            counts[name][1] += 1
            counts[name][0] += bool(ok)
            if not ok:
                misses.append(f"{f}: {name} got {got!r} want {want!r}")

        if t.get("title"):
            field("title", norm(row.get("title")) == norm(t["title"]), row.get("title"), t["title"])
        field("year", row.get("year") == t.get("year"), row.get("year"), t.get("year"))
        field("type", same_type(row.get("type"), t.get("type")), row.get("type"), t.get("type"))
        field("unit", same_unit(row.get("unit"), t.get("unit")), row.get("unit"), t.get("unit"))
        for n in t.get("noise", []):
            field("pinyin" if PINYIN.match(n) else "noise", norm(n) not in body and norm(n) not in norm(row.get("title")), "left", n)
        for k in t.get("keep", []):
            field("keep", norm(k) in body, "lost", k)
        for h in t.get("headings", []):
            field("headings", heading_found(h, heads), "not a heading", h)
        # Not in score.py: headings of the page that are no labelled heading (一是…, boilerplate).
        labels = [norm(h) for h in t.get("headings", [])]
        own = [norm(re.sub(r"\\(.)", r"\1", h)) for h in page_headings(md.split("## 相似报告")[0])]  # \( → (: Markdown escapes
        extra_headings += sum(1 for x in own if not any(x.startswith(n) or n.startswith(x) and len(x) >= 4 for n in labels))
    summary = {k: (a, b, round(100 * a / b) if b else 100) for k, (a, b) in counts.items()}
    noise_all = (counts["noise"][0] + counts["pinyin"][0], counts["noise"][1] + counts["pinyin"][1])
    summary["noise_all"] = (*noise_all, round(100 * noise_all[0] / noise_all[1]) if noise_all[1] else 100)
    summary["text_lost"] = counts["keep"][1] - counts["keep"][0]
    summary["extra_headings"] = extra_headings
    summary["misses"] = misses
    return summary


def score_folder(folder: Path, venv: Path, jobs: int | None = None) -> dict:
    """Build every labelled report of folder with venv's report-archive and score it."""
    folder = Path(folder).resolve()
    truth = json.loads((folder / "truth.json").read_text("utf-8"))
    started = time.monotonic()
    built = build_all(folder, [t["file"] for t in truth], Path(venv).resolve(), jobs or os.cpu_count() or 2)
    summary = score(truth, built)
    summary["folder"] = str(folder)
    summary["reports"] = len(truth)
    summary["seconds"] = round(time.monotonic() - started, 1)
    return summary


LINES = [  # label, key
    ("accepted (in the catalog)", "accepted"), ("title", "title"), ("year", "year"), ("type", "type"), ("unit", "unit"),
    ("noise recall", "noise_all"), ("  boilerplate", "noise"), ("  pinyin annotations", "pinyin"),
    ("noise precision (own text kept)", "keep"), ("heading recall", "headings"),
]


def report(summary: dict, out=sys.stdout) -> None:
    print(f"{summary['folder']}: {summary['reports']} reports, built in {summary['seconds']} s", file=out)
    for label, key in LINES:
        a, b, pct = summary[key]
        print(f"  {label:34s} {a:>5}/{b:<5} {pct:>3}%", file=out)
    print(f"  {'text lost (keep items gone)':34s} {summary['text_lost']:>5}", file=out)
    print(f"  {'headings not labelled (extra)':34s} {summary['extra_headings']:>5}", file=out)
    if summary["misses"]:
        print(f"  misses ({len(summary['misses'])}):", file=out)
        for miss in summary["misses"]:
            print("    " + miss, file=out)
    short = ", ".join(f"{k} {summary[k][2]}%" for k in ("title", "year", "type", "unit", "noise", "pinyin", "keep", "headings"))
    print(f"  score: {short}, text lost {summary['text_lost']}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Accuracy of the builder on labelled folders of raw reports.")
    parser.add_argument("folders", nargs="*", type=Path, help="folders with truth.json (default: benchmarks/corpus and ../shared/corpus/office)")
    parser.add_argument("--json", type=Path, help="write the summaries and misses here")
    parser.add_argument("--venv", type=Path, default=ROOT / ".venv", help="virtualenv whose report-archive is measured (default: .venv)")
    parser.add_argument("--jobs", type=int, default=None, help="builds at a time (default: one per core)")
    args = parser.parse_args(argv)
    folders = args.folders or [f for f in DEFAULT_FOLDERS if (f / "truth.json").exists()]
    if not (args.venv / "bin" / "report-archive").exists():
        print(f"no report-archive in {args.venv}: make the virtualenv first (see README)", file=sys.stderr)
        return 0
    summaries = []
    for folder in folders:
        if not (folder / "truth.json").exists():
            print(f"{folder}: no truth.json, skipped", file=sys.stderr)
            continue
        summary = score_folder(folder, args.venv, args.jobs)
        summaries.append(summary)
        report(summary)
        print()
    if args.json:
        args.json.write_text(json.dumps({"folders": summaries}, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
