"""Kata crash_safe_map: what the lesson says the kata proves, and the test for each claim.

- result: one ok Outcome per item, values in input order, none for no items
  -> test_plain_results
- where: in worker processes started by the asked method (proven in each worker)
  -> test_workers_start_the_way_asked
- how concurrent: exactly `workers` processes (2 and 3) at the same time (a barrier of
  `workers` parties) -> test_items_run_in_workers_at_once
- a task that raises is an ordinary error: Outcome(False, "ValueError: <its message>") for
  that item only, never reported as a crash -> test_a_raising_task_is_reported
- surviving a crash: a worker that dies (os._exit) loses only its own item, reported as
  died, wherever it is in the list and with 2 or 3 workers
  -> test_a_crashing_worker_loses_only_its_item; two culprits in one list are both found
  and nothing else is lost -> test_two_crashes_lose_only_their_items; the items that had
  finished before the crash are not run again (the culprit dies only after the others
  returned) -> test_finished_items_are_not_run_again
"""

import os
from functools import partial

import pytest
from crash_safe_map import map_with_errors

from graders.support.parallel import (
    PROCESS_BARRIER_TIMEOUT,
    CrashAfterTheOthers,
    FinishLast,
    barrier_probe,
    crash_on,
    crash_or_where,
    negate,
    process_context,
    raise_on,
    runs,
    start_methods,
)

CASES = [(method, 2 + i % 2) for i, method in enumerate(start_methods())]
IDS = [f"{method}-{workers}workers" for method, workers in CASES]


def outcomes(fn, items, workers, context):
    """map_with_errors, with an escaped task error reported as the classic mistake it is."""
    try:
        return map_with_errors(fn, items, workers, context)
    except ValueError as error:
        if "is bad" not in str(error):  # not the task's own error (raise_on)
            raise
        raise AssertionError(
            f"map_with_errors raised {type(error).__name__}: {error}. A task's own exception "
            "belongs in its Outcome: catch it per future, Outcome(False, error="
            "f\"{type(error).__name__}: {error}\"), and go on with the other items."
        ) from None


def test_plain_results(tmp_path):
    items = [3, -1, 0, 8, 5]
    # The first item finishes last: outcomes taken as they finish come out of order.
    got = outcomes(FinishLast(3, 5, str(tmp_path)), items, 2, process_context())
    values = [(o.ok, o.value) for o in got]
    assert values == [(True, -x) for x in items], (
        f"map_with_errors(negate, {items}) gave {got!r}; expected ok outcomes "
        f"{[-x for x in items]}, in the order of the items."
    )
    empty = outcomes(negate, [], 2, process_context())
    assert empty == [], f"map_with_errors over no items gave {empty!r}; expected []."
    ran = runs(str(tmp_path))
    assert ran == {x: 1 for x in items}, (
        f"with no crash each item should run once, in the first pool; they ran {ran} times. "
        "Rerun only the items whose pool broke (BrokenProcessPool)."
    )


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
def test_workers_start_the_way_asked(start_method, workers):
    # Item 1 kills its worker, so the other items may also run in the retry pools.
    got = outcomes(partial(crash_or_where, 1), list(range(4)), workers,
                   process_context(start_method))
    seen = sorted({o.value.method for o in got if o.ok})
    assert seen == [start_method] and [o.ok for o in got] == [True, False, True, True], (
        f"asked for {start_method} workers, the items ran in processes started by {seen} "
        "('main' is this process). Pass mp_context on to every pool you create, the "
        "retries' too: ProcessPoolExecutor(max_workers=..., mp_context=mp_context)."
    )


@pytest.mark.parametrize("workers", [2, 3])
def test_items_run_in_workers_at_once(workers):
    with process_context("spawn").Manager() as manager:
        probe = partial(barrier_probe, manager.Barrier(workers),
                        timeout=PROCESS_BARRIER_TIMEOUT)
        got = outcomes(probe, list(range(3 * workers)), workers, process_context())
    visits = [o.value for o in got if o.ok]
    pids = {v.pid for v in visits}
    assert len(visits) == len(got) and all(v.met for v in visits) and len(pids) == workers, (
        f"map_with_errors(..., workers={workers}) ran the items in {len(pids)} process(es), "
        f"{'' if all(v.met for v in visits) else 'not '}all together; expected exactly "
        f"{workers} worker processes running at the same time: "
        "ProcessPoolExecutor(max_workers=workers, mp_context=mp_context), not a fixed size."
    )


@pytest.mark.parametrize("workers", [2, 3])
def test_a_raising_task_is_reported(workers):
    items = [4, 2, 7, 1]
    got = outcomes(partial(raise_on, 7), items, workers, process_context())
    assert [o.ok for o in got] == [True, True, False, True], (
        f"item 7 raises ValueError; expected outcomes ok, ok, not ok, ok, got {got!r}."
    )
    assert got[2].error.startswith("ValueError") and "item 7 is bad" in got[2].error, (
        f"item 7 raised ValueError('item 7 is bad'); expected its outcome's error to read "
        f"'ValueError: item 7 is bad', got {got[2].error!r}. A task that raises did not "
        "crash its worker: report its own exception, f'{type(error).__name__}: {error}'."
    )
    assert [o.value for o in got if o.ok] == [16, 4, 1], f"the values were {got!r}."


@pytest.mark.parametrize(("start_method", "workers"), CASES, ids=IDS)
@pytest.mark.parametrize("culprit", [0, 3])
def test_a_crashing_worker_loses_only_its_item(start_method, workers, culprit):
    items = list(range(4))
    got = outcomes(partial(crash_on, culprit), items, workers, process_context(start_method))
    lost = [i for i, o in zip(items, got, strict=True) if i != culprit and not o.ok]
    assert lost == [], (
        f"item {culprit} kills its worker (os._exit), but items {lost} were reported as "
        f"failed too: {got!r}. A dead worker breaks the pool; run the unfinished items "
        "again, each in a fresh pool, so that only the culprit fails."
    )
    assert [o.value for o in got if o.ok] == [i * i for i in items if i != culprit], (
        f"the values were {got!r}."
    )
    assert not got[culprit].ok and "died" in got[culprit].error, (
        f"item {culprit} kills its worker; expected a not-ok outcome whose error says the "
        f"process died, got {got[culprit]!r}."
    )


def test_two_crashes_lose_only_their_items():
    items = list(range(5))
    got = outcomes(partial(crash_on, (1, 3)), items, 2, process_context())
    failed = [i for i, o in zip(items, got, strict=True) if not o.ok]
    assert failed == [1, 3] and all("died" in got[i].error for i in failed), (
        f"items 1 and 3 kill their workers; expected exactly those two to fail as died, "
        f"got {got!r}. Retry each unfinished item alone: retried together, one culprit "
        "breaks the retry pool for the others."
    )


@pytest.mark.parametrize("culprit", [1, 4])
def test_finished_items_are_not_run_again(culprit, tmp_path):
    items = list(range(5))
    probe = CrashAfterTheOthers(culprit, len(items) - 1, str(tmp_path))
    got = outcomes(probe, items, 2, process_context())
    ran = runs(str(tmp_path))
    again = sorted(x for x in items if x != culprit and ran.get(x) != 1)
    assert not again, (
        f"item {culprit} killed its worker only after the other items had finished, yet "
        f"items {again} ran again (runs per item: {ran}); expected each of them to run "
        "once. Keep the outcomes of the futures that completed, and run again only the "
        "items whose futures failed with BrokenProcessPool."
    )
    assert [o.ok for o in got] == [x != culprit for x in items], f"the outcomes were {got!r}."
