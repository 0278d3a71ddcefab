"""Test-side helpers for 02_threading and 03_multiprocessing.

Everything a test sends to a thread or a worker process lives here, at module level, so it
pickles by reference under every start method (fork, spawn, forkserver). Students never edit
this file; the kata tests pass these probes into the students' functions.
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import random
import sys
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import NamedTuple

import psutil

BARRIER_TIMEOUT = 3.0  # seconds a probe waits for the others before the barrier breaks
# Worker processes may start seconds apart on a busy machine (each imports an interpreter).
PROCESS_BARRIER_TIMEOUT = 10.0
WAIT_LIMIT = 5.0  # seconds a probe waits for another call's evidence before it gives up


# --- start methods: which ones this OS offers, and which one started a worker -----------------


def start_methods() -> list[str]:
    """The start methods to grade process katas under, here: the ones this OS offers and
    supports. Windows has only spawn. macOS has fork too, but forking a process that uses
    system frameworks can crash it, and fork has not been the macOS default since Python 3.8,
    so it is not offered there."""
    wanted = ["spawn", "forkserver"] + ([] if sys.platform == "darwin" else ["fork"])
    available = multiprocessing.get_all_start_methods()
    return [m for m in wanted if m in available]


def default_start_method() -> str:
    """The start method for tests that are not about start methods: forkserver where the OS
    has it (the Linux default from Python 3.14), else spawn."""
    offered = start_methods()
    return "forkserver" if "forkserver" in offered else offered[0]


def process_context(method: str | None = None) -> BaseContext:
    """The multiprocessing context of `method` (default_start_method() when None)."""
    return multiprocessing.get_context(method or default_start_method())


_started_by: dict[int, str] = {}


def start_method_here() -> str:
    """How this process was started, read by the process itself from its own command line.

    A spawn worker runs `python -c 'from multiprocessing.spawn import spawn_main; ...'`, a
    forkserver worker is forked from a server started as `python -c 'from
    multiprocessing.forkserver import main; ...'`, and a fork worker is a copy of its parent
    and keeps the parent's command line. "main" is a process that no multiprocessing start
    method started (the test's own process).
    """
    pid = os.getpid()
    if pid not in _started_by:  # keyed by pid: a fork child inherits this dict
        if multiprocessing.parent_process() is None:
            method = "main"
        else:
            line = " ".join(psutil.Process(pid).cmdline())
            method = ("forkserver" if "multiprocessing.forkserver" in line
                      else "spawn" if "spawn_main" in line or "--multiprocessing-fork" in line
                      else "fork")
        _started_by[pid] = method
    return _started_by[pid]


def start_method_probe(_: object = None) -> str:
    """start_method_here(), as a task for a pool."""
    return start_method_here()


# --- probes that record where and when they ran ---------------------------------------------


class Visit(NamedTuple):
    """Where and when one call ran."""

    item: object
    pid: int
    thread: int
    start: float
    end: float
    met: bool  # True when the barrier saw every party arrive
    method: str = "main"  # the start method of the process it ran in (start_method_here)


def barrier_probe(barrier, item: object, timeout: float = BARRIER_TIMEOUT) -> Visit:
    """Wait at `barrier` (a k-party barrier) and return where and when this call ran.

    k calls can only all pass the barrier if k of them run at the same time; a serial loop
    breaks it after `timeout` seconds, and then every later call fails at once.
    """
    start = time.perf_counter()
    try:
        barrier.wait(timeout=timeout)
        met = True
    except threading.BrokenBarrierError:
        met = False
    return Visit(item, os.getpid(), threading.get_ident(), start, time.perf_counter(), met,
                 start_method_here())


def where_probe(item: object) -> Visit:
    """Return where this call ran, without waiting for anything."""
    now = time.perf_counter()
    return Visit(item, os.getpid(), threading.get_ident(), now, now, True, start_method_here())


def square(x: int) -> int:
    return x * x


def negate(x: int) -> int:
    """-x: results that sort the other way round from their inputs."""
    return -x


@dataclass(frozen=True)
class FinishLast:
    """negate(x), except that the call for item `first` returns only after the call for item
    `last` has returned (it leaves a file in `folder`), and `hold` seconds more: results
    taken as they finish (as_completed) then come out in another order than the items. Every
    call also leaves a file, so runs(folder) counts how often each item ran."""

    first: int
    last: int
    folder: str
    hold: float = 0.3

    def __call__(self, x: int) -> int:
        Path(self.folder, f"ran_{x}_{os.urandom(4).hex()}").touch()
        done = Path(self.folder, "last-done")
        if x == self.first:
            deadline = time.monotonic() + WAIT_LIMIT
            while not done.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(self.hold)
        elif x == self.last:
            done.touch()
        return -x


def runs(folder: str) -> dict[int, int]:
    """How many times FinishLast ran each item."""
    counts: dict[int, int] = {}
    for path in Path(folder).glob("ran_*"):
        item = int(path.name.split("_")[1])
        counts[item] = counts.get(item, 0) + 1
    return counts


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


def _rebuild_counted_probe() -> CountedProbe:
    return CountedProbe()


class CountedProbe:
    """where_probe(x) that counts, in the parent, how many times it was pickled.

    A pool pickles the function once per task it sends (a chunk of items is one task), so the
    count is the number of tasks sent to worker processes; each result says where it ran.
    """

    def __call__(self, x: object) -> Visit:
        return where_probe(x)

    def __reduce__(self):
        with _pickle_lock:
            _pickled[0] += 1
        return (_rebuild_counted_probe, ())

    @staticmethod
    def reset() -> None:
        with _pickle_lock:
            _pickled[0] = 0

    @staticmethod
    def tasks_sent() -> int:
        with _pickle_lock:
            return _pickled[0]


# --- cpu speedup: the work done, chunk by chunk ------------------------------------------------


class Chunk(NamedTuple):
    start: int
    stop: int
    pid: int
    method: str


@dataclass(frozen=True)
class WorkLog:
    """count(start, stop) for cpu_speedup: the primes in [start, stop), and one file per call in
    `folder` naming the range, the process that counted it and that process's start method."""

    folder: str

    def __call__(self, start: int, stop: int) -> int:
        name = f"{start}_{stop}_{os.getpid()}_{start_method_here()}_{os.urandom(4).hex()}"
        Path(self.folder, name).touch()
        return _count_primes(start, stop)


def _count_primes(start: int, stop: int) -> int:
    from graders.support.speedup import count_primes_in_range  # speedup is heavier; load late

    return count_primes_in_range(start, stop)


def work_done(folder: str) -> list[Chunk]:
    """Every call of a WorkLog, in the order of the ranges."""
    chunks = []
    for path in Path(folder).iterdir():
        start, stop, pid, method, _ = path.name.split("_")
        chunks.append(Chunk(int(start), int(stop), int(pid), method))
    return sorted(chunks)


# --- proof of work: which first letters a search looked at, and in which order ----------------

_letters_seen: set[tuple[str, str]] = set()  # (folder, letter) this process has checked


@dataclass(frozen=True)
class SearchProbe:
    """check(candidate) for proof_of_work: true only for `base + answer`, answer in `answers`.

    The first check of each first letter in a process leaves a file in `folder` that names
    the letter, the process id and its start method, so the test can see across processes which
    letters were searched, and where. Two settings make the timing adversarial, by waiting for
    evidence rather than for the clock:
    - late_first: the check of answers[0] (the first in lexical order) returns only `hold`
      seconds after answers[1] was found, so a search that takes answers as they come in
      sees answers[1] first;
    - slow_misses: the first check of a letter with no answer waits until an answer was
      found and then holds `hold` seconds, so however busy the machine, letters still queued
      when the answer is known can be cancelled before any worker is free to start them.
    With `together=k`, the first check of a letter waits until k letters have been started
    (at most PROCESS_BARRIER_TIMEOUT seconds, as workers may be slow to start), and leaves
    an `apart_<letter>` file if they never were:
    the first k letters meet only if k processes search at once.
    """

    base: str
    answers: tuple[str, ...]
    folder: str
    late_first: bool = False
    slow_misses: bool = False
    together: int = 0
    hold: float = 0.75

    def __call__(self, candidate: str) -> bool:
        suffix = candidate[len(self.base):] if candidate.startswith(self.base) else "="
        letter = suffix[:1]
        first_time = (self.folder, letter) not in _letters_seen
        if first_time:
            _letters_seen.add((self.folder, letter))
            # All in the name: a file is created at once, even by a worker killed right after.
            Path(self.folder, f"letter_{letter}_{os.getpid()}_{start_method_here()}").touch()
            if self.together and not self._letters_started(self.together):
                Path(self.folder, f"apart_{letter}").touch()
        found = suffix in self.answers
        if found:
            Path(self.folder, f"found-{suffix}").touch()
        if self.late_first and suffix == self.answers[0]:
            self._wait_for(f"found-{self.answers[1]}")
        elif self.slow_misses and first_time and not any(
                a.startswith(letter) for a in self.answers):
            self._wait_for("found-*")
        return found

    def _letters_started(self, count: int) -> bool:
        deadline = time.monotonic() + PROCESS_BARRIER_TIMEOUT
        while len(list(Path(self.folder).glob("letter_*"))) < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _wait_for(self, pattern: str) -> None:
        deadline = time.monotonic() + WAIT_LIMIT
        while not any(Path(self.folder).glob(pattern)) and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(self.hold)


class Searched(NamedTuple):
    letter: str
    pid: int
    method: str


def letters_searched(folder: str) -> list[Searched]:
    """The first letters a SearchProbe saw, in alphabetical order, with where they ran."""
    found = []
    for path in Path(folder).glob("letter_*"):
        _, letter, pid, method = path.name.split("_")
        found.append(Searched(letter, int(pid), method))
    return sorted(found)


@dataclass(frozen=True)
class AdlerRule:
    """The course's check, computed here (not by the kata): adler32 in decimal ends with rule."""

    rule: str

    def __call__(self, text: str) -> bool:
        return str(zlib.adler32(text.encode())).endswith(self.rule)


# --- stable partition: keys that report the process they arrive in ---------------------------


class TracedKey(str):
    """A str key that, unpickled in another process, leaves a file in `folder` naming that
    process and its start method, and arrives there as a plain str. With `together=k`, the
    first key to arrive in a process waits (at most PROCESS_BARRIER_TIMEOUT seconds, as
    workers may be slow to start) until keys have arrived in k processes: a pool of k
    processes then has all k receive keys."""

    folder: str
    together: int

    def __new__(cls, value: str, folder: str, together: int = 0) -> TracedKey:
        key = super().__new__(cls, value)
        key.folder = folder
        key.together = together
        return key

    def __reduce__(self):
        return (_arrive, (str(self), self.folder, self.together))


_arrived_in: set[str] = set()  # the folders whose keys have arrived in this process


def _arrive(key: str, folder: str, together: int = 0) -> str:
    Path(folder, f"{os.getpid()}_{start_method_here()}").touch()
    if together and folder not in _arrived_in:
        _arrived_in.add(folder)
        deadline = time.monotonic() + PROCESS_BARRIER_TIMEOUT
        while len(arrivals(folder)) < together and time.monotonic() < deadline:
            time.sleep(0.01)
    return key


def arrivals(folder: str) -> set[tuple[int, str]]:
    """(pid, start method) of every process that received a TracedKey."""
    return {(int(pid), method) for pid, method in
            (p.name.split("_") for p in Path(folder).iterdir())}


def noting_calls_here(fn: Callable, calls: list) -> Callable:
    """`fn`, noting in `calls` the arguments of every call made in this process.

    The wrapper keeps fn's module and name, so a pool pickles it by reference: a spawn or
    forkserver worker unpickles the kata's own fn, and a forked worker, which inherits the
    wrapper, is another process, so its calls are not noted."""
    here = os.getpid()

    @functools.wraps(fn)
    def noting(*args, **kwargs):
        if os.getpid() == here:
            calls.append(args)
        return fn(*args, **kwargs)

    return noting


# --- evolution: a deterministic toy episode -----------------------------------------------------


class RanInTheParent(RuntimeError):
    """An episode that had to run in a pool worker ran in the test's own process."""


def toy_episode(params: tuple[float, ...], seed: int, forbid_pid: int | None = None) -> float:
    """A noisy score for params: higher is better, best at every parameter = 0.5.

    The noise comes only from `seed`, so the same (params, seed) always gives the same score,
    in any process. With `forbid_pid`, running in that process raises RanInTheParent (proves a
    pool ran it).
    """
    if forbid_pid is not None and os.getpid() == forbid_pid:
        raise RanInTheParent("the episode ran in the test's own process, not in a pool worker")
    noise = random.Random(seed).gauss(0.0, 0.01)
    return -sum((p - 0.5) ** 2 for p in params) + noise


class EpisodeLog:
    """toy_episode that remembers every (params, seed) it was called with (in this process)."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[float, ...], int]] = []

    def __call__(self, params: tuple[float, ...], seed: int) -> float:
        self.calls.append((params, seed))
        return toy_episode(params, seed)


# --- crashes ------------------------------------------------------------------------------------


# The culprit dies soon, but not at once (a pool that breaks while the kata is still
# submitting makes pool.submit raise, which is not what the kata is about); its neighbours
# take longer, so they are still unfinished when the pool breaks under them.
CRASH_DELAY = 0.05
NEIGHBOUR_TIME = 0.3


def crash_on(bad: int | tuple[int, ...], x: int) -> int:
    """x * x, except that the item(s) `bad` kill their worker process outright (no exception)."""
    if x == bad or (isinstance(bad, tuple) and x in bad):
        time.sleep(CRASH_DELAY)
        os._exit(3)
    time.sleep(NEIGHBOUR_TIME)
    return x * x


def crash_or_where(bad: int, x: int) -> Visit:
    """where_probe(x), except that item `bad` kills its worker process outright."""
    if x == bad:
        time.sleep(CRASH_DELAY)
        os._exit(3)
    time.sleep(NEIGHBOUR_TIME)
    return where_probe(x)


@dataclass(frozen=True)
class CrashAfterTheOthers:
    """x * x, except that item `bad` kills its worker, but only once `others` other items
    have run and `hold` seconds more: by then their results are back in the parent, so a
    retry has no reason to run them again. Every call leaves a file, so runs(folder) counts
    how often each item ran."""

    bad: int
    others: int
    folder: str
    hold: float = 0.5

    def __call__(self, x: int) -> int:
        Path(self.folder, f"ran_{x}_{os.urandom(4).hex()}").touch()
        if x == self.bad:
            deadline = time.monotonic() + WAIT_LIMIT
            while self._others_ran() < self.others and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(self.hold)
            os._exit(3)
        return x * x

    def _others_ran(self) -> int:
        return sum(1 for path in Path(self.folder).glob("ran_*")
                   if not path.name.startswith(f"ran_{self.bad}_"))


def raise_on(bad: int, x: int) -> int:
    """x * x, except that item `bad` raises ValueError (an ordinary task error)."""
    if x == bad:
        raise ValueError(f"item {x} is bad")
    return x * x
