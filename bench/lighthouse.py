"""Lighthouse's mobile scores for one page of every kind of the archive's own site, for `make bench`.

The site is built from this repository's content and served on loopback with gzip, as a host would serve
it (Python's own server compresses nothing, and performance would be scored on bytes no reader gets).
Lighthouse (bench/tools, run by Node) drives Debian's Chromium; each page is scored several times and
the median of each category is kept, for a single run moves by a few points on a shared machine.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import statistics
import subprocess
import tempfile
from pathlib import Path

from builder.commands.cli import main as archive
from tests.support import CHROMIUM, QuietHandler, static_server

REPO = Path(__file__).resolve().parent.parent
LIGHTHOUSE = REPO / "bench" / "tools" / "node_modules" / ".bin" / "lighthouse"
RESULTS = Path(__file__).with_name("RESULTS.md")
START, END = "<!-- lighthouse: make bench rewrites from here -->", "<!-- lighthouse: to here -->"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
_COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".atom", ".txt"}


class _Gzipped(QuietHandler):
    """A static server that sends text files gzipped to a client that asks for it."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix not in _COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def pages(site: Path) -> dict[str, str]:
    """One page of every kind: the first of each section, in the order of its folder's names."""
    def first(section: str) -> str:
        return f"{section}/{sorted(p.name for p in (site / section).iterdir() if (p / 'index.html').is_file())[0]}/"

    return {"home": "", "explainer": first("explainers"), "source": first("sources"), "entity": first("entities"),
            "topic": first("topics"), "timeline": "timeline/", "sources list": "sources/", "search": "search/"}


def score(url: str, folder: Path) -> dict[str, int]:
    """One Lighthouse run, mobile (its default), scored 0 to 100 per category."""
    report = folder / "report.json"
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", f"--only-categories={','.join(CATEGORIES)}", "--output=json",
                    f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox --disable-gpu"],
                   check=True, env={**os.environ, "CHROME_PATH": CHROMIUM or ""}, stdout=subprocess.DEVNULL, timeout=300)
    categories = json.loads(report.read_text())["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def measure(runs: int) -> dict[str, dict[str, int]]:
    """The median score of each category, for each kind of page."""
    with tempfile.TemporaryDirectory(prefix="bench-lighthouse-") as scratch:
        project = Path(scratch) / "archive"
        for name in ("content", "theme"):
            shutil.copytree(REPO / name, project / name)
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        if archive(["-C", str(project), "build"]) != 0:
            raise SystemExit("the archive did not build")
        site = project / "site"
        medians = {}
        with static_server(site, _Gzipped) as base:
            for kind, path in pages(site).items():
                scores = [score(base + path, Path(scratch)) for _ in range(runs)]
                medians[kind] = {name: int(statistics.median(s[name] for s in scores)) for name in CATEGORIES}
                print(kind, path, medians[kind], flush=True)
        return medians


def report(medians: dict[str, dict[str, int]], runs: int) -> str:
    lines = [f"Lighthouse 12.2.3, mobile, on the archive's own site served with gzip; the median of {runs} runs per page.",
             "A figure below its target is marked ✗.", "",
             "| page | " + " | ".join(f"{name} (target {TARGETS[name]})" for name in CATEGORIES) + " |",
             "| --- |" + " ---: |" * len(CATEGORIES)]
    for kind, scores in medians.items():
        cells = [f"{scores[name]}{'' if scores[name] >= TARGETS[name] else ' ✗'}" for name in CATEGORIES]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is kept")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: `make bench` installs it into bench/tools")
    table = report(measure(args.runs), args.runs)
    document = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if START in document and END in document:
        head, rest = document.split(START, 1)
        document = f"{head}{START}\n{table}{END}{rest.split(END, 1)[1]}"
    else:
        document = f"{document.rstrip()}\n\n## Lighthouse\n\n{START}\n{table}{END}\n"
    RESULTS.write_text(document, encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
