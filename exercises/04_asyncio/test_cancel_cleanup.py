"""Kata cancel_cleanup: what the lesson says it proves, and the test that checks each claim.

Every observation is taken the moment the kata function returns, inside the test's own
coroutine: the loop's shutdown later cancels leftovers itself and would hide them.

- `fetch_or_default` returns the default exactly at the deadline, for several deadlines and
  defaults (falsy ones included), and by then the slow fetch has been cancelled, at the
  deadline, and has stopped (its cleanup takes three turns of the loop, so one
  `asyncio.sleep(0)` after `cancel()` is not waiting for it):
  `test_timeout_returns_the_default_at_the_deadline`; a fetch
  that finishes in time gives its own result, even a falsy one:
  `test_fast_fetch_gives_its_result`; a fetch that fails in time raises its own error, not the
  default: `test_failing_fetch_is_not_a_timeout`; a cancellation from outside (the caller's
  task cancelled before the deadline) comes out as CancelledError, not as the default:
  `test_fetch_or_default_lets_cancellation_through`.
- `guarded` lets a cancellation through and logs it before cleaning up:
  `test_guarded_lets_cancellation_through`; it cleans up after success and failure, and logs
  "cancelled" only on cancellation: `test_guarded_cleans_up_after_success_and_failure`.
- `all_or_nothing` returns every result in job order (not finishing order), in the slowest
  job's time, and [] for no jobs: `test_all_or_nothing_returns_results_in_job_order`; when
  one job fails, the others are cancelled at once and have stopped when it returns (their
  cleanup takes three turns of the loop, so one `asyncio.sleep(0)` after `cancel()` is not
  waiting for them): `test_failing_task_cancels_its_siblings`.
"""

import asyncio

import pytest
from cancel_cleanup import all_or_nothing, fetch_or_default, guarded

from graders.support.asyncio_support import (
    FakeFetch,
    body,
    error_of,
    failer,
    find_in_chain,
    now,
    other_tasks,
    run_virtual,
    sleeper,
)


@pytest.mark.parametrize(("seconds", "default"), [(2.0, "default"), (3.5, None), (0.5, 0)])
def test_timeout_returns_the_default_at_the_deadline(seconds, default):
    fetch = FakeFetch(delays={"slow": 5.0}, cleanup_turns=3)

    async def scenario():
        got = await fetch_or_default(fetch, "slow", seconds, default)
        return got, now(), dict(fetch.cancelled_at), fetch.in_flight, other_tasks()

    (got, clock, cancelled_at, in_flight, leftovers), _ = run_virtual(scenario)
    assert got == default and type(got) is type(default), (
        f"fetch_or_default gave {got!r} for a fetch of 5 s with a {seconds:g} s limit; expected "
        f"the default, {default!r}. Wrap the await in `async with asyncio.timeout(seconds):` "
        "and catch TimeoutError."
    )
    assert clock == seconds, (
        f"fetch_or_default returned at {clock:g} s on the virtual clock; expected exactly "
        f"{seconds:g} s, the deadline: do not wait for the slow fetch to finish."
    )
    assert cancelled_at == {"slow": seconds} and in_flight == 0 and not leftovers, (
        f"when fetch_or_default returned, the slow fetch had been cancelled at {cancelled_at} "
        f"and {in_flight} fetch(es) and {len(leftovers)} task(s) were still running; expected "
        f"it cancelled at the deadline ({seconds:g} s) and stopped (its cleanup takes a few "
        "turns of the loop). A fetch nobody cancels, or nobody waits for, keeps running in "
        "the background: `asyncio.timeout` (or `asyncio.wait_for`) cancels it and waits "
        "until it has stopped."
    )


@pytest.mark.parametrize(("value", "seconds"), [("page", 2.0), ("", 1.5), (0, 4.0)])
def test_fast_fetch_gives_its_result(value, seconds):
    fetch = FakeFetch(delays={"fast": 1.0}, results={"fast": value})
    got, clock = run_virtual(lambda: fetch_or_default(fetch, "fast", seconds, "default"))
    assert got == value and type(got) is type(value) and clock == 1.0, (
        f"a fetch of 1 s that returns {value!r}, with a {seconds:g} s limit, gave {got!r} at "
        f"{clock:g} s; expected {value!r} at 1 s: the fetch's own result whenever it finishes "
        "in time, falsy or not (return it from inside the `async with asyncio.timeout(...)`)."
    )


def test_failing_fetch_is_not_a_timeout():
    fetch = FakeFetch(delays={"broken": 1.0}, failures={"broken": ValueError("broken page")})

    async def scenario():
        return await error_of(fetch_or_default(fetch, "broken", 3.0, "default")), now()

    (error, clock), _ = run_virtual(scenario)
    assert isinstance(error, ValueError) and clock == 1.0, (
        f"a fetch that raises ValueError after 1 s, with a 3 s limit, made fetch_or_default "
        f"end with {error!r} at {clock:g} s; expected the ValueError itself at 1 s: only the "
        "deadline gives the default, so catch `TimeoutError` alone, not every exception."
    )


async def cancelled_after_a_second(coro) -> tuple[object, bool]:
    """Run `coro` as a task and cancel it at 1 s: what it ended with, and whether it ended
    cancelled."""
    task = asyncio.create_task(coro)
    await asyncio.sleep(1.0)
    task.cancel()
    try:
        outcome = await task
    except asyncio.CancelledError:
        outcome = "CancelledError"
    return outcome, task.cancelled()


def test_fetch_or_default_lets_cancellation_through():
    fetch = FakeFetch(delays={"slow": 10.0})

    async def scenario():
        return await cancelled_after_a_second(fetch_or_default(fetch, "slow", 5.0, "default"))

    (outcome, cancelled), _ = run_virtual(scenario)
    assert outcome == "CancelledError" and cancelled, (
        f"the caller's task was cancelled at 1 s, before the 5 s deadline, and "
        f"fetch_or_default ended with {outcome!r}; expected the CancelledError to come out: "
        "only the deadline gives the default. Catch `TimeoutError` alone; a CancelledError "
        "caught and turned into the default hides the caller's cancel (timeouts, TaskGroups "
        "and Ctrl-C stop working)."
    )


def test_guarded_lets_cancellation_through():
    async def scenario():
        log: list[str] = []
        outcome, cancelled = await cancelled_after_a_second(guarded(sleeper(10.0), log))
        return outcome, log, cancelled, now()

    (outcome, log, cancelled, clock), _ = run_virtual(scenario)
    assert outcome == "CancelledError" and cancelled, (
        f"after task.cancel() the task ended with {outcome!r} instead of being cancelled: "
        "guarded swallowed CancelledError. Do your cleanup, then re-raise it (`raise`), or the "
        "caller (a timeout, a TaskGroup, Ctrl-C) never learns the task stopped."
    )
    assert log == ["cancelled", "cleanup"], (
        f"guarded logged {log} when cancelled; expected ['cancelled', 'cleanup']."
    )
    assert clock == 1.0, f"the cancelled task ended at {clock:g} s; expected at once (1 s)."


def test_guarded_cleans_up_after_success_and_failure():
    ok_log: list[str] = []
    got, _ = run_virtual(lambda: guarded(sleeper(1.0, "done"), ok_log))
    assert got == "done" and ok_log == ["cleanup"], (
        f"guarded gave {got!r} and logged {ok_log} for a job that returns 'done'; expected "
        "'done' and ['cleanup']."
    )
    bad_log: list[str] = []
    try:
        run_virtual(lambda: guarded(failer(1.0, KeyError("boom")), bad_log))
        raised = None
    except KeyError as error:
        raised = error
    assert raised is not None and bad_log == ["cleanup"], (
        f"for a job that raises KeyError, guarded {'raised it' if raised else 'did not raise'} "
        f"and logged {bad_log}; expected the KeyError to come out and ['cleanup'] only: "
        "\"cancelled\" is for `except asyncio.CancelledError:`, the cleanup goes in `finally:`."
    )


@pytest.mark.parametrize("delays", [[2.0, 5.0, 1.0, 3.0], []])
def test_all_or_nothing_returns_results_in_job_order(delays):
    values = ["pear", None, "fig", 0][:len(delays)]  # finish in another order; unsortable
    jobs = [sleeper(delay, value) for delay, value in zip(delays, values, strict=True)]
    results, clock = run_virtual(lambda: all_or_nothing(jobs))
    assert results == values and clock == max(delays, default=0.0), (
        f"all_or_nothing gave {results} at {clock:g} s for jobs of {delays} s; expected "
        f"{values} at {max(delays, default=0.0):g} s: all at once, each result in its job's "
        "place (keep the tasks and read `task.result()` in job order)."
    )


def test_failing_task_cancels_its_siblings():
    log: list[str] = []
    jobs = [sleeper(1.0, "a"), failer(2.0, ValueError("boom")),
            sleeper(10.0, "slow", log=log, name="slow", cleanup_turns=3)]

    async def scenario():
        error = await error_of(all_or_nothing(jobs))
        return error, now(), list(log), other_tasks()

    (error, clock, seen, leftovers), _ = run_virtual(scenario)
    assert error is not None and find_in_chain(error, ValueError) is not None, (
        f"all_or_nothing ended with {error!r} when one job raised ValueError; expected the "
        "failure to come out (a TaskGroup raises it inside an ExceptionGroup)."
    )
    assert seen == ["slow:cancelled", "slow:cleanup"] and not leftovers, (
        f"when a job failed at 2 s the slow 10 s job logged {seen} and {len(leftovers)} "
        "task(s) were still running; expected the slow job cancelled and cleaned up (which "
        "takes it a few turns of the loop) before all_or_nothing returns. asyncio.gather "
        "leaves the others running, and cancelling them is not waiting for them: use "
        "`async with asyncio.TaskGroup() as group:`."
    )
    assert clock == 2.0, f"all_or_nothing ended at {clock:g} s; expected at 2 s, the failure."
