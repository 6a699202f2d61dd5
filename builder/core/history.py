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
