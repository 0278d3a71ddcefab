"""Kata gather_counts: what the lesson says it proves, and the test that checks each claim.

- `count` appends "One", waits `delay` seconds on the loop (not blocking it), then appends
  "Two", for any delay: `test_count_waits_on_the_loop`, `test_count_never_blocks_the_loop`.
- `count_concurrently(n, delay)` runs n counts at once, sharing one log that it returns:
  n Ones, then n Twos, for any n (0 included): `test_count_interleaves`; in exactly one
  `delay`, not n of them: `test_counts_take_one_delay`. Both grade it with a known-good
  `count` patched in (and check it ran n times), and with blockbuster watching, so a
  blocking wait is named as such. It returns only once every count has finished, whenever
  that is (counts patched in to take different, longer times than `delay`, so a sleep of
  `delay` after starting tasks it never awaits does not pass):
  `test_count_concurrently_waits_for_every_count`.
- `run_concurrently(jobs)` starts every job at once and takes the slowest job's time, for any
  number of jobs: `test_run_concurrently_takes_the_slowest_time`; its results follow the
  jobs' order, not the finishing order and not sorted: `test_run_concurrently_keeps_job_order`.
"""

import asyncio

import gather_counts
import pytest
from gather_counts import count, count_concurrently, run_concurrently

from graders.support.asyncio_support import (
    exact,
    no_blocking,
    reference_count,
    run_virtual,
    sleeper,
)

BLOCKING_ADVICE = "Use `await asyncio.sleep(delay)`, never `time.sleep`."


@pytest.fixture
def good_count(monkeypatch) -> list[tuple[list[str], float]]:
    """count_concurrently is graded with a known-good count: one mistake, one lost test.

    Returns the log and the delay of each call, one pair per call.
    """
    calls: list[tuple[list[str], float]] = []

    async def counted(log: list[str], delay: float = 1.0) -> None:
        calls.append((log, delay))
        await reference_count(log, delay)

    monkeypatch.setattr(gather_counts, "count", counted)
    return calls


@pytest.mark.parametrize("delay", [0.5, 2.5])
def test_count_waits_on_the_loop(delay):
    async def scenario():
        log: list[str] = []
        task = asyncio.create_task(count(log, delay))
        await asyncio.sleep(delay / 2)
        halfway = list(log)
        await task
        return halfway, log

    (halfway, log), clock = run_virtual(scenario)
    assert halfway == ["One"] and log == ["One", "Two"], (
        f"count(log, {delay}) had logged {halfway} halfway through its wait and {log} at the "
        "end; expected ['One'] halfway and ['One', 'Two'] at the end: append One, then "
        "`await asyncio.sleep(delay)`, then append Two."
    )
    assert clock == delay, (
        f"count(log, {delay}) took {clock:g} s on the virtual clock; expected exactly {delay:g} "
        "s: wait `delay` seconds, the argument, with `await asyncio.sleep(delay)`."
    )


def test_count_never_blocks_the_loop():
    log: list[str] = []
    with no_blocking(gather_counts, BLOCKING_ADVICE):
        run_virtual(lambda: count(log, 1.0))
    assert log == ["One", "Two"], f"count logged {log}; expected ['One', 'Two']."


@pytest.mark.parametrize("n", [0, 1, 3, 5])
def test_count_interleaves(n, good_count):
    with no_blocking(gather_counts, BLOCKING_ADVICE):
        log, clock = run_virtual(lambda: count_concurrently(n, 1.0))
    expected = ["One"] * n + ["Two"] * n
    if log == expected:
        assert len(good_count) == n, (
            f"count_concurrently({n}) logged the right lines but called `count` "
            f"{len(good_count)} times; expected {n}: run n `count` coroutines, do not "
            "write the log yourself."
        )
        shared = all(given is log for given, _ in good_count)
        assert shared, (
            f"count_concurrently({n}) returned the right lines, but not in the list its "
            "`count` coroutines wrote to; expected one list, passed to every count and "
            "returned: do not write the log yourself."
        )
        return
    if log == ["One", "Two"] * n and clock == 0:
        advice = ("One, Two, One, Two... with the virtual clock at 0 s means the waits never "
                  "went through the event loop, so no count could let the others run: "
                  "`await asyncio.sleep(delay)` in each count.")
    elif log == ["One", "Two"] * n:
        advice = ("One, Two, One, Two... means each count finished before the next began: "
                  "start all of them first, e.g. "
                  "`await asyncio.gather(*(count(log, delay) for _ in range(n)))`.")
    else:
        advice = f"Run exactly n={n} counts, each appending one One and one Two."
    raise AssertionError(f"count_concurrently({n}) logged {log}; expected {expected}. {advice}")


@pytest.mark.parametrize(("n", "delay"), [(3, 1.0), (4, 2.5)])
def test_counts_take_one_delay(n, delay, good_count):
    with no_blocking(gather_counts, BLOCKING_ADVICE):
        _, clock = run_virtual(lambda: count_concurrently(n, delay))
    assert clock == delay, (
        f"count_concurrently({n}, {delay}) took {clock:g} s on the virtual clock; expected "
        f"exactly {delay:g} s, because the {n} waits overlap ({n * delay:g} s means they ran "
        "one after another; another value means `delay` was not passed on to each count)."
    )


EXTRA = [1.5, 0.0, 3.25, 0.5, 2.0]  # seconds the i-th patched count waits beyond `delay`


@pytest.mark.parametrize("n", [3, 5])
def test_count_concurrently_waits_for_every_count(n, monkeypatch):
    delay = 1.0
    calls: list[float] = []  # the extra wait of each call, in call order

    async def uneven_count(log: list[str], delay: float = 1.0) -> None:
        extra = EXTRA[len(calls) % len(EXTRA)]
        calls.append(extra)
        log.append("One")
        await asyncio.sleep(delay + extra)
        log.append("Two")

    monkeypatch.setattr(gather_counts, "count", uneven_count)

    async def scenario():
        log = await count_concurrently(n, delay)
        return list(log), asyncio.get_running_loop().time()

    (log, clock), _ = run_virtual(scenario)
    last = delay + max(EXTRA[:n])
    expected = ["One"] * n + ["Two"] * n
    assert sorted(log) == sorted(expected) and clock == last, (
        f"with counts patched in that finish {[delay + extra for extra in EXTRA[:n]]} s after "
        f"they start, count_concurrently({n}, {delay:g}) returned at {exact(clock)} s with the "
        f"log {log}; expected it to return at {exact(last)} s, when the last count finished, "
        f"with all {n} Twos: await every count it started "
        "(`await asyncio.gather(*(count(log, delay) for _ in range(n)))`), not a sleep; a "
        "task started and never awaited may still be running."
    )


@pytest.mark.parametrize("delays", [[3.0, 1.0, 2.0], [0.5, 4.0, 1.5, 4.0, 2.0], []])
def test_run_concurrently_takes_the_slowest_time(delays):
    jobs = [sleeper(delay, index) for index, delay in enumerate(delays)]
    results, clock = run_virtual(lambda: run_concurrently(jobs))
    slowest = max(delays, default=0.0)
    assert clock == slowest, (
        f"{len(delays)} jobs of {delays} s took {clock:g} s on the virtual clock; expected "
        f"{slowest:g} s (the slowest one). {sum(delays):g} s means they ran one after "
        "another: each `await job()` finished before the next started. Create all the tasks "
        "first (`group.create_task(job())` in a TaskGroup), then wait."
    )
    assert len(results) == len(delays), (
        f"run_concurrently returned {len(results)} results for {len(delays)} jobs; expected "
        "one result per job."
    )


def test_run_concurrently_keeps_job_order():
    values = ["pear", "apple", None, "fig", 0]  # finish in another order; sorted differs too
    delays = [2.0, 5.0, 1.0, 3.0, 4.0]
    jobs = [sleeper(delay, value) for delay, value in zip(delays, values, strict=True)]
    results, _ = run_virtual(lambda: run_concurrently(jobs))
    assert results == values, (
        f"run_concurrently returned {results}; expected the results in the order of the jobs, "
        f"{values}, whatever order they finished in (keep each task, then read "
        "`task.result()` in job order)."
    )
