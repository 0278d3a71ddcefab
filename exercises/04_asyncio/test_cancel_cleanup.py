import asyncio

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


def test_timeout_returns_the_default_at_the_deadline():
    fetch = FakeFetch(delays={"slow": 5.0, "fast": 1.0})
    got, clock = run_virtual(lambda: fetch_or_default(fetch, "slow", 2.0, "default"))
    assert got == "default", (
        f"fetch_or_default gave {got!r} for a fetch of 5 s with a 2 s limit; expected the "
        "default. Wrap the await in `async with asyncio.timeout(seconds):` and catch TimeoutError."
    )
    assert clock == 2.0, (
        f"fetch_or_default returned at {clock:g} s on the virtual clock; expected exactly 2 s, "
        "the deadline: do not wait for the slow fetch to finish."
    )
    assert fetch.cancelled == ["slow"], (
        "the slow fetch was not cancelled when time was up; asyncio.timeout cancels it for you."
    )
    fast, clock = run_virtual(lambda: fetch_or_default(fetch, "fast", 2.0, "default"))
    assert fast == body("fast") and clock == 1.0, (
        f"a fetch of 1 s with a 2 s limit gave {fast!r} at {clock:g} s; expected its result at 1 s."
    )


def test_guarded_lets_cancellation_through():
    async def scenario():
        log: list[str] = []
        task = asyncio.create_task(guarded(sleeper(10.0), log))
        await asyncio.sleep(1.0)
        task.cancel()
        try:
            outcome = await task
        except asyncio.CancelledError:
            outcome = "CancelledError"
        return outcome, log, task.cancelled(), now()

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
        run_virtual(lambda: guarded(failer(1.0, ValueError("boom")), bad_log))
        raised = None
    except ValueError as error:
        raised = error
    assert raised is not None and bad_log == ["cleanup"], (
        f"for a job that raises ValueError, guarded {'raised it' if raised else 'did not raise'} "
        f"and logged {bad_log}; expected the ValueError to come out and ['cleanup'] "
        "(put the cleanup in `finally:`)."
    )


def test_failing_task_cancels_its_siblings():
    log: list[str] = []
    jobs = [sleeper(1.0, "a"), failer(2.0, ValueError("boom")),
            sleeper(10.0, "slow", log=log, name="slow")]

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
        "task(s) were still running; expected the slow job cancelled and cleaned up before "
        "all_or_nothing returns. asyncio.gather leaves the others running: use "
        "`async with asyncio.TaskGroup() as group:`."
    )
    assert clock == 2.0, f"all_or_nothing ended at {clock:g} s; expected at 2 s, the failure."
