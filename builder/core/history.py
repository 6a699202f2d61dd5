"""When each file last changed, from git: an explainer's "Last updated" when it sets none, and an undated
source's date in the feed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from builder.core.dates import FuzzyDate


def last_changed(project: Path, folder: str) -> dict[str, FuzzyDate]:
    """The date of the last commit touching each file under `folder`, by project-relative path.

    One `git log` for the whole folder. Outside a git checkout, or without git, it is empty, and pages
    show no "Last updated" rather than a made-up one.
    """
    try:
        # core.quotePath off: a path with characters beyond ASCII comes as it is, not quoted and escaped.
        result = subprocess.run(["git", "-C", str(project), "-c", "core.quotePath=false", "log", "--format=%x00%cs",
                                 "--name-only", "--", folder], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if result.returncode != 0:
        return {}
    dates: dict[str, FuzzyDate] = {}
    current = None
    for line in result.stdout.splitlines():
        if line.startswith("\0"):
            current = FuzzyDate.parse(line[1:])
        elif line and current is not None:
            dates.setdefault(line, current)  # newest first, so the first date seen is the last change
    return dates


def recency(project: Path, paths: list[str]) -> dict[str, tuple[bool, float]]:
    """For each of a few project-relative paths: whether it has changes git has not committed (a new file
    included), and when it last changed (its last commit, or else the file's own time; 0 if neither)."""
    def git(*arguments: str) -> str | None:
        try:
            result = subprocess.run(["git", "-C", str(project), "-c", "core.quotePath=false", *arguments],
                                    capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return result.stdout if result.returncode == 0 else None

    status = git("status", "--porcelain", "--untracked-files=all", "--", *paths)
    pending = {line[3:] for line in (status or "").splitlines() if len(line) > 3}
    found = {}
    for path in paths:
        committed = git("log", "-1", "--format=%ct", "--", path)
        if committed and committed.strip():
            when = float(committed.strip())
        else:
            try:
                when = (project / path).stat().st_mtime
            except OSError:
                when = 0.0
        found[path] = (path in pending or (status is not None and not committed), when)
    return found
