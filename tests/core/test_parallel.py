"""Work spread over forked workers: the same answers as in one process, and a clear error if a worker dies."""

import os

import pytest

from builder.core import parallel
from builder.core.parallel import WorkerLost, forked_map


@pytest.fixture(autouse=True)
def two_cores(monkeypatch):
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


def test_answers_come_back_in_order_from_the_workers():
    answers = forked_map(lambda number: (number * number, os.getpid()), range(300), chunksize=8)
    assert [square for square, _ in answers] == [number * number for number in range(300)]
    assert os.getpid() not in {pid for _, pid in answers}


def test_a_worker_that_dies_is_a_clear_error_not_a_hang():
    def dies_at_fifty(number: int) -> int:
        if number == 50:
            os._exit(1)  # as if the system killed it for want of memory
        return number

    with pytest.raises(WorkerLost, match="stopped before its work was done"):
        forked_map(dies_at_fifty, range(300), chunksize=8)
