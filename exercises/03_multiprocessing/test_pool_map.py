import multiprocessing
import os
from functools import partial

import pytest
from pool_map import parallel_map

from graders.support.parallel import barrier_probe, square, start_methods


@pytest.fixture(scope="module")
def manager():
    with multiprocessing.get_context("spawn").Manager() as manager:
        yield manager


@pytest.mark.parametrize("start_method", start_methods())
def test_results_match_a_serial_map(start_method):
    context = multiprocessing.get_context(start_method)
    got = parallel_map(square, range(10), workers=2, mp_context=context)
    assert got == [x * x for x in range(10)], (
        f"parallel_map(square, range(10), 2) under {start_method} gave {got!r}; expected the "
        "squares in input order. `pool.map` keeps the order."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_tasks_run_in_worker_processes_at_once(start_method, manager):
    workers = 2
    barrier = manager.Barrier(workers)
    context = multiprocessing.get_context(start_method)
    visits = parallel_map(partial(barrier_probe, barrier), range(4), workers, context)
    pids = {v.pid for v in visits}
    assert os.getpid() not in pids, (
        f"the tasks ran in the parent process (pid {os.getpid()}); expected them in worker "
        "processes. Threads share one process and its GIL: use a ProcessPoolExecutor."
    )
    assert all(v.met for v in visits), (
        f"the tasks did not run at the same time: each waited for {workers} tasks to be "
        f"running together and gave up; they ran in {len(pids)} process(es). Use a pool of "
        "`workers` processes, not a loop or a pool of one."
    )
    assert len(pids) == workers, f"expected {workers} worker processes, saw {len(pids)}."
