import threading
import time

from stoppable_ticker import start_ticker


class Ticks:
    """tick(): records the thread it ran in, then takes `seconds` to finish."""

    def __init__(self, seconds: float = 0.0) -> None:
        self.seconds = seconds
        self.threads: list[int] = []

    def __call__(self) -> None:
        self.threads.append(threading.get_ident())
        time.sleep(self.seconds)


def test_ticks_run_in_a_background_thread():
    ticks = Ticks()
    stop = start_ticker(ticks, interval=0.01)
    time.sleep(0.2)
    stop()
    assert len(ticks.threads) >= 3, (
        f"tick ran {len(ticks.threads)} time(s) in 0.2 s at an interval of 0.01 s; expected "
        "several. Loop in the background thread: tick, then wait `interval`."
    )
    assert threading.get_ident() not in ticks.threads, (
        "tick ran in the caller's thread; start_ticker must return at once and tick in a "
        "threading.Thread of its own."
    )


def test_stop_ends_the_thread_and_the_ticks():
    before = set(threading.enumerate())
    ticks = Ticks(seconds=0.1)  # stop() arrives in the middle of the first tick
    stop = start_ticker(ticks, interval=0.01)
    time.sleep(0.05)
    stop()
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
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
    stop = start_ticker(ticks, interval=5.0)
    time.sleep(0.05)
    start = time.perf_counter()
    stop()
    took = time.perf_counter() - start
    assert took < 1.0, (
        f"stop() took {took:.1f} s with an interval of 5 s; expected well under 1 s. Wait with "
        "`event.wait(interval)`, which returns as soon as the event is set, instead of "
        "`time.sleep(interval)`, which cannot be interrupted."
    )
