"""Lighthouse's accessibility (and best-practices) scores of the sample archive, at 1280 and 375 px.

Builds the sample archive with `mkdocs build --strict`, serves it on 127.0.0.1 (under
/archive/, as the tests do) with the headers of docs/nginx/report-archive-headers.conf (the
strict Content-Security-Policy among them), and runs Lighthouse (npm, pinned in
benchmarks/package.json: `npm ci --prefix benchmarks` first) with Debian's Chromium on every
kind of page that tests/test_accessibility.py checks with axe-core. Prints a table, writes
benchmarks/results/<date>-lighthouse-<label>.json, and always exits 0: the targets are tests
(axe-core); this records what Lighthouse says.

    .venv/bin/python benchmarks/lighthouse.py                        # the samples, built from this tree
    .venv/bin/python benchmarks/lighthouse.py --site DIR --label REV --no-headers   # an older build
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
# The same pages as the axe tests, and the same little server.
from test_accessibility import WIDTHS, page_paths  # noqa: E402
from test_search_browser import SubPathHandler, serve  # noqa: E402

LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / "lighthouse" / "cli" / "index.js"
HEADERS_CONF = ROOT / "docs" / "nginx" / "report-archive-headers.conf"
CHROMIUM = "/usr/bin/chromium"
CATEGORIES = ("accessibility", "best-practices")
# Lighthouse's own emulation, at the widths of the axe tests: a desktop, and a phone (375 px,
# a device pixel ratio of 2).
SCREENS = {
    "desktop": ["--preset=desktop", "--screenEmulation.width=1280", "--screenEmulation.height=800"],
    "phone": [
        "--form-factor=mobile",
        "--screenEmulation.mobile",
        "--screenEmulation.width=375",
        "--screenEmulation.height=667",
        "--screenEmulation.deviceScaleFactor=2",
    ],
}


def policy_headers() -> dict[str, str]:
    """The headers that the documented nginx block adds, read from it."""
    found = re.findall(r'^add_header\s+(\S+)\s+"(.*)"\s+always;$', HEADERS_CONF.read_text(encoding="utf-8"), re.M)
    assert found, f"no add_header in {HEADERS_CONF}"
    return dict(found)


class PolicyHandler(SubPathHandler):
    headers_to_add: dict[str, str] = {}

    def end_headers(self):
        for name, value in self.headers_to_add.items():
            self.send_header(name, value)
        super().end_headers()


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(command, check=True, capture_output=True, env=env)


def lighthouse(url: str, screen: str, out: Path) -> dict:
    command = [
        "node", str(LIGHTHOUSE), url,
        f"--only-categories={','.join(CATEGORIES)}",
        "--throttling-method=provided",  # scores of these categories do not depend on speed
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        "--output=json", f"--output-path={out}", "--quiet",
        *SCREENS[screen],
    ]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report = json.loads(out.read_text(encoding="utf-8"))
    failing = sorted(
        audit_id
        for audit_id, audit in report["audits"].items()
        if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"
    )
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "failing": failing,
        "lighthouse": report["lighthouseVersion"],
    }


def commit() -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site to measure (default: build the samples)")
    parser.add_argument("--label", default=commit(), help="names the results file (default: the commit)")
    parser.add_argument("--no-headers", action="store_true", help="serve without the security headers (a site from before them)")
    args = parser.parse_args()
    if not LIGHTHOUSE.is_file():
        sys.exit(f"Lighthouse is not installed: npm ci --prefix {ROOT / 'benchmarks'}")
    with tempfile.TemporaryDirectory() as temp:
        site = args.site or Path(temp) / "site"
        if not args.site:
            build(site)
        PolicyHandler.headers_to_add = {} if args.no_headers else policy_headers()
        results = []
        with serve(site, PolicyHandler) as base:
            for screen in WIDTHS:
                for name, path in page_paths(site).items():
                    scores = lighthouse(base + path, screen, Path(temp) / "report.json")
                    results.append({"page": name, "path": path, "screen": screen, **scores})
                    print(f"{screen:8} {name:22} accessibility {scores['accessibility']:3}  best practices "
                          f"{scores['best-practices']:3}  {' '.join(scores['failing'])}", flush=True)
    out = ROOT / "benchmarks" / "results" / f"{datetime.date.today()}-lighthouse-{args.label}.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"→ {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
