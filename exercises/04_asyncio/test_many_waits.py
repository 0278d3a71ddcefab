"""Kata many_waits: what the lesson says it proves, and the test that checks each claim.

The injected `wait(i)` (graders/support/await_support.Waiter) waits on looptime's virtual
clock in three steps, so every wait is suspended and resumed three times, and records how
many waits were in progress at once, which indexes were asked for and on which threads. Its
results do not sort like i (`scrambled(i)`), so neither sorting them nor recomputing them
from the lesson gives the right list.

- Thousands of waits run at once: exactly n in progress together (not fewer: no batches or
  limits; each index asked for once), for n = 3,001 and 12,345 (not the lesson's 10,000, so
  a limit or batch of that size shows), in the virtual time of one wait, with 3 n task
  switches: test_all_waits_are_in_progress_at_once.
- One thread runs them all; no wait ran on another thread or another event loop:
  test_one_thread_runs_every_wait.
- The results follow i, not the order the waits finished in nor their sorted order:
  test_results_follow_the_index.
- Edge inputs: n = 0 gives [] (no error) and n = 1 gives [wait(0)]:
  test_no_wait_and_one_wait.
"""

import threading

import pytest
from many_waits import wait_for_all

from graders.support.asyncio_support import StuckError, run_virtual
from graders.support.await_support import Waiter, scrambled

LIMIT = 60.0  # virtual seconds: 200 times the longest single wait


def _run(n: int, delays: list[float]) -> tuple[list, Waiter, float]:
    waiter = Waiter(delays)

    async def main() -> list:
        waiter.bind()
        return await wait_for_all(n, waiter)

    try:
        results, clock = run_virtual(main, limit=LIMIT)
    except StuckError:
        raise AssertionError(
            f"{n} waits of at most {max(delays):g} s were still running after {LIMIT:g} "
            f"virtual s ({waiter.peak} at most in progress at once); expected them done in "
            f"{max(delays):g} s. They ran one after another or in small groups: start every "
            "wait at once, e.g. `asyncio.gather(*(wait(i) for i in range(n)))`."
        ) from None
    return results, waiter, clock


@pytest.mark.parametrize("n", [3_001, 12_345])
def test_all_waits_are_in_progress_at_once(n):
    _, waiter, clock = _run(n, [0.3])
    asked = sorted(waiter.calls)
    assert asked == list(range(n)) and max(waiter.calls.values()) == 1, (
        f"wait was called {sum(waiter.calls.values())} time(s) for {len(asked)} distinct "
        f"index(es); expected each i in range({n}) once."
    )
    assert waiter.peak == n, (
        f"at most {waiter.peak} of {n} waits were in progress at once; expected all {n}. "
        "Batches or a limit (a Semaphore, a pool) are for scarce resources like threads; a "
        "waiting task costs only its suspended coroutine. Start every wait at once, e.g. "
        "`asyncio.gather(*(wait(i) for i in range(n)))`."
    )
    assert clock == 0.3 and waiter.switches == 3 * n, (
        f"the {n} waits of 0.3 s took {clock:g} virtual s with {waiter.switches} task "
        f"switches; expected 0.3 s (they overlap) and {3 * n} switches (three per wait)."
    )


def test_one_thread_runs_every_wait():
    before = set(threading.enumerate())
    _, waiter, _ = _run(300, [0.3])
    left = [t for t in threading.enumerate() if t not in before]
    others = waiter.threads - {threading.get_ident()}
    assert not others and waiter.foreign == 0 and not left, (
        f"{waiter.foreign} wait(s) ran on another event loop, on {len(others)} thread(s) "
        f"other than the caller's, and {len(left)} thread(s) were left running; expected "
        "every wait to be a task of the running loop, on its one thread. A thread each "
        "(`asyncio.to_thread`, `asyncio.run` in a thread) costs a whole OS thread per wait; "
        "`await` them on this loop instead."
    )


def test_results_follow_the_index():
    delays = [0.9, 0.3, 0.6, 0.0]  # wait(i) waits delays[i % 4]: they finish out of order
    results, _, clock = _run(1_000, delays)
    expected = [scrambled(i) for i in range(1_000)]
    assert results == expected, (
        f"the results began {results[:6]}; expected {expected[:6]}...: the result of wait(i) "
        "at position i, whatever order the waits finished in and whatever their values "
        "(sorting them does not rebuild the order of i; `asyncio.gather` keeps it)."
    )
    assert clock == 0.9, f"the waits took {clock:g} virtual s; expected 0.9 (the slowest)."


def test_no_wait_and_one_wait():
    for n in (0, 1):
        try:
            results, waiter, _ = _run(n, [0.3])
        except AssertionError:
            raise
        except Exception as error:  # an error here is the kata's own: teach, then fail
            raise AssertionError(
                f"wait_for_all({n}, wait) raised {error!r}; expected {[scrambled(0)][:n]}. "
                "Handle every n, including 0: `asyncio.wait` refuses an empty set of tasks, "
                "while `asyncio.gather()` with no awaitables returns []."
            ) from None
        assert results == [scrambled(0)][:n] and sum(waiter.calls.values()) == n, (
            f"wait_for_all({n}, wait) returned {results!r} after {sum(waiter.calls.values())} "
            f"wait(s); expected {[scrambled(0)][:n]} after {n}."
        )
