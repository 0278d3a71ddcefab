"""Time budgets: stop a test that runs too long, say where it was, and clean up after it.

pytest-timeout reads the budget (the plugin sets a `timeout` marker from the manifest) and
calls the `pytest_timeout_set_timer` hook; the plugin answers it with `arm` below instead of
pytest-timeout's own timer, because a kata's timeout must also kill the processes the test
started and carry the stack of every thread into the verdict.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from types import FrameType

import psutil

from graders.verdicts import KataTimeout

GRACE = 4.0  # seconds a swallowed timeout gets before the test process is ended
FRAMES_PER_THREAD = 8
WATCHDOG = "kata-budget-watchdog"


def _is_service(process: psutil.Process) -> bool:
    """multiprocessing's resource tracker serves the whole run and exits with it."""
    try:
        return "resource_tracker" in " ".join(process.cmdline())
    except psutil.Error:
        return True


def descendants() -> set[int]:
    """Pids of every process below this one (pool workers, fork servers, engines)."""
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        return set()
    return {p.pid for p in children if not _is_service(p)}


def kill(pids: set[int]) -> int:
    """Kill these processes (and their own children); return how many were alive."""
    processes = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            processes.extend([process, *process.children(recursive=True)])
        except psutil.Error:
            continue
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(processes, timeout=3)
    return len({p.pid for p in processes})


def thread_stacks(main_frame: FrameType | None) -> str:
    """The innermost frames of every thread: where each one was when time ran out."""
    names = {t.ident: t.name for t in threading.enumerate()}
    frames = dict(sys._current_frames())
    if main_frame is not None:
        frames[threading.main_thread().ident] = main_frame
    parts = []
    for ident, frame in frames.items():
        if names.get(ident) == WATCHDOG:
            continue
        stack = traceback.format_stack(frame)[-FRAMES_PER_THREAD:]
        parts.append(f"--- thread {names.get(ident, ident)} ---\n{''.join(stack).rstrip()}")
    return "\n".join(parts)


class Budget:
    """The running timer of one test."""

    def __init__(self, seconds: float, on_hard_timeout: Callable[[str], None]) -> None:
        self.seconds = seconds
        self.on_hard_timeout = on_hard_timeout
        self.before = descendants()
        self.message = ""
        self.watchdog = threading.Timer(seconds + GRACE, self._hard_timeout)
        self.watchdog.name = WATCHDOG
        self.watchdog.daemon = True

    def start(self) -> None:
        signal.signal(signal.SIGALRM, self._expire)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        self.watchdog.start()

    def cancel(self) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        self.watchdog.cancel()

    def _expire(self, signum: int, frame: FrameType | None) -> None:
        if not self.message:
            stacks = thread_stacks(frame)
            killed = kill(descendants() - self.before)
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
        kill(descendants() - self.before)
        message = self.message or (
            f"the test ran past its time budget of {self.seconds:g} s and could not be"
            f" interrupted; the test process was ended.\n{thread_stacks(None)}"
        )
        self.on_hard_timeout(message)
        os._exit(1)
