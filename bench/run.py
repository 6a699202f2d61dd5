"""`make bench`: the archive's benchmarks, written as a Markdown table to bench/RESULTS.md.

A benchmark, never a timed test: it measures and reports, it does not pass or fail. Each archive size is
generated once into a temporary folder; each figure is the best of a few runs, in a fresh process, as an
editor or CI would run the command.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.generate import generate

RESULTS = Path(__file__).with_name("RESULTS.md")
CACHE = Path(".cache")


@dataclass(frozen=True)
class Figure:
    size: int
    measure: str
    seconds: float
    peak_mb: float
    note: str


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and peak memory (max RSS) of one run of a command, in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)  # the child's own resource usage, not all children's
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{errors}")
    return elapsed, usage.ru_maxrss / 1024  # kilobytes on Linux


def best_of(runs: int, command: list[str], before=lambda: None) -> tuple[float, float]:
    results = []
    for _ in range(runs):
        before()
        results.append(timed(command))
    return min(results)


def check_figures(size: int, project: Path, runs: int) -> list[Figure]:
    archive = [sys.executable, "-m", "builder", "-C", str(project), "check"]
    cold = best_of(runs, archive, before=lambda: shutil.rmtree(project / CACHE, ignore_errors=True))
    warm = best_of(runs, archive)
    return [
        Figure(size, "archive check, first run (no parse memo)", *cold, "parses every file, then writes .cache/"),
        Figure(size, "archive check, again", *warm, "unchanged files skip YAML parsing"),
    ]


def table(figures: list[Figure]) -> str:
    lines = ["| sources | measure | seconds | peak memory | note |", "| ---: | --- | ---: | ---: | --- |"]
    for f in figures:
        lines.append(f"| {f.size:,} | {f.measure} | {f.seconds:.2f} | {f.peak_mb:.0f} MB | {f.note} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], help="archive sizes (default: 1000 10000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure; the best is kept")
    args = parser.parse_args(argv)
    figures = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as folder:
            project = Path(folder) / "archive"
            print(f"generating {size:,} sources…", file=sys.stderr)
            generate(size, project)
            figures += check_figures(size, project, args.runs)
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    text = f"# Benchmark results\n\nMeasured by `make bench` on {machine}.\n\n{table(figures)}\n"
    RESULTS.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
