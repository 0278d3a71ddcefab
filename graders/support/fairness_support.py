"""Probes for the 02_threading kata ticket_lock: who got the lock, in which order, and when.

The test takes the tickets itself, in an order it chooses, and starts the threads that wait
for them in another order; each thread records the moment it holds the lock. The evidence
is the order of the grants and how many threads held the lock at once, never how long
anything took. WAIT_LIMIT only bounds how long a test waits for a thread that never gets
its turn (a lost wake-up), so a broken lock fails instead of hanging.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
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
    """A threading.Lock that counts how often it was acquired and knows its holder."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.acquisitions = 0
        self.holder: int | None = None

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
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
