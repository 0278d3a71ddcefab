"""Kata pool_map: what the lesson says parallel_map proves, and the test that checks each claim.

- result: [fn(x) for x in items], in input order, for any iterable (a one-shot generator,
  an empty one) and results that sort unlike their inputs -> test_results_match_a_serial_map
- where: in worker processes started by the asked start method (proven in each worker from
  its own command line) -> test_workers_start_the_way_asked
- how concurrent: exactly `workers` processes (2 and 3), all running at the same time
  (a barrier of `workers` parties) -> test_tasks_run_in_worker_processes_at_once
"""

import os
from functools import partial

import pytest
from pool_map import parallel_map

from graders.support.parallel import (
    PROCESS_BARRIER_TIMEOUT,
    FinishLast,
    barrier_probe,
    negate,
    process_context,
    start_methods,
    where_probe,
)

# Each start method with a different number of workers, so neither can be fixed in the code.
CASES = [(method, 2 + i % 2) for i, method in enumerate(start_methods())]
IDS = [f"{method}-{workers}workers" for method, workers in CASES]


@pytest.fixture(scope="module")
def manager():
    with process_context("spawn").Manager() as manager:
        yield manager


def call(fn, items, workers, context):
    """parallel_map, with len() of a generator reported as the classic mistake it is."""
    try:
        return parallel_map(fn, items, workers, context)
    except TypeError as error:
        if "len()" not in str(error):
            raise
        raise AssertionError(
            f"parallel_map called len() on items, which was a generator ({error}). items may "
            "be any iterable, which you can only go through once: pass it to `pool.map` as it "
            "is, or make a list of it first."
        ) from None


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_results_match_a_serial_map(start_method, workers, tmp_path):
    context = process_context(start_method)
    items = [5, -3, 0, 11, 2, -8, 7]
    # The first item finishes last: results taken as they finish come out of order.
    got = call(FinishLast(5, 7, str(tmp_path)), (x for x in items), workers, context)
    assert got == [-x for x in items], (
        f"parallel_map(negate, a generator of {items}, {workers}) under {start_method} gave "
        f"{got!r}; expected {[-x for x in items]}: the results in the order of the items, "
        "not sorted and not in the order they finished. `pool.map` keeps the order."
    )
    empty = call(negate, iter([]), workers, context)
    assert empty == [], f"parallel_map over no items gave {empty!r}; expected []."


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_workers_start_the_way_asked(start_method, workers):
    visits = call(where_probe, range(2 * workers), workers, process_context(start_method))
    seen = sorted({v.method for v in visits})
    assert seen == [start_method], (
        f"asked for {start_method} workers (mp_context=multiprocessing.get_context("
        f"{start_method!r})), but the tasks ran in processes started by {seen} ('main' is "
        "the test's own process). Pass mp_context on: ProcessPoolExecutor(max_workers="
        "workers, mp_context=mp_context); without it you get the platform's default."
    )


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_tasks_run_in_worker_processes_at_once(start_method, workers, manager):
    barrier = manager.Barrier(workers)
    context = process_context(start_method)
    probe = partial(barrier_probe, barrier, timeout=PROCESS_BARRIER_TIMEOUT)
    visits = call(probe, range(3 * workers), workers, context)
    pids = {v.pid for v in visits}
    assert os.getpid() not in pids, (
        f"the tasks ran in the parent process (pid {os.getpid()}); expected them in worker "
        "processes. Threads share one process and its GIL: use a ProcessPoolExecutor."
    )
    assert all(v.met for v in visits), (
        f"the tasks did not run at the same time: each waited for {workers} tasks to be "
        f"running together and gave up; they ran in {len(pids)} process(es). Use a pool of "
        "`workers` processes, not a loop or a pool of a fixed size."
    )
    assert len(pids) == workers, (
        f"parallel_map(..., workers={workers}) ran the tasks in {len(pids)} processes; "
        f"expected exactly {workers}: max_workers=workers."
    )
