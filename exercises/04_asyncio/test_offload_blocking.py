"""Kata offload_blocking: what the lesson says it proves, and the test that checks each claim.

- `run_blocking(func, *args)` returns `func(*args)` (any number of arguments), computed in a
  worker thread, not the loop's: `test_run_blocking_returns_the_result_from_a_worker_thread`;
  the loop is not blocked while `func` blocks (a heartbeat task keeps ticking while `func`
  sleeps until it has seen the ticks; counted, not timed), whether `func` runs on the loop's
  thread or the loop's thread waits for it, and `run_blocking` makes no blocking call of its
  own on the loop (blockbuster), except joining a pool's thread after `func` returned (a pool
  of its own, shut down by `with`: brief, not a frozen loop):
  `test_blocking_call_never_runs_on_the_loop`.
- `map_blocking` runs every call at the same time (they meet at a barrier that needs all of
  them; 2, 3, 5 and 7 items, with a default executor large enough for them all, so a pool of
  a fixed size fails): `test_calls_run_at_the_same_time`; results follow the items' order,
  not the finishing order (the calls are made to finish in reverse) and not sorted:
  `test_results_keep_item_order`; no items give []: `test_no_items_give_an_empty_list`; the
  loop stays free while the calls compute (a heartbeat keeps ticking; counted, not timed):
  `test_cpu_work_does_not_stall_the_loop`.

The `map_blocking` tests patch in a known-good `run_blocking`, so a mistake in `run_blocking`
costs only its own tests.
"""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import offload_blocking
import pytest
from offload_blocking import map_blocking, run_blocking

from graders.support.asyncio_support import (
    Heartbeat,
    blocking_watch,
    busy_until_ticks,
    find_in_chain,
    reference_run_blocking,
    sleep_until_ticks,
    waits_on_a_lock,
)

BARRIER_WAIT = 5.0  # seconds a call waits for the others to arrive
TICKS = 3  # heartbeat ticks each computing call must see
HOG_LIMIT = 3.0  # seconds a call computes at most while waiting for those ticks
REVERSE_WAIT = 1.5  # seconds a call waits at most for the items behind it to finish


@pytest.fixture
def good_run_blocking(monkeypatch):
    """map_blocking is graded with a known-good run_blocking: one mistake, one lost test."""
    monkeypatch.setattr(offload_blocking, "run_blocking", reference_run_blocking)


def where_and_combine(first: int, second: int, third: str) -> tuple[int, str]:
    """Blocks briefly; returns the thread it ran in and a value made of all three arguments."""
    time.sleep(0.01)
    return threading.get_ident(), f"{first * second}{third}"


def test_run_blocking_returns_the_result_from_a_worker_thread():
    loop_thread = threading.get_ident()
    try:
        thread, combined = asyncio.run(run_blocking(where_and_combine, 6, 7, "!"))
    except TypeError as error:
        thread, combined = None, f"TypeError ({error})"
    assert combined == "42!", (
        f"run_blocking(func, 6, 7, '!') gave {combined!r} as the result; expected '42!', "
        "func called with every argument: `asyncio.to_thread(func, *args)`."
    )
    assert thread != loop_thread, (
        "run_blocking ran the function in the event loop's own thread; expected a worker "
        "thread. Use `await asyncio.to_thread(func, *args)`."
    )


def test_blocking_call_never_runs_on_the_loop():
    returned: list[int] = []  # the ticks func saw, appended when func returns

    async def main() -> tuple[BaseException | None, list[int]]:
        async with Heartbeat() as heartbeat:
            def block_until_ticks() -> int:
                returned.append(sleep_until_ticks(heartbeat, TICKS, HOG_LIMIT))
                return returned[-1]

            try:
                await run_blocking(block_until_ticks)
            except Exception as error:  # judged here, with what func had done by then
                if find_in_chain(error, NotImplementedError) is not None:
                    raise
                blocking = find_in_chain(error, blocking_error)
                if blocking is None:
                    raise
                return blocking, list(returned)
            return None, list(returned)

    with blocking_watch(offload_blocking) as blocking_error:
        blocking, seen = asyncio.run(main())
    # Joining a pool's thread after func returned (`with ThreadPoolExecutor(...)`) is brief
    # and allowed; any other blocking call on the loop's thread is not.
    if blocking is not None and not (seen and waits_on_a_lock(blocking)):
        raise AssertionError(
            f"offload_blocking.py made a blocking call on the event loop's thread while the "
            f"loop was running ({blocking}"
            f"{', after func returned' if seen else ', before func had returned'}): every "
            "other coroutine froze until it returned. Hand the call to a worker thread and "
            "await it: `await asyncio.to_thread(func, *args)`."
        )
    assert seen, "run_blocking returned before func had returned; expected func's result."
    assert seen[0] >= TICKS, (
        f"a heartbeat task that ticks every 0.01 s ticked {seen[0]} times while func blocked "
        f"in `time.sleep` (up to {HOG_LIMIT:g} s, until it saw {TICKS} ticks); expected "
        f"{TICKS}: the event loop was blocked while func ran, so every other coroutine froze "
        "until it returned (func ran on the loop's thread, or the loop's thread waited for "
        "it without awaiting). Hand the call to a worker thread and await it: "
        "`await asyncio.to_thread(func, *args)`."
    )


# 2 to 7 calls at once, on a default executor with a thread for each (the default size is
# min(32, cores + 4), as few as 5): a pool of a fixed size, not sized to the items, fails.
@pytest.mark.parametrize("count", [2, 3, 5, 7])
def test_calls_run_at_the_same_time(count, good_run_blocking):
    items = list(range(count, 0, -1))
    barrier = threading.Barrier(count, timeout=BARRIER_WAIT)

    def meet(value: int) -> int:
        barrier.wait()  # returns only once all the calls are running at once
        return value * 10

    async def main() -> list[int]:
        executor = ThreadPoolExecutor(max_workers=count, thread_name_prefix="default")
        asyncio.get_running_loop().set_default_executor(executor)
        return await map_blocking(meet, items)

    try:
        got = asyncio.run(main())
    except threading.BrokenBarrierError:
        got = None
    assert got is not None, (
        f"the {count} calls of map_blocking did not all run at the same time (they waited "
        f"{BARRIER_WAIT:g} s for each other in vain): start every call before awaiting any, "
        "e.g. `await asyncio.gather(*(asyncio.to_thread(func, item) for item in items))`."
    )
    assert len(got) == count, f"map_blocking returned {len(got)} results for {count} items."


def test_results_keep_item_order(good_run_blocking):
    items = ["kiwi", "apple", "mango", "fig"]
    finished: list[str] = []
    done = {item: threading.Event() for item in items}

    def reverse_finish(item: str) -> str:
        """Finishes only after the items behind it (or after REVERSE_WAIT s, if they never
        start: a serial map still gets its answer, just later)."""
        deadline = time.monotonic() + REVERSE_WAIT
        for other in items[items.index(item) + 1:]:
            done[other].wait(timeout=max(0.0, deadline - time.monotonic()))
        finished.append(item)
        done[item].set()
        return item.upper()

    got = asyncio.run(map_blocking(reverse_finish, items))
    expected = [item.upper() for item in items]
    assert got == expected, (
        f"map_blocking returned {got} (the calls finished in the order {finished}); expected "
        f"{expected}: one result per item, in item order. `asyncio.gather` keeps the order "
        "of its arguments; `as_completed` and sorting do not."
    )


def test_no_items_give_an_empty_list(good_run_blocking):
    try:
        nothing = asyncio.run(map_blocking(where_and_combine, []))
    except Exception as error:  # e.g. ThreadPoolExecutor(max_workers=0) raises ValueError
        if isinstance(error, NotImplementedError):
            raise
        nothing = f"{type(error).__name__} ({error})"
    assert nothing == [], (
        f"map_blocking(func, []) gave {nothing}; expected []: no items, no calls. (A "
        "ThreadPoolExecutor sized to the items needs `max_workers` of at least 1.)"
    )


def test_cpu_work_does_not_stall_the_loop(good_run_blocking):
    async def main():
        async with Heartbeat() as heartbeat:
            def compute(item: int) -> int:
                return busy_until_ticks(heartbeat, TICKS, HOG_LIMIT)

            return await map_blocking(compute, [1, 2])

    seen = asyncio.run(main())
    assert len(seen) == 2 and min(seen) >= TICKS, (
        f"a heartbeat task that ticks every 0.01 s ticked {seen} times while each call of "
        f"map_blocking computed (up to {HOG_LIMIT:g} s, until it saw {TICKS} ticks); expected "
        f"{TICKS} during each. The event loop was blocked while the calls computed (they ran "
        "on the loop's thread, or the loop's thread waited for them with a blocking call such "
        "as `pool.map` or `future.result()`), and every other coroutine froze: await the "
        "calls, each started with `asyncio.to_thread` (or `loop.run_in_executor`)."
    )
