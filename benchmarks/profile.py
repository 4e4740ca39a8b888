"""Profile the builder stage and the full MkDocs build of a benchmark project.

    python benchmarks/profile.py --project /tmp/bench-project-1000 [--top 25] [--skip-mkdocs] [--source DIR]

Runs, each in a subprocess under cProfile and with the build cache removed first (cold):
`report-archive build` (python -m cProfile -m builder.cli) and `mkdocs build` with the plugin.
Prints the top entries by cumulative time, then by own time. Profiles are kept in /tmp.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def profile(name: str, args: list[str], project: Path, top: int, source: Path = ROOT) -> None:
    shutil.rmtree(project / ".cache", ignore_errors=True)
    out = Path(f"/tmp/bench-profile-{name}.prof")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "cProfile", "-o", str(out), *args]
    print(f"$ {' '.join(command)}", flush=True)
    subprocess.run(command, cwd=project, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        stats = pstats.Stats(str(out), stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        lines = text.getvalue().splitlines()
        start = next(i for i, line in enumerate(lines) if "ncalls" in line)
        total = next((line for line in lines if "function calls" in line), "").strip()
        print(f"\n== {name}: top {top} by {order} ({total})")
        print("\n".join(lines[start:]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--skip-mkdocs", action="store_true")
    parser.add_argument("--source", type=Path, default=ROOT, help="folder holding the builder/ to profile (e.g. a run's snapshot)")
    args = parser.parse_args()
    project = args.project.resolve()
    profile("builder", ["-m", "builder.cli", "--root", str(project), "build", "--out", "/tmp/bench-profile-md"], project, args.top, args.source)
    if not args.skip_mkdocs:
        profile("mkdocs", ["-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", "/tmp/bench-profile-site"], project, args.top, args.source)
    return 0


if __name__ == "__main__":
    sys.exit(main())
