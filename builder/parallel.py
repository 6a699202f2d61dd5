"""Work spread over both cores: forked worker processes that inherit the caller's data instead of receiving it.

Drawing ten thousand pages, or formatting their references, is pure Python, so threads would take turns;
processes do not. Forked workers start with a copy of everything the caller has (the linked archive, the
templates), so only each result travels back.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

_work: Callable | None = None  # what the forked workers run: set before they start, so they inherit it


def _run(item):
    return _work(item)


def forked_map(function: Callable[[T], R], items: Sequence[T], chunksize: int = 64) -> list[R]:
    """`[function(item) for item in items]`, in order, in one forked process per core when there are several."""
    global _work
    cores = os.cpu_count() or 1
    if cores < 2 or len(items) < 2 * chunksize:
        return [function(item) for item in items]
    _work = function
    # The workers' garbage collector skips what they inherit: scanning it would write to every memory page
    # it sits on and so copy the caller's whole heap into each worker. (A heap frozen before stays frozen.)
    already_frozen = gc.get_freeze_count()
    gc.freeze()
    try:
        with ProcessPoolExecutor(max_workers=cores, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_run, items, chunksize=chunksize))
    finally:
        _work = None
        if not already_frozen:
            gc.unfreeze()
