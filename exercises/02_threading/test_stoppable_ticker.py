"""Kata stoppable_ticker: what the lesson says it proves, and the test that checks each claim.

- Where: start_ticker returns at once and tick() runs in a background thread, never in the
  caller's: test_ticks_run_in_a_background_thread.
- Rate, both ways, for several intervals: never more than one tick per `interval` (a count
  over the whole run, which a busy machine can only lower), and ticks do come about every
  `interval` (the shortest gap; not gradable when the test's own sleeps overshoot as much);
  the typical (median) gap is at most 1.4 intervals, so a fixed wait (0.1 s) or a
  multiple of the interval (2 * interval) fails too. The upper bound allows the overshoot
  of the test's own sleeps of `interval` in the same run; when those overshoot by half an
  interval or more, the machine cannot keep time and a long gap is not gradable:
  test_ticks_keep_to_the_interval.
- Stop: when stop() returns, the ticker thread has ended and no tick happens any more:
  test_stop_ends_the_thread_and_the_ticks; stop() does not wait out the interval:
  test_stop_does_not_wait_out_the_interval; a stop() that arrives while the ticker waits
  starts no further tick (the loop checks the event before each tick):
  test_no_tick_starts_once_stop_is_called.
"""

import itertools
import statistics
import threading
import time

import pytest
from stoppable_ticker import start_ticker

from graders import not_gradable

RETURN_LIMIT = 5.0  # seconds start_ticker may take to return; it should take microseconds
ENOUGH_TICKS = 9
SLOW_GAP = 0.25  # seconds beyond the interval that no gap of a working ticker reaches
TICK_WAIT = 3.0  # seconds the rate test waits for ENOUGH_TICKS ticks
# The median gap between ticks may reach LONG_GAP intervals, plus the median overshoot of
# the test's own sleeps and one clock tick (TICK_SLACK seconds).
LONG_GAP, TICK_SLACK = 1.4, 0.004


class StopTicking(Exception):
    """Raised by a poisoned tick to end a ticker loop running in the wrong thread."""


class Ticks:
    """tick(): records its thread and start time, then takes `seconds` to finish."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.threads: list[threading.Thread] = []
        self.starts: list[float] = []
        self.poisoned = False

    def __call__(self) -> None:
        if self.poisoned:
            raise StopTicking
        self.threads.append(threading.current_thread())
        self.starts.append(time.perf_counter())
        time.sleep(self.seconds)


def _start(ticks: Ticks, interval: float):
    """start_ticker(ticks, interval) from a helper thread, which it must leave at once."""
    box: dict = {}

    def call() -> None:
        try:
            box["stop"] = start_ticker(ticks, interval)
        except BaseException as error:  # re-raised in the test's thread
            box["error"] = error

    helper = threading.Thread(target=call, name="caller", daemon=True)
    helper.start()
    helper.join(RETURN_LIMIT)
    if helper.is_alive():
        ticks.poisoned = True  # the next tick raises, which ends a loop in the caller
        raise AssertionError(
            f"start_ticker did not return within {RETURN_LIMIT:.0f} s: it ran the ticking "
            "loop itself. Start a threading.Thread that runs the loop and return `stop` at once."
        )
    if "error" in box:
        raise box["error"]
    return box["stop"], helper


def _wait_for_ticks(ticks: Ticks, count: int, interval: float, deadline: float) -> list[float]:
    """Wait until `count` ticks happened; return how late each of the test's own sleeps was."""
    end = time.perf_counter() + deadline
    late = []
    while len(ticks.starts) < count and time.perf_counter() < end:
        before = time.perf_counter()
        time.sleep(interval)
        late.append(time.perf_counter() - before - interval)
    return late


def test_ticks_run_in_a_background_thread():
    ticks = Ticks()
    stop, caller = _start(ticks, interval=0.01)
    _wait_for_ticks(ticks, 3, 0.01, deadline=5.0)
    stop()
    assert len(ticks.threads) >= 3, (
        f"tick ran {len(ticks.threads)} time(s) in 5 s at an interval of 0.01 s; expected "
        "several. Loop in the background thread: tick, then wait `interval`."
    )
    assert caller not in ticks.threads, (
        "tick ran in the caller's thread; start_ticker must return at once and tick in a "
        "threading.Thread of its own."
    )


@pytest.mark.parametrize("interval", [0.02, 0.06])
def test_ticks_keep_to_the_interval(interval):
    ticks = Ticks()
    began = time.perf_counter()
    stop, _ = _start(ticks, interval)
    late = _wait_for_ticks(ticks, ENOUGH_TICKS, interval, deadline=TICK_WAIT)
    stop()
    elapsed = time.perf_counter() - began
    most = elapsed / interval + 2  # one tick at the start, one for rounding
    assert len(ticks.starts) <= most, (
        f"tick ran {len(ticks.starts)} times in {elapsed:.2f} s with an interval of "
        f"{interval} s; expected at most {most:.0f}. Wait `interval` seconds (the one you are "
        "given) between ticks: `event.wait(interval)`."
    )
    assert len(ticks.starts) >= 2, (
        f"tick ran {len(ticks.starts)} time(s) in {elapsed:.1f} s with an interval of "
        f"{interval} s; expected a tick about every {interval} s."
    )
    gap = min(b - a for a, b in itertools.pairwise(ticks.starts))
    if gap > interval + SLOW_GAP and min(late, default=0) > SLOW_GAP / 2:
        not_gradable("the machine was too busy to time the ticks",
                     "rerun the test on a less busy machine")
    assert gap <= interval + SLOW_GAP, (
        f"the ticks came {gap:.2f} s apart at best with an interval of {interval} s; "
        f"expected about {interval} s. Wait the `interval` you are given, not a fixed time."
    )
    gaps = [b - a for a, b in itertools.pairwise(ticks.starts)]
    typical = statistics.median(gaps)
    overshoot = statistics.median(late) if late else 0.0
    longest = LONG_GAP * interval + TICK_SLACK + max(0.0, overshoot)
    if typical > longest and overshoot > interval / 2:
        not_gradable("the machine was too busy to time the ticks (the test's own sleeps "
                     f"of {interval} s overshot by {overshoot:.3f} s)",
                     "rerun the test on a less busy machine")
    assert typical <= longest, (
        f"the ticks came {typical:.3f} s apart (the median of {len(gaps)} gaps) with an "
        f"interval of {interval} s; expected about {interval} s, at most {longest:.3f} s "
        f"(the test's own sleeps of {interval} s overshot by {overshoot:.3f} s). Wait the "
        "`interval` you are given between ticks, not a fixed time or a multiple of it: "
        "`event.wait(interval)`."
    )


def test_stop_ends_the_thread_and_the_ticks():
    before = set(threading.enumerate())
    ticks = Ticks(seconds=0.1)  # stop() usually arrives in the middle of the first tick
    stop, caller = _start(ticks, interval=0.01)
    _wait_for_ticks(ticks, 1, 0.01, deadline=5.0)
    stop()
    left = [t for t in threading.enumerate()
            if t not in before and t is not caller and t.is_alive()]
    count = len(ticks.threads)
    time.sleep(0.05)
    assert not left, (
        f"after stop() returned, {len(left)} ticker thread(s) were still alive; stop() must "
        "set the event and then join the thread."
    )
    assert len(ticks.threads) == count, (
        f"tick ran {len(ticks.threads) - count} more time(s) after stop() returned; expected 0."
    )


def test_stop_does_not_wait_out_the_interval():
    ticks = Ticks()
    interval = 6.0
    stop, _ = _start(ticks, interval=interval)
    time.sleep(0.05)
    start = time.perf_counter()
    stop()
    took = time.perf_counter() - start
    assert took < interval / 2, (
        f"stop() took {took:.1f} s with an interval of {interval:.0f} s; expected far less. "
        "Wait with `event.wait(interval)`, which returns as soon as the event is set, "
        "instead of `time.sleep(interval)`, which cannot be interrupted."
    )


def test_no_tick_starts_once_stop_is_called():
    ticks = Ticks()
    stop, _ = _start(ticks, interval=6.0)
    # Give a tick-first loop its first tick (a wait-first loop makes none for 6 s): the
    # ticker is then waiting out an interval, whichever it is.
    deadline = time.perf_counter() + 2.0
    while not ticks.starts and time.perf_counter() < deadline:
        time.sleep(0.01)
    before = len(ticks.starts)
    stop()
    extra = len(ticks.starts) - before
    assert extra == 0, (
        f"tick ran {extra} more time(s) after stop() was called while the ticker was "
        "waiting; expected none: a stopped ticker must not tick once more on its way out. "
        "Check the event between the wait and the tick: `while not event.wait(interval): "
        "tick()`, or tick first, then wait, at the top of `while not event.is_set():`."
    )
