"""Probes for the 02_threading katas ticket_lock and batched_lock.

ticket_lock: who got the lock, in which order, and when.

The test takes the tickets itself, in an order it chooses, and starts the threads that wait
for them in another order; each thread records the moment it holds the lock. The evidence
is the order of the grants and how many threads held the lock at once, never how long
anything took. WAIT_LIMIT only bounds how long a test waits for a thread that never gets
its turn (a lost wake-up), so a broken lock fails instead of hanging.

batched_lock: a lock that counts its acquisitions and knows its holder, and can hold back
each thread's first acquisition until a given number of threads have asked (threads run one
after another show as a count, not as a duration); a cell that checks its writers; and
a share of numbers that counts the reads made while the reader holds the lock.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

WAIT_LIMIT = 15.0  # seconds to wait for threads that should all get their turn (ample at load 60)


class GrantLog:
    """Records, in order, the names of the threads that held the lock, and how many held it
    at the same moment (`most_inside`)."""

    def __init__(self) -> None:
        self.guard = threading.Lock()  # guards the log only, never the lock under test
        self.order: list[str] = []
        self.inside = 0
        self.most_inside = 0

    def enter(self, name: str) -> None:
        with self.guard:
            self.order.append(name)
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)

    def leave(self) -> None:
        with self.guard:
            self.inside -= 1


def hold_ticket(lock: Any, ticket: int, log: GrantLog, name: str, asking: threading.Event) -> None:
    """Wait for `ticket`'s turn, log the grant, let the others run a moment, release."""
    asking.set()
    lock.wait_turn(ticket)
    log.enter(name)
    threading.Event().wait(0.001)  # a real wait while holding: others may run now
    log.leave()
    lock.release()


def hold_repeatedly(lock: Any, first_ticket: int, rounds: int, log: GrantLog, name: str,
                    asking: threading.Event) -> None:
    """A greedy thread: hold the lock on `first_ticket`, then ask again at once, `rounds`
    times in all, each time with `with lock:` (which takes a fresh ticket)."""
    hold_ticket(lock, first_ticket, log, name, asking)
    for _ in range(rounds - 1):
        with lock:
            log.enter(name)
            log.leave()


def start_all(targets: list[tuple[Callable[..., None], tuple]]) -> list[threading.Thread]:
    """Start one daemon thread per (function, args) and return once each has begun asking
    for the lock (its `asking` Event, the last argument, is set)."""
    threads = [threading.Thread(target=f, args=args, daemon=True) for f, args in targets]
    for thread in threads:
        thread.start()
    for _, args in targets:
        args[-1].wait(WAIT_LIMIT)
    return threads


def join_all(threads: list[threading.Thread]) -> list[threading.Thread]:
    """Wait (at most WAIT_LIMIT in all) for `threads`; return those still waiting."""
    deadline = time.monotonic() + WAIT_LIMIT
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    return [t for t in threads if t.is_alive()]


# --- batched_lock: a lock that counts its acquisitions, a cell that checks its writers ---------


class CountingLock:
    """A threading.Lock that counts how often it was acquired and knows its holder.

    With `together=n`, each thread's first acquire waits until n threads have asked for the
    lock. It stops waiting, and records in `apart` how many had asked, once no other thread
    can still come: the thread that made the lock waits in `threading` (a join, a pool's
    result) and every thread started since has asked already. So threads started and joined
    one by one show as a count, at once, never as a duration; WAIT_LIMIT is only a backstop.
    """

    def __init__(self, together: int = 0) -> None:
        self.lock = threading.Lock()
        self.acquisitions = 0
        self.holder: int | None = None
        self.together = together
        self.creator = threading.get_ident()  # the test's thread, which calls the kata
        self.before = set(threading.enumerate())
        self.asked: set[int] = set()  # threads alive at once: their ids are all distinct
        self.apart: int | None = None  # threads that had asked when nobody else could come
        self.meeting = threading.Condition()

    def _creator_waits(self) -> bool:
        """The creator is blocked in `threading` (a join, a wait), not starting a thread."""
        frame = sys._current_frames().get(self.creator)
        if frame is None or frame.f_code.co_filename != threading.__file__:
            return False
        while frame is not None:
            if frame.f_code.co_filename == threading.__file__ and frame.f_code.co_name == "start":
                return False
            frame = frame.f_back
        return True

    def _nobody_else_can_come(self) -> bool:
        coming = [t for t in threading.enumerate()
                  if t not in self.before and t.ident not in self.asked]
        return not coming and self._creator_waits()

    def _meet(self) -> None:
        with self.meeting:
            if self.apart is not None or threading.get_ident() in self.asked:
                return
            self.asked.add(threading.get_ident())
            self.meeting.notify_all()
            deadline = time.monotonic() + WAIT_LIMIT
            while len(self.asked) < self.together and self.apart is None:
                if self._nobody_else_can_come() or time.monotonic() > deadline:
                    self.apart = len(self.asked)
                    self.meeting.notify_all()
                    return
                self.meeting.wait(0.01)  # a poll: new threads announce themselves by asking

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if self.together:
            self._meet()
        got = self.lock.acquire(blocking, timeout)
        if got:
            self.acquisitions += 1  # only the holder runs this line
            self.holder = threading.get_ident()
        return got

    def release(self) -> None:
        self.holder = None
        self.lock.release()

    def __enter__(self) -> CountingLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class GuardedCell:
    """A shared integer whose read() lets other threads run, so an unlocked update races.
    Its ledger: each update's step (the value written minus the same thread's last read),
    stale writes (lost updates), reads and writes made without holding `lock`, and the
    threads that wrote."""

    def __init__(self, lock: CountingLock) -> None:
        self.guard = threading.Lock()  # guards the ledger only, never the value
        self.lock = lock
        self.value = 0
        self.last_read: dict[int, int] = {}
        self.steps: list[int] = []
        self.stale = 0
        self.unlocked = 0
        self.threads: set[threading.Thread] = set()  # objects: an ended thread's id is reused

    def read(self) -> int:
        me = threading.get_ident()
        value = self.value
        with self.guard:
            self.unlocked += self.lock.holder != me
            self.last_read[me] = value
        time.sleep(0)  # let another thread run between the read and the write
        return value

    def write(self, value: int) -> None:
        me = threading.get_ident()
        with self.guard:
            self.unlocked += self.lock.holder != me
            self.threads.add(threading.current_thread())
            read = self.last_read.pop(me, None)
            if read is not None:
                self.stale += read != self.value
                self.steps.append(value - read)
            self.value = value


class Share(list):
    """A share of numbers that counts the reads of its numbers (indexing, slicing,
    iterating) made while the reading thread holds `lock`."""

    def __init__(self, numbers: list[int], lock: CountingLock) -> None:
        super().__init__(numbers)
        self.lock = lock
        self.read_under_lock = 0

    def _note(self) -> None:
        self.read_under_lock += self.lock.holder == threading.get_ident()

    def __getitem__(self, index):  # list's own signature: an int or a slice
        self._note()
        return list.__getitem__(self, index)

    def __iter__(self) -> Iterator[int]:
        for index in range(len(self)):
            self._note()
            yield list.__getitem__(self, index)


# --- ticket_lock: atomic tickets and waiting without spinning ----------------------------------


def yielding(cls: type) -> type:
    """A subclass of `cls` whose every attribute assignment first lets other threads run, as
    a scheduler may at any moment: a read of a counter and its write-back that are not one
    step under a lock then overlap with another thread's, and hand out the same ticket."""

    class Yielding(cls):  # type: ignore[misc, valid-type]
        def __setattr__(self, name: str, value: Any) -> None:
            time.sleep(0)
            super().__setattr__(name, value)

    Yielding.__name__ = Yielding.__qualname__ = f"Yielding{cls.__name__}"
    return Yielding


def take_tickets(lock: Any, count: int, start: threading.Barrier, out: list[int]) -> None:
    """Meet the other takers at `start`, then take `count` tickets, appending each to `out`."""
    start.wait(WAIT_LIMIT)
    for _ in range(count):
        out.append(lock.take_ticket())


def wait_timed(lock: Any, ticket: int, asking: threading.Event, cpu: list[float]) -> None:
    """Wait for `ticket`'s turn, recording the CPU seconds this thread used meanwhile, then
    release."""
    began = time.thread_time()
    asking.set()
    lock.wait_turn(ticket)
    cpu.append(time.thread_time() - began)
    lock.release()


def busy_for(seconds: float) -> float:
    """Compute for `seconds` of wall time in this thread; return the CPU seconds it got."""
    began, end = time.thread_time(), time.perf_counter() + seconds
    while time.perf_counter() < end:
        sum(range(200))
    return time.thread_time() - began
