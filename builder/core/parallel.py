"""Work spread over both cores: forked worker processes that inherit the caller's data instead of receiving it.

Drawing ten thousand pages, or formatting their references, is pure Python, so threads would take turns;
processes do not. Forked workers start with a copy of everything the caller has (the linked archive, the
templates), so only each result travels back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_work: Callable | None = None  # what the forked workers run: set before they start, so they inherit it


def _run(item):
    return _work(item)


class WorkerLost(Exception):
    """A worker process ended before its work was done: killed, or out of memory."""


def _quiet_worker() -> None:
    # Ctrl-C and SIGTERM are the caller's to handle: it stops the pool. A worker that handled them too would
    # print its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def forked_map(function: Callable[[T], R], items: Sequence[T], chunksize: int = 64) -> list[R]:
    """`[function(item) for item in items]`, in order, in one forked process per core when there are several.

    Raises WorkerLost if a worker process dies.
    """
    global _work
    cores = os.cpu_count() or 1
    if cores < 2 or len(items) < 2 * chunksize:
        return [function(item) for item in items]
    _work = function
    # The workers' garbage collector skips what they inherit: scanning it would write to every memory page
    # it sits on and so copy the caller's whole heap into each worker. A caller whose heap is frozen already
    # (the preview's) keeps it as it is: freezing again would also freeze its garbage, for good.
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_quiet_worker) as pool:
            return list(pool.map(_run, items, chunksize=chunksize))
    except BrokenProcessPool as exc:
        raise WorkerLost(f"a worker process stopped before its work was done (out of memory?): {exc}") from None
    finally:
        _work = None
        if freezing:
            gc.unfreeze()
