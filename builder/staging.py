"""Atomic publication of site/: build into a sibling folder, then swap it in with renames.

A build that fails or is interrupted never touches the last good site; its half-built folder is
removed on failure, or swept away by the next build after an interrupt.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

_STAGING = ".{name}.staging-{pid}"
_RETIRED = ".{name}.retired-{pid}"


class StagedSite:
    def __init__(self, target: Path) -> None:
        self.target = target.resolve()
        self.staging = self.target.parent / _STAGING.format(name=self.target.name, pid=os.getpid())
        self._sweep()

    def _sweep(self) -> None:
        """Remove what earlier interrupted builds left behind, but not the folder of a build still running."""
        for pattern in (_STAGING, _RETIRED):
            for leftover in self.target.parent.glob(pattern.format(name=self.target.name, pid="*")):
                if not _running(leftover.name.rsplit("-", 1)[-1]):
                    shutil.rmtree(leftover, ignore_errors=True)

    def commit(self) -> None:
        retired = self.target.parent / _RETIRED.format(name=self.target.name, pid=os.getpid())
        if self.target.exists():
            os.replace(self.target, retired)
        os.replace(self.staging, self.target)
        shutil.rmtree(retired, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _running(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:  # alive, and owned by another user
        pass
    return True
