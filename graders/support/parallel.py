"""Test-side helpers for 02_threading and 03_multiprocessing.

Everything a test sends to a thread or a worker process lives here, at module level, so it
pickles by reference under every start method (fork, spawn, forkserver). Students never edit
this file; the kata tests pass these probes into the students' functions.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

BARRIER_TIMEOUT = 3.0  # seconds a probe waits for the others before the barrier breaks

# A module-level value the tests change in the parent: fork workers inherit the change,
# spawn and forkserver workers start from a fresh import and see the default.
MARKER = "fresh import"


def start_methods() -> list[str]:
    """Start methods to parametrise process tests over: spawn, forkserver, and fork if any."""
    available = multiprocessing.get_all_start_methods()
    return [m for m in ("spawn", "forkserver", "fork") if m in available]


# --- probes that record where and when they ran ---------------------------------------------


class Visit(NamedTuple):
    """Where and when one call ran."""

    item: object
    pid: int
    thread: int
    start: float
    end: float
    met: bool  # True when the barrier saw every party arrive


def barrier_probe(barrier, item: object) -> Visit:
    """Wait at `barrier` (a k-party barrier) and return where and when this call ran.

    k calls can only all pass the barrier if k of them run at the same time; a serial loop
    breaks it after BARRIER_TIMEOUT seconds, and then every later call fails at once.
    """
    start = time.perf_counter()
    try:
        barrier.wait(timeout=BARRIER_TIMEOUT)
        met = True
    except threading.BrokenBarrierError:
        met = False
    return Visit(item, os.getpid(), threading.get_ident(), start, time.perf_counter(), met)


def where_probe(item: object) -> Visit:
    """Return where this call ran, without waiting for anything."""
    now = time.perf_counter()
    return Visit(item, os.getpid(), threading.get_ident(), now, now, True)


def square(x: int) -> int:
    return x * x


def read_marker(_: object = None) -> str:
    """The value of MARKER as the process running this call sees it."""
    return MARKER


def worker_pid(_: object = None) -> int:
    return os.getpid()


def slow_square(x: int, delay: float = 0.05) -> int:
    time.sleep(delay)
    return x * x


class InFlight:
    """A thread-side probe: sleeps, and keeps the high-water mark of calls in flight."""

    def __init__(self, delay: float) -> None:
        self.delay = delay
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.threads: set[int] = set()

    def __call__(self, item: int) -> int:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.threads.add(threading.get_ident())
        time.sleep(self.delay)
        with self.lock:
            self.now -= 1
        return item * 10


class DelayedEcho:
    """fetch(item) that sleeps `delays[item]` seconds and returns item * 10."""

    def __init__(self, delays: dict[int, float]) -> None:
        self.delays = delays

    def __call__(self, item: int) -> int:
        time.sleep(self.delays[item])
        return item * 10


# --- races: a shared cell whose read-modify-write the test controls --------------------------


class RacyCell:
    """A shared integer whose read() yields the GIL, so an unlocked `write(read() + 1)` races.

    It also counts how many threads are between read() and write() at once: more than one means
    the critical section was not protected.
    """

    def __init__(self) -> None:
        self.value = 0
        self.inside = 0
        self.most_inside = 0
        # Thread objects, not idents: a thread that has ended may hand its ident to the next.
        self.threads: set[threading.Thread] = set()

    def read(self) -> int:
        self.threads.add(threading.current_thread())
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        value = self.value
        time.sleep(0)  # let another thread run between the read and the write
        return value

    def write(self, value: int) -> None:
        self.inside -= 1
        self.value = value


class SlowLock:
    """A Lock that pauses just after it is taken, to widen the window for a deadlock."""

    def __init__(self, pause: float = 0.002) -> None:
        self.lock = threading.Lock()
        self.pause = pause

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        got = self.lock.acquire(blocking, timeout)
        if got:
            time.sleep(self.pause)
        return got

    def release(self) -> None:
        self.lock.release()

    def locked(self) -> bool:
        return self.lock.locked()

    def __enter__(self) -> SlowLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class WatchedAccount:
    """A bank account for lock_ordering: records every balance change made without its lock."""

    def __init__(self, number: int, balance: int) -> None:
        self.number = number
        self.lock = SlowLock()
        self._balance = balance
        self.unlocked_writes = 0

    @property
    def balance(self) -> int:
        return self._balance

    @balance.setter
    def balance(self, value: int) -> None:
        if not self.lock.locked():
            self.unlocked_writes += 1
        self._balance = value

    def __repr__(self) -> str:
        return f"Account({self.number}, balance={self._balance})"


# --- CPU work with its own accounting -----------------------------------------------------


def burn(loops: int) -> int:
    """Pure-Python CPU work that holds the GIL the whole time."""
    total = 0
    for i in range(loops):
        total += i * i % 7
    return total


class CpuRecord(NamedTuple):
    thread: int
    start: float
    end: float
    cpu: float  # this thread's CPU seconds spent in the call


class CpuProbe:
    """work() for the GIL kata: burns CPU and records thread, wall interval and CPU time."""

    def __init__(self, loops: int = 150_000) -> None:
        self.loops = loops
        self.lock = threading.Lock()
        self.records: list[CpuRecord] = []

    def __call__(self) -> int:
        start, cpu = time.perf_counter(), time.thread_time()
        result = burn(self.loops)
        record = CpuRecord(threading.get_ident(), start, time.perf_counter(),
                           time.thread_time() - cpu)
        with self.lock:
            self.records.append(record)
        return result


# --- granularity: count how many tasks were sent by counting pickles --------------------------

_pickled = [0]
_pickle_lock = threading.Lock()


def _rebuild_counted_square() -> CountedSquare:
    return CountedSquare()


class CountedSquare:
    """x * x that counts, in the parent, how many times it was pickled.

    A pool pickles the function once per task it sends (a chunk of items is one task), so the
    count is the number of tasks sent to worker processes.
    """

    def __call__(self, x: int) -> int:
        return x * x

    def __reduce__(self):
        with _pickle_lock:
            _pickled[0] += 1
        return (_rebuild_counted_square, ())

    @staticmethod
    def reset() -> None:
        with _pickle_lock:
            _pickled[0] = 0

    @staticmethod
    def tasks_sent() -> int:
        with _pickle_lock:
            return _pickled[0]


# --- proof of work: which first letters a search looked at ------------------------------------


@dataclass(frozen=True)
class RecordingCheck:
    """check(candidate) for proof_of_work: true only for `base + answer`.

    It sleeps a little per call so that a search cannot finish everything at once, and
    touches one file per first letter of the suffix it sees, so the test can count, across
    processes, how much of the search ran.
    """

    base: str
    answer: str
    folder: str
    pause: float = 0.002

    def __call__(self, candidate: str) -> bool:
        suffix = candidate[len(self.base):]
        if suffix:
            Path(self.folder, suffix[0]).touch()
        time.sleep(self.pause)
        return suffix == self.answer


def letters_searched(folder: str) -> list[str]:
    return sorted(p.name for p in Path(folder).iterdir())


# --- evolution: a deterministic toy episode -----------------------------------------------------


def toy_episode(params: tuple[float, ...], seed: int, forbid_pid: int | None = None) -> float:
    """A noisy score for params: higher is better, best at every parameter = 0.5.

    The noise comes only from `seed`, so the same (params, seed) always gives the same score,
    in any process. With `forbid_pid`, running in that process is an error (proves a pool ran it).
    """
    if forbid_pid is not None and os.getpid() == forbid_pid:
        raise RuntimeError("the episode ran in the test's own process, not in a pool worker")
    noise = random.Random(seed).gauss(0.0, 0.01)
    return -sum((p - 0.5) ** 2 for p in params) + noise


# --- crashes ------------------------------------------------------------------------------------


def crash_on(bad: int, x: int) -> int:
    """x * x, except that item `bad` kills its worker process outright (no exception)."""
    if x == bad:
        os._exit(3)
    return x * x


def raise_on(bad: int, x: int) -> int:
    """x * x, except that item `bad` raises ValueError (an ordinary task error)."""
    if x == bad:
        raise ValueError(f"item {x} is bad")
    return x * x
