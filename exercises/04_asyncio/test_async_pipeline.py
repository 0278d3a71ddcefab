from async_pipeline import pipeline

from graders.support.asyncio_support import (
    FakeFetch,
    body,
    error_of,
    find_in_chain,
    now,
    other_tasks,
    run_virtual,
)


def test_results_in_item_order():
    work = FakeFetch(delays={"a": 3.0, "b": 1.0, "c": 2.0, "d": 1.0})
    got, _ = run_virtual(lambda: pipeline(["a", "b", "c", "d"], work, workers=2, maxsize=2))
    expected = [body(item) for item in "abcd"]
    assert got == expected, (
        f"pipeline returned {got}; expected {expected}: one result per item, in item order "
        "(remember each item's position; workers finish in any order)."
    )
    assert sorted(work.calls) == list("abcd"), (
        f"work was called for {work.calls}; expected each item exactly once."
    )


def test_workers_share_the_work():
    work = FakeFetch(default=1.0)
    items = [f"item {i}" for i in range(6)]
    got, clock = run_virtual(lambda: pipeline(items, work, workers=2, maxsize=2))
    assert len(got) == 6, f"pipeline returned {len(got)} results for 6 items; expected 6."
    assert clock == 3.0 and work.peak == 2, (
        f"6 items of 1 s with 2 workers took {clock:g} s with {work.peak} in progress at once; "
        "expected exactly 3 s with 2 at once. 6 s means one consumer did all the work; 1 s "
        "means there was no limit of `workers` consumers."
    )


def test_items_are_read_lazily():
    work = FakeFetch(default=1.0)
    ahead: list[int] = []

    def produce():
        for i in range(10):
            ahead.append(i + 1 - len(work.finished))
            yield f"item {i}"

    run_virtual(lambda: pipeline(produce(), work, workers=1, maxsize=1))
    most = max(ahead, default=0)
    assert 0 < most <= 3, (
        f"the producer read up to {most} items ahead of the finished work, with maxsize=1 and 1 "
        "worker; expected at most 3 (one in the queue, one being worked on, one waiting to be "
        "put). Read items one at a time and `await queue.put(...)` on a bounded "
        "`asyncio.Queue(maxsize)`, so a full queue holds the producer back."
    )


def test_no_consumer_is_left_running():
    async def scenario():
        results = await pipeline(["a", "b", "c"], FakeFetch(default=1.0), workers=3, maxsize=1)
        return results, other_tasks(), now()

    (results, leftovers, clock), _ = run_virtual(scenario)
    assert len(results) == 3, f"pipeline returned {len(results)} results for 3 items."
    assert not leftovers, (
        f"{len(leftovers)} task(s) were still running after pipeline returned; expected none. "
        "Stop each consumer (one sentinel per consumer on the queue) and wait for it, e.g. "
        "start them in `async with asyncio.TaskGroup()`."
    )
    assert clock == 1.0, f"3 items with 3 workers took {clock:g} s; expected 1 s."


def test_a_failure_stops_the_pipeline():
    work = FakeFetch(default=1.0, failures={"item 2": ValueError("bad item")})

    async def scenario():
        error = await error_of(pipeline([f"item {i}" for i in range(6)], work, 2, 2))
        return error, other_tasks()

    (error, leftovers), _ = run_virtual(scenario)
    assert error is not None and find_in_chain(error, ValueError) is not None, (
        f"pipeline ended with {error!r} when work raised ValueError for one item; expected "
        "the ValueError to come out (a TaskGroup wraps it in an ExceptionGroup)."
    )
    assert not leftovers, (
        f"{len(leftovers)} task(s) were left running after the failure; expected none."
    )
