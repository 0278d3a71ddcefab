"""Kata choose_executor: what the lesson says the kata proves, and the test that checks each claim.

Where and how concurrent are checked for thread pools of 2 and 3 and for process pools of 2
and 3 under every start method offered here; order and progress for threads and for the
default start method.

- result: [fn(x) for x in items] in input order, for a one-shot generator and for no items,
  although the first item finishes last (len() or indexing on the one-shot generator is
  named as such) -> test_results_in_input_order
- progress: on_done(item, result) is called in this process as each item finishes: the items
  finish in an order that is neither the input's nor its reverse, and each waits until
  on_done was called for the one before it -> test_on_done_as_each_finishes
- where: threads in this process (not in the caller's thread); processes in workers started
  by the asked method (proven in each worker) -> test_runs_where_the_kind_says
- how concurrent: exactly `workers` threads or processes, all running at once (a barrier of
  `workers` parties), and for threads never more (`workers` + 1 calls that wait for each
  other never all run: blocked threads are never idle, so a bigger pool would start them all)
  -> test_exactly_workers_at_once
- kinds: anything but exactly "threads" or "processes" ("fibers", "process", and
  "workers", which sorts after both) is refused -> test_unknown_kind_is_refused
"""

import os
import threading
from collections.abc import Iterator
from functools import partial

import pytest
from choose_executor import run_all

from graders.support.parallel import (
    PROCESS_BARRIER_TIMEOUT,
    FinishLast,
    barrier_probe,
    default_start_method,
    negate,
    process_context,
    start_methods,
    where_probe,
)
from graders.support.shared_memory_support import AfterDone, DoneLog

CASES = [("threads", None, 3), ("threads", None, 2)] + [("processes", method, 2 + i % 2)
                                  for i, method in enumerate(start_methods())]
IDS = [f"{kind}-{method or 'in-process'}-{workers}workers" for kind, method, workers in CASES]
# Order does not depend on the start method: a thread pool and one process pool, 3 and 2 wide.
ORDER_CASES = [("threads", None, 3), ("processes", default_start_method(), 2)]
ORDER_IDS = [f"{kind}-{workers}workers" for kind, _, workers in ORDER_CASES]


@pytest.fixture(scope="module")
def manager():
    with process_context("spawn").Manager() as manager:
        yield manager


def call(fn, items, kind, workers, method, on_done=None):
    context = process_context(method) if method else None
    try:
        return run_all(fn, items, kind, workers, on_done or (lambda item, result: None), context)
    except TypeError as error:
        if not isinstance(items, Iterator) or not any(
                words in str(error) for words in ("len()", "not subscriptable")):
            raise
        raise AssertionError(
            f"run_all raised {error!r} on items given as a one-shot iterator: items may be "
            "any Iterable (a generator here), which has no len() and no indexing and can be "
            "read only once. Make a list of it first (items = list(items))."
        ) from None


@pytest.mark.parametrize(("kind", "method", "workers"), ORDER_CASES, ids=ORDER_IDS)
def test_results_in_input_order(kind, method, workers, tmp_path):
    items = [5, -3, 0, 11, 2, -8, 7]
    # The first item finishes after the last: results taken as they finish come out of order.
    got = call(FinishLast(5, 7, str(tmp_path)), (x for x in items), kind, workers, method)
    assert got == [-x for x in items], (
        f"run_all(negate, a generator of {items}, {kind!r}, {workers}) gave {got!r}; expected "
        f"{[-x for x in items]}: the results in the order of the items, although they finish "
        "in another order. Remember each future's index (a dict future -> index) and put "
        "its result there."
    )
    empty = call(negate, iter([]), kind, workers, method)
    assert empty == [], f"run_all over no items gave {empty!r}; expected []."


@pytest.mark.parametrize(("kind", "method", "workers"), ORDER_CASES, ids=ORDER_IDS)
def test_on_done_as_each_finishes(kind, method, workers, tmp_path):
    items = [10 * (i + 1) for i in range(workers + 1)]
    order = (*items[1:], items[0])  # neither the input order nor its reverse
    log = DoneLog(str(tmp_path))
    got = call(AfterDone(order, str(tmp_path)), items, kind, workers, method, on_done=log)
    called = [item for item, _ in log.calls]
    assert called == list(order), (
        f"the items finished in the order {list(order)} (each waited until on_done had been "
        f"called for the one before it), but on_done was called for {called}. Call "
        "on_done(item, result) as each item finishes: `for future in as_completed(futures)`, "
        "not after all of them and not in input order."
    )
    assert all(result == -item for item, result in log.calls), (
        f"on_done got (item, result) pairs {log.calls}; expected each item with its own "
        "result, fn(item)."
    )
    assert log.pids == {os.getpid()}, (
        f"on_done ran in process(es) {sorted(log.pids)}, not in the caller's ({os.getpid()}): "
        "call it in run_all, with each result, not inside the task."
    )
    assert got == [-x for x in items], f"run_all returned {got!r}; expected {[-x for x in items]}."


@pytest.mark.parametrize(("kind", "method", "workers"), CASES, ids=IDS)
def test_runs_where_the_kind_says(kind, method, workers):
    visits = call(where_probe, range(2 * workers), kind, workers, method)
    pids = {v.pid for v in visits}
    if kind == "threads":
        caller = threading.get_ident()
        assert pids == {os.getpid()} and caller not in {v.thread for v in visits}, (
            f"kind 'threads' ran the items in process(es) {sorted(pids)} (this one is "
            f"{os.getpid()}) and {'also' if caller in {v.thread for v in visits} else 'not'} "
            "in the caller's own thread; expected only the threads of a "
            "ThreadPoolExecutor(max_workers=workers) in this process."
        )
        return
    where = sorted({v.method for v in visits})
    assert os.getpid() not in pids and where == [method], (
        f"kind 'processes' under {method} ran the items in processes started by {where} "
        "('main' is this process). Use ProcessPoolExecutor(max_workers=workers, "
        "mp_context=mp_context) for 'processes', and pass mp_context on."
    )


@pytest.mark.parametrize(("kind", "method", "workers"), CASES, ids=IDS)
def test_exactly_workers_at_once(kind, method, workers, manager):
    barrier = threading.Barrier(workers) if kind == "threads" else manager.Barrier(workers)
    probe = partial(barrier_probe, barrier, timeout=PROCESS_BARRIER_TIMEOUT)
    visits = call(probe, range(3 * workers), kind, workers, method)
    runners = {(v.pid, v.thread) for v in visits}
    assert all(v.met for v in visits), (
        f"the items did not run {workers} at a time: each waited for {workers} to be running "
        f"together and gave up; they ran in {len(runners)} {kind}. Use a pool of `workers` "
        f"{kind}, and submit every item before waiting for any result."
    )
    assert len(runners) == workers, (
        f"run_all(..., {kind!r}, workers={workers}) ran the items in {len(runners)} {kind}; "
        f"expected exactly {workers}: max_workers=workers."
    )
    if kind == "threads":
        # workers + 1 calls that wait for each other: a pool of `workers` threads never runs
        # them all at once, a bigger one starts a thread for each (a blocked thread is never
        # idle, so the pool starts another for the next item). The threads are counted, not
        # only the meetings: on a busy machine a meeting can time out before all arrive.
        over = partial(barrier_probe, threading.Barrier(workers + 1), timeout=1.0)
        visits = call(over, range(workers + 1), kind, workers, method)
        threads = {(v.pid, v.thread) for v in visits}
        assert len(threads) <= workers and not any(v.met for v in visits), (
            f"run_all(..., 'threads', workers={workers}) ran {workers + 1} items that wait "
            f"for each other on {len(threads)} threads; expected at most {workers} at once: "
            "ThreadPoolExecutor(max_workers=workers), not a fixed size or the default."
        )


@pytest.mark.parametrize("kind", ["fibers", "process", "workers"])
def test_unknown_kind_is_refused(kind):
    try:
        got = run_all(negate, [1, 2], kind, 2, lambda item, result: None)
    except ValueError:
        return
    raise AssertionError(
        f"run_all(negate, [1, 2], {kind!r}, 2, ...) returned {got!r}; expected ValueError: "
        "a kind other than exactly 'threads' or 'processes' is a mistake to report, not a "
        "reason to pick a pool silently."
    )
