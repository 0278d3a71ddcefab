"""Kata async_pipeline: what the lesson says it proves, and the test that checks each claim.

- One result per item, in item order (not finishing order, not sorted, repeated items kept):
  `test_results_in_item_order`; any value is an item, None, 0 and "" included (a sentinel
  must be an object of its own): `test_any_value_is_an_item`.
- Exactly `workers` consumers share the work: never more, never fewer in flight while work
  waits, for 1 to 4 workers and uneven work: `test_workers_share_the_work`.
- Items are read lazily through a queue of `maxsize` (not larger, not smaller): the producer
  reads exactly maxsize + workers + 1 items ahead of the finished work (the queue full, every
  worker busy, the next item in hand), for several sizes: `test_items_are_read_lazily`.
- Every consumer has ended when `pipeline` returns, also for no items at all:
  `test_no_consumer_is_left_running`; and when a `work` call fails, the error comes out,
  nothing is left running (the cancelled work calls take three turns of the loop to clean
  up, so one `asyncio.sleep(0)` after `cancel()` is not waiting for them) and no item is
  started after the failure: `test_a_failure_stops_the_pipeline`.
"""

import pytest
from async_pipeline import pipeline

from graders.support.asyncio_support import (
    FakeFetch,
    StuckError,
    body,
    error_of,
    find_in_chain,
    now,
    other_tasks,
    run_virtual,
    slot_report,
)


def test_results_in_item_order():
    items = ["d", "a", "d", "c", "b"]  # finish in another order; sorted differs; d repeats
    work = FakeFetch(delays={"d": 3.0, "a": 1.0, "c": 2.0, "b": 1.0})
    got, _ = run_virtual(lambda: pipeline(items, work, workers=2, maxsize=2))
    expected = [body(item) for item in items]
    assert got == expected, (
        f"pipeline returned {got}; expected {expected}: one result per item, in item order "
        "(put each item's position on the queue with it; workers finish in any order, and "
        "an item may appear twice)."
    )


def test_any_value_is_an_item():
    items = [0, None, "", False, 7]
    try:
        got, _ = run_virtual(lambda: pipeline(items, FakeFetch(), workers=2, maxsize=1))
    except StuckError:
        got = "no answer: it waited forever"
    expected = [body(item) for item in items]
    assert got == expected, (
        f"pipeline({items}) returned {got}; expected {expected}. A consumer that stops at "
        "None (or at any falsy value) takes a real item for the end of the work: make the "
        "sentinel an object of its own, `STOP = object()`, and test `item is STOP`."
    )


@pytest.mark.parametrize(("workers", "delays"), [(2, [1.0] * 6), (1, [2.0, 1.0, 3.0]),
                                                 (3, [1.0, 4.0, 2.0, 1.0, 3.0, 2.0, 1.0]),
                                                 (4, [2.0] * 5)])
def test_workers_share_the_work(workers, delays):
    items = [f"item {i}" for i in range(len(delays))]
    work = FakeFetch(delays=dict(zip(items, delays, strict=True)))
    got, clock = run_virtual(lambda: pipeline(items, work, workers=workers, maxsize=2))
    assert len(got) == len(items), (
        f"pipeline returned {len(got)} results for {len(items)} items; expected {len(items)}."
    )
    problem = slot_report(work, items, workers)
    assert problem is None, (
        f"items of {delays} s with {workers} worker(s) took {clock:g} s: {problem}. Start "
        f"exactly `workers` consumer tasks, each taking the next item as soon as it is done "
        "with the last one; fewer in flight means a consumer was missing or idle, more means "
        "there was no limit of `workers` consumers."
    )


@pytest.mark.parametrize(("workers", "maxsize"), [(1, 1), (2, 3), (1, 4)])
def test_items_are_read_lazily(workers, maxsize):
    work = FakeFetch(default=1.0)
    ahead: list[int] = []

    def produce():
        for i in range(12):
            ahead.append(i + 1 - len(work.finished))
            yield f"item {i}"

    run_virtual(lambda: pipeline(produce(), work, workers=workers, maxsize=maxsize))
    most = max(ahead, default=0)
    expected = maxsize + workers + 1
    assert most == expected, (
        f"the producer read up to {most} items ahead of the finished work, with "
        f"maxsize={maxsize} and {workers} worker(s); expected {expected} ({maxsize} in the "
        f"queue, {workers} being worked on, and the one read next, waiting to be put). "
        + ("More means the queue did not hold the producer back: read items one at a time "
           "and `await queue.put(...)` on `asyncio.Queue(maxsize)`." if most > expected else
           "Fewer means the producer never had `maxsize` items waiting in the queue and the "
           "next one in hand: `asyncio.Queue(maxsize)` (not a smaller size), filled by "
           "`for item in items: await queue.put(...)`.")
    )


@pytest.mark.parametrize(("items", "workers"), [(["a", "b", "c"], 3), ([], 2)])
def test_no_consumer_is_left_running(items, workers):
    async def scenario():
        results = await pipeline(items, FakeFetch(default=1.0), workers=workers, maxsize=1)
        return results, other_tasks(), now()

    (results, leftovers, clock), _ = run_virtual(scenario)
    assert len(results) == len(items), (
        f"pipeline returned {len(results)} results for {len(items)} items."
    )
    assert not leftovers, (
        f"{len(leftovers)} task(s) were still running after pipeline returned for "
        f"{len(items)} items; expected none. Stop each consumer (one sentinel per consumer "
        "on the queue) and wait for it, e.g. start them in `async with asyncio.TaskGroup()`."
    )
    expected = 1.0 if items else 0.0
    assert clock == expected, (
        f"{len(items)} items of 1 s with {workers} workers took {clock:g} s; expected "
        f"{expected:g} s."
    )


def test_a_failure_stops_the_pipeline():
    items = [f"item {i}" for i in range(8)]
    work = FakeFetch(default=1.0, failures={"item 2": ValueError("bad item")}, cleanup_turns=3)

    async def scenario():
        error = await error_of(pipeline(items, work, 2, 2))
        return error, other_tasks(), now(), dict(work.started)

    (error, leftovers, clock, started), _ = run_virtual(scenario)
    assert error is not None and find_in_chain(error, ValueError) is not None, (
        f"pipeline ended with {error!r} when work raised ValueError for one item; expected "
        "the ValueError to come out (a TaskGroup wraps it in an ExceptionGroup)."
    )
    late = sorted(item for item, start in started.items() if start > started["item 2"] + 1.0)
    assert not leftovers and not late and clock == 2.0, (
        f"after work failed for item 2 at 2 s, {len(leftovers)} task(s) were left running, "
        f"{late or 'no items'} started later, and pipeline ended at {clock:g} s; expected "
        "nothing left, nothing new started, and the end at 2 s. Start the consumers in "
        "`async with asyncio.TaskGroup()`: a failure cancels the others and the producer, "
        "and waits until they have stopped (a cancelled work call takes a few turns of the "
        "loop to clean up)."
    )
