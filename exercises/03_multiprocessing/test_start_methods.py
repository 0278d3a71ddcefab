"""Kata start_methods: what the lesson says the kata proves, and the test that checks each claim.

- power_task(exponent) survives pickling (a partial, not a lambda or a nested function) and
  computes x ** exponent for the exponent given -> test_task_survives_pickling
- result: map_with_start_method gives [fn(x) for x in items] in order, under every start
  method this OS offers, also when the first item finishes last (results taken as they
  finish, imap_unordered, come out of order) -> test_task_runs_in_every_start_method
- start method: the workers were started by exactly the asked method; each worker proves
  it from its own command line -> test_workers_start_the_way_asked
- how concurrent: `workers` processes (2 and 3) at the same time -> test_pool_has_its_workers
"""

import os
import pickle
from functools import partial

import pytest
from start_methods import map_with_start_method, power_task

from graders.support.parallel import (
    PROCESS_BARRIER_TIMEOUT,
    FinishLast,
    barrier_probe,
    default_start_method,
    process_context,
    start_method_probe,
    start_methods,
)


@pytest.mark.parametrize(("exponent", "x", "expected"), [(3, 2, 8), (5, 3, 243), (0, 7, 1)])
def test_task_survives_pickling(exponent, x, expected):
    task = power_task(exponent)
    try:
        copy = pickle.loads(pickle.dumps(task))
    except (pickle.PicklingError, AttributeError, TypeError) as error:
        raise AssertionError(
            f"power_task({exponent}) returned {task!r}, which cannot be pickled ({error}). "
            "Pickle sends a function by its importable name, and a lambda or nested function "
            "has none: return functools.partial(power, exponent=exponent)."
        ) from None
    got = (copy(x), task(x))
    assert got == (expected, expected), (
        f"power_task({exponent})({x}) gave {got[1]} (after pickling: {got[0]}); expected "
        f"{x} ** {exponent} = {expected}."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_task_runs_in_every_start_method(start_method, tmp_path):
    items = [4, -2, 0, 3, -5]
    # The call for 4 returns only after the call for -5 did: it finishes last.
    negated = map_with_start_method(FinishLast(4, -5, str(tmp_path)), items, 2, start_method)
    assert negated == [-x for x in items], (
        f"map_with_start_method(negate, {items}, 2, {start_method!r}) gave {negated!r}, "
        f"where the call for 4 finished last; expected {[-x for x in items]}, in the order "
        "of the items, not in the order the calls finished: `pool.map` keeps the order, "
        "`imap_unordered` and `as_completed` do not."
    )
    got = map_with_start_method(power_task(3), iter(items), 2, start_method)
    assert got == [x**3 for x in items], (
        f"map_with_start_method(power_task(3), {items}, 2, {start_method!r}) gave {got!r}; "
        f"expected {[x**3 for x in items]}, in the order of the items."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_workers_start_the_way_asked(start_method):
    seen = set(map_with_start_method(start_method_probe, range(4), 2, start_method))
    assert seen == {start_method}, (
        f"asked for {start_method!r}, but the tasks ran in processes started by "
        f"{sorted(seen)} (each worker reads its own command line; 'main' is this process). "
        "Create the pool from `multiprocessing.get_context(start_method)`, not from the "
        "default context or another fixed method."
    )


@pytest.mark.parametrize("workers", [2, 3])
def test_pool_has_its_workers(workers):
    with process_context("spawn").Manager() as manager:
        barrier = manager.Barrier(workers)
        probe = partial(barrier_probe, barrier, timeout=PROCESS_BARRIER_TIMEOUT)
        visits = map_with_start_method(probe, range(3 * workers), workers,
                                       default_start_method())
    pids = {v.pid for v in visits}
    assert all(v.met for v in visits) and len(pids) == workers and os.getpid() not in pids, (
        f"map_with_start_method(..., workers={workers}) ran its tasks in {len(pids)} "
        f"process(es), {'' if all(v.met for v in visits) else 'not '}all together; expected "
        f"exactly {workers} worker processes running at the same time: Pool(workers)."
    )
