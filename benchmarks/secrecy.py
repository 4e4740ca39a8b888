"""The cost of the 保密审查 (builder/secrecy.py) in reading reports: the time `screen` takes
within `builder.build.load_report`, over a folder of reports.

    python benchmarks/secrecy.py                         # 1,000 reports of generate.py, seed 1
    python benchmarks/secrecy.py --folder benchmarks/corpus

Both times are measured in the same run and process (the share is what to compare; the
machine's load moves the absolute times). Reports are read without the build cache, as a
first build reads them. Prints one line.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from builder import build  # noqa: E402
from builder.read import is_source  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, help="reports to read (default: --count reports of generate.py)")
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    folder = args.folder
    if folder is None:
        folder = Path(tempfile.mkdtemp(prefix="bench-secrecy-"))
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--count", str(args.count), "--out", str(folder)], check=True)
    folder = folder.resolve()
    project = build.Project.load(folder, folder, cache=False)
    screened = 0.0
    screen = build.screen

    def timed(*arguments):
        nonlocal screened
        started = time.perf_counter()
        result = screen(*arguments)
        screened += time.perf_counter() - started
        return result

    build.screen = timed
    files = [file for file in sorted(folder.rglob("*")) if file.is_file() and is_source(file.name)]
    started = time.perf_counter()
    findings = sum(sum(p.code.startswith("secrecy") for p in build.load_report(file, project).problems) for file in files)
    total = time.perf_counter() - started
    print(f"{len(files)} reports, {findings} findings: load_report {total:.2f} s, of which 保密审查 {screened:.2f} s ({screened / total:.1%})")


if __name__ == "__main__":
    main()
