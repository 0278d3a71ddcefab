"""Kata gil_speedup: what the lesson says it proves, and the test that checks each claim.

- Where, how concurrent, for several `n_tasks` and `workers`: the serial run makes
  `n_tasks` calls in the caller's thread; the threaded run makes `n_tasks` calls in a pool of
  exactly `workers` threads running at once (a barrier of `workers` calls is met):
  test_serial_and_threaded_runs_both_happen.
- Result: serial seconds / threaded seconds, each clock around its whole run. The calls
  record their own start and end, and the test times the whole call, so the returned ratio
  must lie between exact bounds (no tolerance to tune): the serial clock covers at least the
  serial calls, the threaded clock at least the threaded calls, and together they fit in
  the whole call. The work waits like IO, and its calls are uneven: the serial calls are
  shorter than the threaded ones, and the first serial call shorter than the rest, so the
  ratio is near 0.5, never the pool's size. The inverse ratio, a clock stopped early, a
  constant (1.0, or `workers`), and one call's time multiplied by `n_tasks` all fall
  outside: test_speedup_is_measured_correctly.
- The lesson's headline: on a build with the GIL, CPU-bound threads use at most one CPU
  second per second, so they cannot beat serial; on a free-threaded build they do:
  test_threads_do_not_beat_serial_under_the_gil.
"""

import threading
import time

import pytest
from gil_speedup import thread_speedup

from graders import not_gradable
from graders.capabilities import gil_enabled, usable_cores
from graders.support.parallel import CpuProbe
from graders.support.threading_support import PacedWork

SIZES = [(8, 2), (9, 3)]
# Seconds each call sleeps: a pool call; the serial calls in turn (the last one repeated).
# A serial run takes about half as long as the threaded run, and its first call is short.
POOL_CALL = 0.05
SERIAL_CALLS = {2: [0.004, 0.014], 3: [0.004, 0.009]}
# Seconds: one tick of the coarsest clock a student may use (time.monotonic on Windows
# ticks every 15.6 ms), and the loop around the calls.
CLOCK_SLACK = 0.016


def _span(records) -> float:
    return max(r.end for r in records) - min(r.start for r in records)


def _paced(n_tasks: int, workers: int):
    here = threading.get_ident()
    work = PacedWork(home=here, parties=workers, seconds=POOL_CALL,
                     home_seconds=SERIAL_CALLS[workers])
    start = time.perf_counter()
    speedup = thread_speedup(work, n_tasks=n_tasks, workers=workers)
    whole = time.perf_counter() - start
    serial = [r for r in work.records if r.thread == here]
    threaded = [r for r in work.records if r.thread != here]
    return speedup, serial, threaded, whole


@pytest.mark.parametrize(("n_tasks", "workers"), SIZES)
def test_serial_and_threaded_runs_both_happen(n_tasks, workers):
    _, serial, threaded, _ = _paced(n_tasks, workers)
    assert len(serial) == n_tasks, (
        f"{len(serial)} of the calls ran in the caller's thread; expected the serial run: "
        f"{n_tasks} calls in a plain loop, in this thread."
    )
    threads = {r.thread for r in threaded}
    assert len(threaded) == n_tasks and len(threads) == workers and all(r.met for r in threaded), (
        f"the threaded run made {len(threaded)} call(s) in {len(threads)} thread(s); expected "
        f"{n_tasks} calls spread over a pool of {workers} threads running at once: "
        "`ThreadPoolExecutor(max_workers=workers)` with the `workers` you are given."
    )


@pytest.mark.parametrize(("n_tasks", "workers"), SIZES)
def test_speedup_is_measured_correctly(n_tasks, workers):
    speedup, serial, threaded, whole = _paced(n_tasks, workers)
    assert serial and threaded, (
        f"{len(serial)} call(s) ran in the caller's thread and {len(threaded)} in others; "
        "expected both a serial and a threaded run."
    )
    assert isinstance(speedup, float), f"thread_speedup returned {speedup!r}, not a float."
    serial_span, threaded_span = _span(serial), _span(threaded)
    low = (serial_span - CLOCK_SLACK) / (whole - serial_span + CLOCK_SLACK)
    high = (whole - threaded_span + CLOCK_SLACK) / (threaded_span - CLOCK_SLACK)
    assert low <= speedup <= high, (
        f"thread_speedup returned {speedup:.2f}, but its calls show a serial run of "
        f"{serial_span:.3f} s and a threaded run of {threaded_span:.3f} s within "
        f"{whole:.3f} s in all, so serial / threaded lies between {low:.2f} and {high:.2f}. "
        "Return serial seconds / threaded seconds (the work's calls here take uneven "
        "times, so the ratio is not the pool's size), time each whole run with "
        "time.perf_counter() (not one call times n_tasks), and stop the threaded clock "
        "only after every future's result() has returned."
    )


def test_threads_do_not_beat_serial_under_the_gil():
    probe = CpuProbe()
    speedup = thread_speedup(probe, n_tasks=8, workers=2)
    here = threading.get_ident()
    serial = [r for r in probe.records if r.thread == here]
    threaded = [r for r in probe.records if r.thread != here]
    assert len(threaded) == 8, f"expected 8 calls in pool threads, saw {len(threaded)}."
    # CPU seconds the threads used per second of wall time: at most 1 with a GIL, up to the
    # number of threads without one. Unlike wall time, this cannot rise on a busy machine.
    parallelism = sum(r.cpu for r in threaded) / _span(threaded)
    if gil_enabled():
        assert parallelism <= 1.2, (
            f"the threads used {parallelism:.2f} CPU seconds per second; on a build with the "
            "GIL that cannot exceed 1. Did the work really run in threads of this process?"
        )
        return
    # Free-threaded build (python3.13t/3.14t with the GIL off): threads do run in parallel.
    serial_calm = _span(serial) <= 1.3 * sum(r.cpu for r in serial)
    if usable_cores() < 2 or parallelism < 1.3 or not serial_calm:
        not_gradable("the machine was too busy to show free-threaded speedup",
                     "rerun on an idle machine with at least 2 cores")
    assert speedup > 1.2, (
        f"without the GIL the threads used {parallelism:.2f} CPU seconds per second, yet "
        f"thread_speedup returned {speedup:.2f}; expected more than 1.2."
    )
