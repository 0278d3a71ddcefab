import gather_counts
from gather_counts import count, count_concurrently, run_concurrently

from graders.support.asyncio_support import no_blocking, run_virtual, sleeper

SEQUENTIAL_LOG = ["One", "Two"] * 3
CONCURRENT_LOG = ["One"] * 3 + ["Two"] * 3


def test_count_interleaves():
    log, _ = run_virtual(lambda: count_concurrently(3, 1.0))
    assert log == CONCURRENT_LOG, (
        f"count_concurrently(3) logged {log}; expected {CONCURRENT_LOG}. "
        + ("One, Two, One, Two... means each count finished before the next began: start "
           "all three first, e.g. `await asyncio.gather(*(count(log, delay) for ...))`."
           if log == SEQUENTIAL_LOG else "Each count must append exactly one One and one Two.")
    )


def test_three_counts_take_one_delay():
    _, clock = run_virtual(lambda: count_concurrently(3, 1.0))
    assert clock == 1.0, (
        f"count_concurrently(3, 1.0) took {clock:g} s on the virtual clock; expected exactly "
        "1 s, because the three waits overlap (3 s means they ran one after another, 0 s means "
        "the wait did not go through the event loop: use `await asyncio.sleep(delay)`)."
    )


def test_count_never_blocks_the_loop():
    log: list[str] = []
    with no_blocking(gather_counts, "Use `await asyncio.sleep(delay)`, never `time.sleep`."):
        run_virtual(lambda: count(log, 1.0))
    assert log == ["One", "Two"], f"count logged {log}; expected ['One', 'Two']."


def test_run_concurrently_takes_the_slowest_time():
    jobs = [sleeper(3.0, "a"), sleeper(1.0, "b"), sleeper(2.0, "c")]
    results, clock = run_virtual(lambda: run_concurrently(jobs))
    assert results == ["a", "b", "c"], (
        f"run_concurrently returned {results}; expected the results in the order of the jobs, "
        "['a', 'b', 'c'], whatever order they finished in."
    )
    assert clock == 3.0, (
        f"jobs of 3 s, 1 s and 2 s took {clock:g} s on the virtual clock; expected 3 s (the "
        "slowest one). 6 s means they ran one after another: each `await job()` finished "
        "before the next started. Create all the tasks first (`group.create_task(job())` in a "
        "TaskGroup), then wait."
    )
