"""Time and resource budgets: stop a test that runs too long or grows without bound.

pytest-timeout reads the time budget (the plugin sets a `timeout` marker from the manifest)
and calls the `pytest_timeout_set_timer` hook; the plugin answers it with a `Budget` instead
of pytest-timeout's own timer, because a kata's timeout must also kill the processes the test
started and carry the stack of every thread into the verdict. The same budget caps how many
processes a test may start and how much memory it may take, without harming the machine.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from types import FrameType

from graders.processes import descendants, kill, memory, own_memory, started_since
from graders.verdicts import KataLimit, KataTimeout

GRACE = 4.0  # seconds a swallowed timeout gets before the test process is ended
FRAMES_PER_THREAD = 8
WATCHDOG = "kata-budget-watchdog"
MONITOR = "kata-resource-monitor"
PROCESS_LIMIT = 64
MEMORY_LIMIT = 2 * 1024**3  # bytes of growth over the test's start
POLL = 0.1     # seconds between reads of this process's memory
SCAN = 0.5     # seconds between scans of the test's child processes


def thread_stacks(main_frame: FrameType | None) -> str:
    """The innermost frames of every thread: where each one was when the test was stopped."""
    names = {t.ident: t.name for t in threading.enumerate()}
    frames = dict(sys._current_frames())
    if main_frame is not None:
        frames[threading.main_thread().ident] = main_frame
    parts = []
    for ident, frame in frames.items():
        if names.get(ident) in (WATCHDOG, MONITOR):
            continue
        stack = traceback.format_stack(frame)[-FRAMES_PER_THREAD:]
        parts.append(f"--- thread {names.get(ident, ident)} ---\n{''.join(stack).rstrip()}")
    return "\n".join(parts)


class Budget:
    """The running timer and resource limits of one test."""

    def __init__(self, seconds: float, on_hard_timeout: Callable[[str], None]) -> None:
        self.seconds = seconds
        self.on_hard_timeout = on_hard_timeout
        self.before = descendants()
        self.baseline_memory = own_memory()
        self.message = ""
        self.limit = ""  # set by the monitors when a resource limit is crossed
        self.children_memory = 0  # resident bytes of the test's processes at the last scan
        self.finished = threading.Event()
        self.watchdog = threading.Timer(seconds + GRACE, self._hard_timeout)
        self.watchdog.name = WATCHDOG
        self.watchdog.daemon = True
        # Two monitors: a kata hogging the GIL in long C calls makes every read wait for it,
        # and a scan of child processes is many reads; the memory check (one read) must not
        # wait behind it while the test's memory grows by gigabytes a second.
        self.monitors = [threading.Thread(target=watch, name=MONITOR, daemon=True)
                         for watch in (self._watch_memory, self._watch_processes)]

    def start(self) -> None:
        signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self.watchdog.start()
        for monitor in self.monitors:
            monitor.start()

    def cancel(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        self.finished.set()
        self.watchdog.cancel()

    def _watch_memory(self) -> None:
        while not self.finished.wait(POLL) and not self.limit:
            grown = own_memory() + self.children_memory - self.baseline_memory
            if grown > MEMORY_LIMIT:
                self._stop_test(self._memory_limit(grown))

    def _watch_processes(self) -> None:
        while not self.finished.wait(SCAN) and not self.limit:
            processes = started_since(self.before)
            self.children_memory = memory(processes)
            if len(processes) > PROCESS_LIMIT:
                self._stop_test(self._process_limit(len(processes)))

    def _stop_test(self, limit: str) -> None:
        self.limit = limit
        signal.setitimer(signal.ITIMER_REAL, 0.001)  # interrupt the test now
        kill(started_since(self.before))

    @staticmethod
    def _memory_limit(grown: int) -> str:
        return (f"the test's memory grew by {grown / 1024**3:.1f} GiB; the limit is "
                f"{MEMORY_LIMIT / 1024**3:.0f} GiB. Process data in chunks instead of "
                "keeping it all.")

    @staticmethod
    def _process_limit(started: int) -> str:
        return (f"the test started {started} processes; the limit is {PROCESS_LIMIT}. They "
                "were killed. Start a fixed-size pool instead of a process per item.")

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if self.limit:
            signal.setitimer(signal.ITIMER_REAL, 1.0)
            raise KataLimit(self.limit)
        if not self.message:
            stacks = thread_stacks(frame)
            killed = kill(started_since(self.before))
            self.message = (
                f"the test ran past its time budget of {self.seconds:g} s and was stopped"
                f" ({killed} process(es) it started were killed). Look for a loop that never"
                f" ends, a lock or queue that is never released, or a pool that is never"
                f" closed. Where each thread was:\n{stacks}"
            )
        # Raise again every second in case the kata swallows the first one.
        signal.setitimer(signal.ITIMER_REAL, 1.0)
        raise KataTimeout(self.message)

    def _hard_timeout(self) -> None:
        kill(started_since(self.before))
        message = self.limit or self.message or (
            f"the test ran past its time budget of {self.seconds:g} s and could not be"
            f" interrupted; the test process was ended.\n{thread_stacks(None)}"
        )
        self.on_hard_timeout(message)
        os._exit(1)
