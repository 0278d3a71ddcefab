import multiprocessing
import os
import sys
from functools import partial

import cpu_speedup
import pytest
from cpu_speedup import count_primes_parallel, make_pool

from graders import not_gradable
from graders.support import speedup
from graders.support.parallel import barrier_probe, start_methods, worker_pid


class CountingPool:
    """Wraps an executor and counts the tasks given to it."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.tasks = 0

    def submit(self, fn, /, *args, **kwargs):
        self.tasks += 1
        return self.inner.submit(fn, *args, **kwargs)

    def map(self, fn, *iterables, **kwargs):
        columns = [list(i) for i in iterables]
        self.tasks += len(columns[0]) if columns else 0
        return self.inner.map(fn, *columns, **kwargs)


@pytest.mark.parametrize("start_method", start_methods())
def test_counts_primes_in_the_pool(start_method):
    context = multiprocessing.get_context(start_method)
    pool = make_pool(2, context)
    try:
        counting = CountingPool(pool)
        got = count_primes_parallel(10_000, 8, counting)
        pids = set(pool.map(worker_pid, range(4)))
    finally:
        pool.shutdown()
    assert got == 1229, f"count_primes_parallel(10_000, 8, pool) gave {got}; expected 1229."
    assert counting.tasks == 8, (
        f"count_primes_parallel gave the pool {counting.tasks} task(s) for 8 chunks; expected "
        "8, one per chunk. Use `pool.map(count, starts, stops)` rather than a loop here."
    )
    assert os.getpid() not in pids, (
        "make_pool's workers run in the parent process: a thread pool cannot speed up "
        "CPU-bound Python (the GIL). Return a ProcessPoolExecutor."
    )


def test_pool_has_all_its_workers():
    with multiprocessing.get_context("spawn").Manager() as manager:
        barrier = manager.Barrier(2)
        pool = make_pool(2, multiprocessing.get_context("forkserver"))
        try:
            visits = list(pool.map(partial(barrier_probe, barrier), range(2)))
        finally:
            pool.shutdown()
    assert all(v.met for v in visits), (
        "make_pool(2) could not run 2 tasks at the same time; expected 2 workers. "
        "Pass max_workers=workers."
    )


@pytest.mark.timing
def test_processes_beat_serial_and_threads():
    context = multiprocessing.get_context("forkserver")
    outcome = speedup.grade(cpu_speedup, context)
    if outcome.verdict == "not-gradable":
        not_gradable(outcome.message, "rerun when the machine is idle: `kata check cpu_speedup`")
    assert outcome.verdict == "passed", outcome.message
    print(f"speedup {outcome.message} on Python {sys.version.split()[0]}")
