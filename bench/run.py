"""`make bench`: the archive's benchmarks, written as Markdown tables to bench/RESULTS.md.

A benchmark, never a timed test: it measures and reports, it does not pass or fail. For each size it
generates an archive (`bench/generate.py`), then measures in fresh processes, as an editor or CI would:
`archive check` (first run and again), a full `archive build` stage by stage (wall time and peak memory),
the site's size, what a first search downloads (in Chromium), and the time from saving an explainer to
the rebuilt page under `archive serve`. A bare MkDocs + Material build of as many plain pages, timed in
turn with the archive's build again, is the baseline every build figure is compared with.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.generate import generate
from tests.support import CHROMIUM, CHROMIUM_ARGS, Editor, fetch, free_port, static_server, wait_until

RESULTS = Path(__file__).with_name("RESULTS.md")
START, END = "<!-- measured: make bench rewrites from here -->", "<!-- measured: to here -->"
REPO = Path(__file__).resolve().parent.parent
SERVE_LIMIT = 900  # seconds to wait for a preview to start or to reload
SETTLE_LIMIT = 300  # seconds to wait for the removal of a replaced site


@dataclass
class Run:
    size: int
    stages: list[tuple[str, float, float]] = field(default_factory=list)
    figures: dict[str, float] = field(default_factory=dict)
    spreads: dict[str, list[float]] = field(default_factory=dict)  # every timing of what was timed in turn


def run(command: list[str], env: dict | None = None) -> tuple[float, float]:
    """Wall time and peak memory (MB) of one run of a command, in a fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    _, status, usage = os.wait4(process.pid, 0)  # this child's own peak memory, not all children's
    elapsed = time.perf_counter() - started
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{errors[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024


def archive(project: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "builder", "-C", str(project), *args]


def measure(size: int, folder: Path, runs: int) -> Run:
    project = folder / "archive"
    print(f"[{size:,}] generating…", file=sys.stderr)
    generate(size, project)
    result = Run(size)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    print(f"[{size:,}] archive check…", file=sys.stderr)
    result.figures["check_cold_s"] = run(archive(project, "check"))[0]
    result.figures["check_s"] = min(run(archive(project, "check"))[0] for _ in range(runs))
    print(f"[{size:,}] archive build…", file=sys.stderr)
    shutil.rmtree(project / ".cache", ignore_errors=True)
    timings = folder / "timings.json"
    wall, peak = run(archive(project, "build"), {"ARCHIVE_TIMINGS": str(timings)})
    result.stages = [tuple(stage) for stage in json.loads(timings.read_text())]
    pages = sum(1 for _ in (project / "site").rglob("*.html"))
    result.figures.update(build_s=wall, peak_mb=peak, pages=pages, ms_per_page=wall / pages * 1000)
    # The machine's speed drifts from minute to minute, so a build again and the baseline are timed in turn,
    # `runs` times each, and each keeps its best: a ratio of two builds timed minutes apart could be off by half.
    print(f"[{size:,}] build again and the baseline (bare MkDocs + Material), in turn…", file=sys.stderr)
    baseline, baseline_site = baseline_project(pages, folder / "baseline")
    again, bare = [], []
    for _ in range(runs):
        _settle(project)
        again.append(run(archive(project, "build"))[0])
        # MkDocs empties its site folder before it builds, in the timed run; the archive removes its old site
        # in the background, after it, which `_settle` keeps out of the timing. So the baseline's is removed here.
        shutil.rmtree(baseline_site, ignore_errors=True)
        _settle(project)
        bare.append(run(baseline, {"NO_MKDOCS_2_WARNING": "1"})[0])  # Material's notice about MkDocs 2, not wanted here
    result.figures.update(build_again_s=min(again), baseline_s=min(bare))
    result.spreads = {"build again": again, "baseline": bare}
    source_pages = [p.stat().st_size for p in (project / "site" / "sources").glob("*/index.html")]
    result.figures["page_kb"] = statistics.median(source_pages) / 1024
    result.figures["site_mb"] = sum(p.stat().st_size for p in (project / "site").rglob("*") if p.is_file()) / 2**20
    print(f"[{size:,}] first search…", file=sys.stderr)
    result.figures.update(first_search(project))
    print(f"[{size:,}] edit to reload under archive serve…", file=sys.stderr)
    result.figures["reload_s"] = edit_to_reload(project)
    print(f"[{size:,}] edit to diagnostics under archive lsp…", file=sys.stderr)
    result.figures["lsp_recheck_s"] = lsp_recheck(project)
    return result


def _settle(project: Path) -> None:
    """Wait for the removal of the site the last build replaced, which runs in the background, and for what
    the build wrote to reach the disk: either would slow whatever is timed next."""
    if not wait_until(lambda: not any(project.glob(".site.retired-*")), SETTLE_LIMIT):
        raise SystemExit(f"the site a build replaced in {project} was still there after {SETTLE_LIMIT} s")
    os.sync()


def first_search(project: Path) -> dict[str, float]:
    """Bytes (gzip for text, as a server would send them) a first search fetches, for a rare and a common query."""
    from playwright.sync_api import sync_playwright  # a test dependency; only the benchmark needs it here

    # Words from the first source that has an excerpt (references hold none).
    excerpts = (path.read_text().split("\n---\n", 1)[1] for path in sorted((project / "content" / "sources").rglob("*.md")))
    phrase = " ".join(re.findall(r"[A-Za-z]+", next(text for text in excerpts if text.strip()))[3:8])
    with static_server(project / "site") as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        figures = {}
        for name, query in (("search_rare_kb", "Geressy"), ("search_phrase_kb", phrase)):
            page = browser.new_page()
            page.goto(base + "search/")
            page.wait_for_load_state("networkidle")
            fetched: list[int] = []
            page.on("response", lambda response: fetched.append(_wire_size(response)))
            page.fill(".pf-input", query)
            # Counted once the results are shown: a large index chunk can arrive after a quiet spell.
            wait_until(lambda: re.search(r"results? for|No results", page.text_content("pagefind-summary") or ""), 60)
            page.wait_for_load_state("networkidle")
            figures[name] = sum(fetched) / 1024
            page.close()
        browser.close()
    return figures


def _wire_size(response) -> int:
    try:
        body = response.body()
    except Exception:  # a response with no body, such as a redirect
        return 0
    textual = any(kind in response.headers.get("content-type", "") for kind in ("text", "javascript", "json", "css"))
    return len(gzip.compress(body, 6)) if textual else len(body)


def edit_to_reload(project: Path) -> float:
    """Seconds from saving an explainer to its rebuilt page being served by `archive serve`."""
    port = free_port()
    process = subprocess.Popen(archive(project, "serve", "--dev-addr", f"127.0.0.1:{port}"),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        explainer = sorted((project / "content" / "explainers").glob("*.md"))[0]
        page = f"http://127.0.0.1:{port}{_served_path(project)}explainers/{explainer.stem}/"
        # The preview builds its search index in the background after the first build; an editor reads
        # before editing, so the edit is timed once the preview is idle.
        index = f"http://127.0.0.1:{port}{_served_path(project)}pagefind/pagefind-entry.json"
        if not wait_until(lambda: fetch(page) is not None and fetch(index) is not None, SERVE_LIMIT):
            return float("nan")
        marker = f"benchmark-edit-{time.time_ns()}"
        text = explainer.read_text(encoding="utf-8")
        started = time.perf_counter()
        explainer.write_text(text.replace("\n---\n", f"\n---\n{marker} ", 1), encoding="utf-8")
        reloaded = wait_until(lambda: marker in (fetch(page) or ""), SERVE_LIMIT)
        elapsed = time.perf_counter() - started
        explainer.write_text(text, encoding="utf-8")
        return elapsed if reloaded else float("nan")
    finally:
        process.terminate()
        process.wait()


def lsp_recheck(project: Path, edits: int = 5) -> float:
    """Seconds from an unsaved edit of an explainer to its diagnostics under `archive lsp` (the median of a
    few edits, once the server has checked the archive a first time)."""
    explainer = sorted((project / "content" / "explainers").glob("*.md"))[0]
    relative = explainer.relative_to(project).as_posix()
    text = explainer.read_text(encoding="utf-8")

    async def session() -> float:
        async with Editor(project) as editor:
            editor.open(relative)
            await editor.diagnostics_of(relative, lambda found: found is not None)
            timings = []
            for number in range(edits):
                editor.published.pop(editor.uri(relative), None)
                started = time.perf_counter()
                editor.type_over(relative, f"{text}\nA sentence typed in edit {number}.\n", version=number + 2)
                await editor.diagnostics_of(relative, lambda found: found is not None)
                timings.append(time.perf_counter() - started)
            return statistics.median(timings)

    return asyncio.run(session())


def baseline_project(pages: int, folder: Path) -> tuple[list[str], Path]:
    """The command of a bare MkDocs + Material build of as many plain pages of about 400 words, kept out of the
    navigation, and the site it builds; its pages are written into `folder`."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    words = ("the agency said plans for operations were reviewed by officials in the region during the "
             "spring and reports described options under discussion with partners").split()
    for number in range(pages):
        body = " ".join(words[(number + i) % len(words)] for i in range(400))
        (docs / f"page-{number:05d}.md").write_text(f"# Page {number}\n\n{body}\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text("site_name: Baseline\ntheme:\n  name: material\n  font: false\n"
                                       "nav:\n  - index.md\nnot_in_nav: /page-*.md\n", encoding="utf-8")
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml")], folder / "site"


def _served_path(project: Path) -> str:
    """`mkdocs serve` serves the site under the path of its site_url."""
    from mkdocs.config import load_config
    from urllib.parse import urlsplit

    return urlsplit(load_config(str(project / "mkdocs.yml")).site_url or "/").path or "/"


def report(results: list[Run]) -> str:
    lines = ["| sources | pages | full build | ms per page | baseline (bare Material) | ratio | build again | ratio again "
             "| peak memory | `check` first / again | site | source page | first search, rare word / phrase | edit to reload "
             "| edit to diagnostics (`archive lsp`) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        f = r.figures
        lines.append(
            f"| {r.size:,} | {f['pages']:,.0f} | {f['build_s']:.1f} s | {f['ms_per_page']:.1f} | {f['baseline_s']:.1f} s "
            f"| {f['build_s'] / f['baseline_s']:.2f}× | {f['build_again_s']:.1f} s | {f['build_again_s'] / f['baseline_s']:.2f}× "
            f"| {f['peak_mb']:,.0f} MB | {f['check_cold_s']:.2f} s / {f['check_s']:.2f} s | {f['site_mb']:,.0f} MB "
            f"| {f['page_kb']:.1f} KB | {f['search_rare_kb']:,.0f} KB / {f['search_phrase_kb']:,.0f} KB | {f['reload_s']:.1f} s "
            f"| {f['lsp_recheck_s'] * 1000:,.0f} ms |")
    lines += ["", "The baseline and the build again are each the best of their runs, timed in turn with each other; the "
              "full build, a first build with no memos, is timed once, before them, and its ratio is to the best "
              "baseline:", ""]
    lines += [f"- {r.size:,} sources: " + "; ".join(f"{name} {', '.join(f'{s:.1f}' for s in seconds)} s"
                                                for name, seconds in r.spreads.items()) for r in results]
    lines += ["", "Stages of the full build (wall time; peak memory of the process so far):", "",
              "| sources | " + " | ".join(stage for stage, _, _ in results[0].stages) + " |",
              "| ---: |" + " ---: |" * len(results[0].stages)]
    for r in results:
        lines.append(f"| {r.size:,} | " + " | ".join(f"{seconds:.1f} s, {mb:,.0f} MB" for _, seconds, mb in r.stages) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000], help="archive sizes (default: 1000 10000)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs of `archive check`, and of a build again in turn with the baseline; the best of each is kept")
    args = parser.parse_args(argv)
    results = []
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{size}-") as folder:
            results.append(measure(size, Path(folder), args.runs))
    machine = f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores"
    tables = f"Measured by `make bench` on {machine}.\n\n{report(results)}\n"
    RESULTS.write_text(_with_tables(RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "", tables), encoding="utf-8")
    print(tables)


def _with_tables(document: str, tables: str) -> str:
    """RESULTS.md with its measured tables replaced; the written analysis around them is kept."""
    if START in document and END in document:
        head, rest = document.split(START, 1)
        return f"{head}{START}\n{tables}{END}{rest.split(END, 1)[1]}"
    return f"# Benchmark results\n\n{START}\n{tables}{END}\n"


if __name__ == "__main__":
    main()
