"""Kata apply_fix: what the lesson says it proves, and the test that checks each claim.

Every probe (graders/support/fix_support.py) writes where it ran (pid and thread) and how
many calls it saw at once into a folder the test reads; the kata returns only values. No
check depends on the machine's speed: pids, threads and a meeting point are the evidence.

- The first item is measured here, in the caller's own thread, and only there:
  test_the_fix_matches_the_bound.
- A function that waits (a socket) runs its other items in threads of this process, and one
  that computes runs them in other processes: test_the_fix_matches_the_bound[io-*] and
  [cpu]. Both probes take the same random time (0.2 to 0.4 s), so only CPU time against
  wall time tells them apart, not the wall time alone. The rule is a share of the wall
  time, neither an amount of CPU time nor a majority of it: a brief computing call (0.03 to
  0.06 s of CPU) is CPU-bound, and so is a call that computes for about a third of its
  time (0.07 to 0.09 s of CPU, then 0.12 to 0.15 s of waiting), while one that computes
  0.065 to 0.07 s, more than any brief call, then waits about 2 s is IO-bound:
  test_the_fix_matches_the_bound[cpu-brief], [cpu-mixed] and [io-long].
  Where a CPU-bound probe had CPU for under 0.15 of its wall time (a busy machine), or the
  machine charged a waiting one CPU time, its bound cannot show here: not-gradable, never
  failed.
- The pool runs calls at once, as many as `workers` (a meeting point waits for that many
  calls inside together) and never more (no call saw more inside, and no more than
  `workers` distinct threads or processes ran them): test_the_fix_matches_the_bound, with
  2 and 4 threads for the waiting probe, so a fixed pool size fails one of them. When the
  meeting times out, a thread pool that started fewer than `workers` threads fails; a
  process pool whose processes may be slow to start is not gradable.
- The results come back in the order of the items, the measured one first, although the
  later items finish first (each waits less than the one before it):
  test_results_come_in_item_order.
"""

import os
import random
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from apply_fix import run_with_fix

import graders
from graders.support.fix_support import (
    POOLED_SHARE,
    Call,
    Job,
    alive,
    calls,
    compute,
    met,
    mixed,
    wait,
)

CPU_SHARE = 0.1  # the lesson's rule: CPU time at least this share of wall time is CPU-bound
BUSY_FIX = "run the test again when the machine is less busy"
# case: (the probe, its bound, workers or None for 2 or 3, its seconds, its CPU seconds first)
CASES = {
    "io-2": (wait, "io", 2, (0.2, 0.4), (0.0, 0.0)),
    "io-4": (wait, "io", 4, (0.2, 0.4), (0.0, 0.0)),
    "cpu": (compute, "cpu", None, (0.2, 0.4), (0.0, 0.0)),
    "cpu-brief": (compute, "cpu", None, (0.03, 0.06), (0.0, 0.0)),
    "cpu-mixed": (mixed, "cpu", None, (0.12, 0.15), (0.07, 0.09)),
    "io-long": (mixed, "io", 2, (2.0, 2.1), (0.065, 0.07)),
}


def jobs_for(folder: Path, workers: int, rng: random.Random,
             span: tuple[float, float] = (0.2, 0.4),
             burn: tuple[float, float] = (0.0, 0.0)) -> list[Job]:
    """Twice as many items as workers, plus the one the kata measures; the probe's seconds
    are random in `span`, and the CPU seconds a mixed probe burns first in `burn`."""
    seconds, burned = rng.uniform(*span), rng.uniform(*burn)
    caller = (os.getpid(), threading.get_ident())
    return [Job(index, rng.randrange(10**9), str(folder), workers, seconds, caller, burned)
            for index in range(2 * workers + 1)]


def where(call: Call) -> str:
    if call.pid != os.getpid():
        return "another process"
    return "the test's own thread" if call.thread == threading.get_ident() else "a thread"


def assert_bound_shows(kind: str, measured: Call) -> None:
    """Not-gradable when the measured call's own record cannot show its bound here."""
    if kind == "cpu" and measured.cpu_share < 1.5 * CPU_SHARE:
        graders.not_gradable(f"the machine is so busy that a CPU-bound call had CPU for "
                             f"only {measured.cpu_share:.2f} of its wall time", BUSY_FIX)
    if kind == "io" and measured.cpu_share > 0.5 * CPU_SHARE:
        graders.not_gradable(f"the machine charged a waiting call {measured.cpu_share:.2f} "
                             "of its wall time in CPU", BUSY_FIX)


@pytest.mark.parametrize("case", CASES)
def test_the_fix_matches_the_bound(case, tmp_path):
    probe, kind, workers, span, burn = CASES[case]
    rng = random.Random()
    workers = workers or rng.choice([2, 3])  # processes cost seconds each to start
    jobs = jobs_for(tmp_path, workers, rng, span, burn)
    threads_before = set(alive())
    run_with_fix(probe, jobs, workers)
    seen = calls(tmp_path)
    assert [call.index for call in seen] == list(range(len(jobs))), (
        f"run_with_fix called fn on items {[call.index for call in seen]} of {len(jobs)}; "
        "expected each item exactly once: the first to measure it, the rest in the pool.")
    measured, pooled = seen[0], seen[1:]
    assert where(measured) == "the test's own thread", (
        f"the first item ran in {where(measured)}; expected it in the caller's own thread, "
        "timed there with time.process_time() and time.perf_counter() before any pool.")
    assert_bound_shows(kind, measured)
    places = {where(call) for call in pooled}
    assert "the test's own thread" not in places, (
        f"the other items ran in the caller's own thread ({len(pooled)} calls one after "
        f"another); expected them in a pool of {workers} workers, at once.")
    expected = "a thread" if kind == "io" else "another process"
    why = ("it is IO-bound, and threads wait together in one process" if kind == "io" else
           "it is CPU-bound, and the GIL lets one thread of a process compute at a time")
    assert places == {expected}, (
        f"fn took {measured.cpu:.2f} s CPU in {measured.wall:.2f} s wall when measured "
        f"(a share of {measured.cpu_share:.2f}) and its other items ran in "
        f"{' and '.join(sorted(places))}; expected {expected}: {why}. CPU time at least "
        f"{CPU_SHARE} of the wall time is CPU-bound (ProcessPoolExecutor), less is "
        "IO-bound (ThreadPoolExecutor).")
    runners = {(call.pid, call.thread) for call in pooled}
    most = max(call.most_inside for call in pooled)
    assert len(runners) <= workers and most <= workers, (
        f"the pool ran {most} calls at once in {len(runners)} workers; expected at most "
        f"workers={workers}: give the pool max_workers=workers.")
    started = len(set().union(*(call.threads for call in pooled)) - threads_before)
    assert met(tmp_path) or kind == "cpu" or started >= workers, (
        f"the pool started {started} thread(s) and never ran {workers} calls at once; "
        f"expected workers={workers} threads: give the pool max_workers=workers, not a "
        "number of your own.")
    if not met(tmp_path) and len(runners) > 1:
        graders.not_gradable(f"{workers} workers never ran {workers} calls at once within "
                             "the meeting's timeout", BUSY_FIX)
    assert met(tmp_path), (
        f"the pool ran at most {most} call at once, in {len(runners)} worker; expected "
        f"{workers} at once: give the pool max_workers=workers and submit every item "
        "before waiting for a result.")


def test_results_come_in_item_order(tmp_path):
    rng = random.Random()
    jobs = jobs_for(tmp_path, 2, rng)
    # A pooled call waits POOLED_SHARE of its seconds: 0.4, 0.3, 0.2 and 0.1 s, so the items
    # finish in an order unlike theirs.
    jobs = [jobs[0], *(replace(job, seconds=(len(jobs) - job.index) / (10 * POOLED_SHARE))
                       for job in jobs[1:])]
    got = run_with_fix(wait, jobs, 2)
    expected = [job.value for job in jobs]
    assert got == expected, (
        f"run_with_fix returned {got}; expected {expected}, fn's result for each item in "
        "the order of the items, the measured first item's result first. executor.map "
        "keeps the order; as_completed does not.")
