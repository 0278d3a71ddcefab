"""Every per-test limit (the manifest calls the time limit the kata's `budget`), in one place.

| limit | value | what happens |
|---|---|---|
| time | the kata's `budget` | timeout: the test is interrupted, processes it started are killed |
| time, swallowed | budget + TIME_GRACE | the test process is ended; the record keeps the timeout |
| processes | PROCESS_LIMIT started | error: they are killed |
| memory | MEMORY_LIMIT of growth | error: the test is interrupted |
| output | OUTPUT_LIMIT characters | a pass becomes a failure; the output is cut |
| leftovers | LEFTOVER_GRACE after the test | a pass or not gradable fails; processes are killed |
| busy threads | BUSY_SHARE of a core over BUSY_SAMPLE | the same, for the kata's daemon threads |
| exit | EXIT_GRACE after the run | the run's exit handlers are cut short |

pytest-timeout reads the time budget (the plugin sets a `timeout` marker from the manifest)
and calls the `pytest_timeout_set_timer` hook; the plugin answers it with a `Budget` instead
of pytest-timeout's own timer, because a kata's timeout must also kill the processes the test
started and carry the stack of every thread into the verdict. `graders.verdicts` turns the
problems found here into a verdict; `graders.processes` holds the mechanism (pids, kill).

The test is interrupted by a signal handler that raises in the main thread. Where the OS has
SIGALRM (Linux, macOS), a real timer signal calls it, which also breaks a blocking call such as
`time.sleep`. Windows has no SIGALRM: a timer thread then asks the main thread to run the same
handler at its next bytecode (`_thread.interrupt_main`). That cannot break a call blocked in C
(a deadlocked `join()`): at budget + TIME_GRACE the watchdog records the timeout and ends the
process running the test. In a kata run that process is the one pytest-xdist worker (see
graders.plugin): the controller keeps the timeout, starts a new worker and grades the other
tests (tests/test_portability.py proves it under a simulated Windows). Run in the pytest
process itself (`-n 0`), the run ends there, with the record written up to that test.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from types import FrameType

import psutil

from graders.impl import is_student_code
from graders.processes import (
    descendants,
    kill,
    memory,
    own_memory,
    running_threads,
    shut_down_owners,
    started_since,
    thread_cpu_seconds,
)
from graders.verdicts import KataLimit, KataTimeout

# The one capability check for the time budget (see the module's docstring).
HAS_ALARM = hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer")
# The signal whose handler interrupts the test. Without SIGALRM no real signal is sent:
# SIGTERM's handler is only run on request (on Windows no other process can call it).
SIGNUM = signal.SIGALRM if HAS_ALARM else signal.SIGTERM

TIME_GRACE = 4.0  # seconds a swallowed timeout gets before the test process is ended
PROCESS_LIMIT = 64  # processes a test may start
MEMORY_LIMIT = 2 * 1024**3  # bytes of growth over the test's start
OUTPUT_LIMIT = 1_000_000  # characters of captured output a test may print
LEFTOVER_GRACE = 1.0  # seconds a finished test's processes and threads get to end
BUSY_SAMPLE = 0.2  # seconds a daemon thread of the kata's is watched after its test
BUSY_SHARE = 0.25  # CPU-seconds per second it may use then (blocked on a queue: 0)
EXIT_GRACE = 20.0  # seconds the interpreter's exit handlers get after the run

FRAMES_PER_THREAD = 8
OUTPUT_KEPT = 2000  # characters of each output section kept when the output is cut
GRADER = "kata-"  # how the grader's own threads are named
WATCHDOG = "kata-budget-watchdog"
ALARM = "kata-budget-alarm"  # the timer thread standing in for SIGALRM
MONITOR = "kata-resource-monitor"
VERDICT = "kata-budget-verdict"  # raises the verdict when a call that ignored it returns
POLL = 0.1     # seconds between reads of this process's memory
SCAN = 0.5     # seconds between scans of the test's child processes

# What else must stop when a test is stopped inside its budget (time or a limit): each hook
# gets the frame the test was interrupted in, once, in the main thread, before the verdict is
# raised. The engines register here (graders/support/engines.py) to cancel the jobs, futures
# and tasks still running for the test. A hook must not wait: it runs inside the signal
# handler, possibly while the test holds the connection it would wait on.
#
# Some engine calls wait on in C and ignore what the handler raises (Ray's `ray.get` keeps
# waiting, and its answer then comes back as a SystemError). A hook that finds the test
# blocked in such a call returns the work that ends the call (cancel its tasks) instead of
# starting it: the verdict is then raised when the call returns to Python, and that work only
# starts once the verdict is set to be raised there.
ExpiryHook = Callable[[FrameType | None], Callable[[], None] | None]
EXPIRY_HOOKS: list[ExpiryHook] = []


@contextlib.contextmanager
def on_expiry(hook: ExpiryHook) -> Iterator[None]:
    """Within the block, every budget that stops a test calls `hook(interrupted_frame)`."""
    EXPIRY_HOOKS.append(hook)
    try:
        yield
    finally:
        EXPIRY_HOOKS.remove(hook)


def run_expiry_hooks(frame: FrameType | None) -> list[Callable[[], None]]:
    """Call every hook; one that fails must not keep the verdict from being raised. Returns
    the work that ends a call which ignores the raise (see above)."""
    later = []
    for hook in list(EXPIRY_HOOKS):
        with contextlib.suppress(Exception):
            work = hook(frame)
            if work is not None:
                later.append(work)
    return later


def raise_in_main_thread(error: type[BaseException]) -> None:
    """Have the main thread raise `error` at the next Python instruction it runs (CPython
    only: elsewhere the call ends with the engine's own error)."""
    try:
        import ctypes
        set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
    except (ImportError, AttributeError):
        return
    set_async_exc(ctypes.c_ulong(threading.main_thread().ident or 0), ctypes.py_object(error))


def thread_stacks(main_frame: FrameType | None) -> str:
    """The innermost frames of every thread: where each one was when the test was stopped."""
    names = {t.ident: t.name for t in threading.enumerate()}
    frames = dict(sys._current_frames())
    if main_frame is not None:
        frames[threading.main_thread().ident] = main_frame
    parts = []
    for ident, frame in frames.items():
        if names.get(ident, "").startswith(GRADER):  # the budget's and the engines' own
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
        self.stopped = False  # the expiry hooks have run
        self.children_memory = 0  # own bytes (USS) of the test's processes at the last scan
        self.finished = threading.Event()
        self.previous_handler: Callable | int = signal.SIG_DFL  # SIGNUM's, restored by cancel()
        self.alarm: threading.Timer | None = None  # without SIGALRM only
        self.alarm_lock = threading.RLock()  # the handler may run while the main thread holds it
        self.watchdog = threading.Timer(seconds + TIME_GRACE, self._hard_timeout)
        self.watchdog.name = WATCHDOG
        self.watchdog.daemon = True
        # Two monitors: a kata hogging the GIL in long C calls makes every read wait for it,
        # and a scan of child processes is many reads; the memory check (one read) must not
        # wait behind it while the test's memory grows by gigabytes a second.
        self.monitors = [threading.Thread(target=watch, name=MONITOR, daemon=True)
                         for watch in (self._watch_memory, self._watch_processes)]

    def start(self) -> None:
        previous = signal.signal(SIGNUM, self._expire)
        self.previous_handler = signal.SIG_DFL if previous is None else previous  # None: set in C
        self._arm(self.seconds)
        self.watchdog.start()
        for monitor in self.monitors:
            monitor.start()

    def cancel(self) -> None:
        self.finished.set()  # first: a handler call already on its way now returns quietly
        self._arm(0)
        signal.signal(SIGNUM, self.previous_handler)
        self.watchdog.cancel()

    def _arm(self, seconds: float) -> None:
        """Run the handler (`_expire`) in the main thread `seconds` from now; 0 disarms."""
        if HAS_ALARM:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return
        with self.alarm_lock:
            if self.alarm is not None:
                self.alarm.cancel()
            self.alarm = None
            if seconds > 0:
                self.alarm = threading.Timer(seconds, self._interrupt_main)
                self.alarm.name = ALARM
                self.alarm.daemon = True
                self.alarm.start()

    def _interrupt_main(self) -> None:
        with self.alarm_lock:  # never after cancel() has disarmed
            if not self.finished.is_set():
                _thread.interrupt_main(SIGNUM)

    def _watch_memory(self) -> None:
        while not self.finished.wait(POLL) and not self.limit:
            grown = own_memory() + self.children_memory - self.baseline_memory
            if grown > MEMORY_LIMIT:
                self._stop_test(self._memory_limit(grown))

    def _watch_processes(self) -> None:
        while not self.finished.wait(SCAN) and not self.limit:
            processes = started_since(self.before)
            # The count first, so a fork bomb is named as such; the children's memory is what
            # each holds of its own (USS), so pages they share with this process count once.
            if len(processes) > PROCESS_LIMIT:
                self._stop_test(self._process_limit(len(processes)))
                return
            self.children_memory = memory(processes)

    def _stop_test(self, limit: str) -> None:
        self.limit = limit
        self._arm(0.001)  # interrupt the test now
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
        if self.finished.is_set():
            return
        later = []
        if not self.stopped:  # first the engines' work, before the test's processes are killed
            self.stopped = True
            later = run_expiry_hooks(frame)
        if not self.limit and not self.message:
            stacks = thread_stacks(frame)
            killed = kill(started_since(self.before))
            self.message = (
                f"the test ran past its time budget of {self.seconds:g} s and was stopped"
                f" ({killed} process(es) it started were killed). Look for a loop that never"
                f" ends, a lock or queue that is never released, or a pool that is never"
                f" closed. Where each thread was:\n{stacks}"
            )
        if later:  # raising here would be ignored: raise when the call returns
            threading.Thread(target=self._raise_on_return, args=(later,), name=VERDICT,
                             daemon=True).start()
            return  # not re-armed: the watchdog ends a call that never returns
        # Raise again every second in case the kata swallows the first one.
        self._arm(1.0)
        raise KataLimit(self.limit) if self.limit else KataTimeout(self.message)

    def _raise_on_return(self, later: list[Callable[[], None]]) -> None:
        """Once the main thread has left the handler, set the verdict to be raised at its next
        Python instruction, then end the call it waits in (only then: ended first, the call
        could return before the verdict is set)."""
        deadline = time.monotonic() + TIME_GRACE
        while self._in_handler() and time.monotonic() < deadline:
            time.sleep(0.001)
        if self.finished.is_set():  # the test is over: nothing to raise in, nothing to end
            return
        raise_in_main_thread(self._verdict_type())
        for work in later:
            with contextlib.suppress(Exception):
                work()

    def _verdict_type(self) -> type[BaseException]:
        """KataLimit or KataTimeout, made with no argument (an asynchronous raise makes the
        exception from its type alone) and carrying this budget's message."""
        verdict, text = (KataLimit, self.limit) if self.limit else (KataTimeout, self.message)

        def __init__(error: BaseException) -> None:
            verdict.__init__(error, text)

        return type(verdict.__name__, (verdict,),
                    {"__init__": __init__, "__module__": verdict.__module__})

    @staticmethod
    def _in_handler() -> bool:
        frame = sys._current_frames().get(threading.main_thread().ident)
        while frame is not None:
            if frame.f_code is Budget._expire.__code__:
                return True
            frame = frame.f_back
        return False

    def _hard_timeout(self) -> None:
        kill(started_since(self.before))
        message = self.limit or self.message or (
            f"the test ran past its time budget of {self.seconds:g} s and could not be"
            f" interrupted; the test process was ended.\n{thread_stacks(None)}"
        )
        self.on_hard_timeout(message)
        os._exit(1)


# --- after the test ----------------------------------------------------------------------------


def output_flood(sections: list[tuple[str, str]]) -> tuple[str | None, list[tuple[str, str]]]:
    """The problem when a test printed more than OUTPUT_LIMIT, and its output sections (cut
    to their start when it did)."""
    printed = sum(len(text) for title, text in sections if "Captured std" in title)
    if printed <= OUTPUT_LIMIT:
        return None, sections
    cut = [(title, text[:OUTPUT_KEPT] + "\n[... output cut ...]") for title, text in sections]
    return (f"the test printed {printed / 1e6:.1f} MB of output; the limit is "
            f"{OUTPUT_LIMIT / 1e6:g} MB (remove prints inside loops)"), cut


def student_file(thread: threading.Thread) -> str | None:
    """The student file whose code `thread` runs (its target or its own `run`), if any."""
    target = getattr(thread, "_target", None)
    if target is None and type(thread).run is not threading.Thread.run:
        target = type(thread).run
    code = getattr(target, "__code__", None)
    return code.co_filename if code is not None and is_student_code(code.co_filename) else None


def busy_student_threads(before: set[threading.Thread]) -> list[threading.Thread]:
    """Daemon threads running the kata's code, started since `before`, that keep using CPU:
    one blocked on a queue is fine (the queue module's own example leaves them so), one
    spinning makes the machine look busy to every later timing check."""
    watched = [t for t in threading.enumerate()
               if t not in before and t.daemon and student_file(t)]
    if not watched:
        return []
    before = thread_cpu_seconds()
    time.sleep(BUSY_SAMPLE)
    after = thread_cpu_seconds()
    return [t for t in watched if t.native_id is not None and
            after.get(t.native_id, 0.0) - before.get(t.native_id, 0.0) > BUSY_SHARE * BUSY_SAMPLE]


def leftovers(before_pids: set[int], before_threads: set[threading.Thread]) -> str | None:
    """What a finished test left running, after LEFTOVER_GRACE to finish; None if nothing.

    Leftover processes are killed (and the pools that own them closed); leftover threads
    cannot be, so they are only named.
    """
    deadline = time.monotonic() + LEFTOVER_GRACE
    processes = started_since(before_pids)
    _, alive = psutil.wait_procs(processes, timeout=LEFTOVER_GRACE)
    threads = [t for t in running_threads() - before_threads if not t.daemon]
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    threads = [t for t in threads if t.is_alive()]
    parts = []
    if alive:
        shut_down_owners({p.pid for p in alive})
        kill(started_since(before_pids))
        parts.append(f"{len(alive)} process(es) still running (a pool or cluster never "
                     "closed? use `with ... as pool:` so it shuts down)")
    if threads:
        names = ", ".join(t.name for t in threads)
        parts.append(f"{len(threads)} thread(s) still running ({names}; join every thread "
                     "you start, or use a `with ThreadPoolExecutor()` block)")
    busy = busy_student_threads(before_threads)
    if busy:
        names = ", ".join(t.name for t in busy)
        parts.append(f"{len(busy)} daemon thread(s) of its code still using CPU ({names}; "
                     "stop every thread you start before returning)")
    return "the kata returned but left " + " and ".join(parts) if parts else None


# --- after the run -----------------------------------------------------------------------------


def guard_exit(status: int) -> None:
    """End the run with `status` even if a kata broke the interpreter's exit: now when a
    thread it started is stuck (the interpreter would wait for it forever), else after
    EXIT_GRACE seconds of exit handlers (a pool whose worker was killed holding the pool's
    lock waits for it forever)."""
    stuck = [t for t in threading.enumerate()
             if t is not threading.main_thread() and t.is_alive() and not t.daemon]
    if stuck:
        _exit_now(status)
    guard = threading.Timer(EXIT_GRACE, _exit_now, args=(status,))
    guard.daemon = True
    guard.start()


def _exit_now(status: int) -> None:
    """End now, killing what is still running below us: anything alive at this point (a
    pool that kept replacing the workers it lost) was left behind by a kata."""
    kill(started_since(set()))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)
