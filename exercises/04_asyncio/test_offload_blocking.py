import asyncio
import threading
import time

import offload_blocking
from offload_blocking import map_blocking, run_blocking

from graders.support.asyncio_support import Heartbeat, busy_for, no_blocking

BARRIER_WAIT = 5.0  # seconds a call waits for the others to arrive
MAX_GAP = 0.5  # seconds; measured with to_thread: 0.01 s quiet, up to 0.14 s at load 8 on 2 cores
HOG = 0.6  # seconds of CPU work per call in the hogging test


def where_and_double(value: int) -> tuple[int, int]:
    """Blocks briefly; returns the thread it ran in and twice `value`."""
    time.sleep(0.01)
    return threading.get_ident(), value * 2


def test_run_blocking_returns_the_result_from_a_worker_thread():
    loop_thread = threading.get_ident()
    thread, doubled = asyncio.run(run_blocking(where_and_double, 21))
    assert doubled == 42, f"run_blocking(func, 21) returned {doubled!r} as the result; expected 42."
    assert thread != loop_thread, (
        "run_blocking ran the function in the event loop's own thread; expected a worker "
        "thread. Use `await asyncio.to_thread(func, *args)`."
    )


def test_blocking_call_never_runs_on_the_loop():
    with no_blocking(offload_blocking, "Hand the call to a worker thread: "
                     "`await asyncio.to_thread(func, *args)`."):
        asyncio.run(run_blocking(time.sleep, 0.05))


def test_calls_run_at_the_same_time():
    items = [1, 2, 3, 4]
    barrier = threading.Barrier(len(items), timeout=BARRIER_WAIT)

    def meet(value: int) -> int:
        barrier.wait()  # returns only once all four calls are running at once
        return value * 10

    try:
        got = asyncio.run(map_blocking(meet, items))
    except threading.BrokenBarrierError:
        got = None
    assert got is not None, (
        f"the {len(items)} calls of map_blocking did not all run at the same time (they waited "
        f"{BARRIER_WAIT:g} s for each other in vain): start every call before awaiting any, "
        "e.g. `await asyncio.gather(*(asyncio.to_thread(func, item) for item in items))`."
    )
    assert got == [10, 20, 30, 40], f"map_blocking returned {got}; expected [10, 20, 30, 40]."


def test_cpu_work_does_not_stall_the_loop():
    async def main():
        async with Heartbeat() as heartbeat:
            results = await map_blocking(busy_for, [HOG, HOG])
        return results, heartbeat

    results, heartbeat = asyncio.run(main())
    assert results == [HOG, HOG], f"map_blocking returned {results}; expected {[HOG, HOG]}."
    assert heartbeat.max_gap < MAX_GAP, (
        f"a heartbeat task that ticks every 0.01 s was silent for {heartbeat.max_gap:.2f} s "
        f"while map_blocking ran {HOG:g} s of CPU work per item; expected gaps under "
        f"{MAX_GAP:g} s. The work ran on the loop's thread and froze every other coroutine: "
        "run it with `asyncio.to_thread` (or `loop.run_in_executor`)."
    )
