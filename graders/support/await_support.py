"""Probes for the 04_asyncio katas await_points and many_waits.

- `TaskCell` is a shared integer with read() and write(value) and no lock. It keeps a ledger
  the kata cannot bypass: which thread touched it, every update's step (the value written
  minus the same task's last read), every value written with the loop time it was written
  at (None from a thread outside the loop), and every stale write: a write whose task read
  a value that another write has replaced since. A stale write is a lost update.
- `Waiter` is an injected `await wait(i)`: it waits on the running loop's clock in `hops`
  steps (each step is a task switch) and records how many waits were in progress at once,
  which indexes were asked for, and the threads it ran on. Its results (`scrambled(i)`) do
  not sort like i, so sorting them never rebuilds the order of i. Started on any loop other
  than the test's, it records that and returns at once instead of waiting in real time.

Both are read by the test after the kata returns; none of the evidence depends on how fast
or busy the machine is (the clock is looptime's virtual one).
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Hashable


def scrambled(i: int) -> int:
    """What `Waiter` returns for i: distinct for every i below 100,003, in no sorted order."""
    return i * 7919 % 100_003


def _loop_time() -> float | None:
    """The running loop's clock, or None outside a loop (a worker thread)."""
    try:
        return asyncio.get_running_loop().time()
    except RuntimeError:
        return None


def _who() -> tuple[int, Hashable]:
    """The calling thread's id and its running asyncio task (None outside a loop)."""
    try:
        task = asyncio.current_task()
    except RuntimeError:
        task = None
    return threading.get_ident(), task


class TaskCell:
    """A shared integer for await_points; see the module docstring for its ledger."""

    def __init__(self) -> None:
        self.value = 0
        self.last_read: dict[tuple[int, Hashable], int] = {}
        self.steps: list[int] = []
        self.writes: list[tuple[float | None, int]] = []  # (loop time, value written)
        self.stale = 0
        self.unread_writes = 0
        self.threads: set[int] = set()

    def read(self) -> int:
        who = _who()
        self.threads.add(who[0])
        self.last_read[who] = self.value
        return self.value

    def write(self, value: int) -> None:
        who = _who()
        self.threads.add(who[0])
        read = self.last_read.pop(who, None)
        if read is None:
            self.unread_writes += 1
        else:
            self.stale += read != self.value
            self.steps.append(value - read)
        self.writes.append((_loop_time(), value))
        self.value = value


class Waiter:
    """`await wait(i)`: waits `delay(i)` seconds of loop time in `hops` steps, returns
    `scrambled(i)`; see the module docstring for what it records."""

    def __init__(self, delays: list[float], hops: int = 3) -> None:
        self.delays = delays
        self.hops = hops
        self.loop: asyncio.AbstractEventLoop | None = None  # the test's loop, set by bind()
        self.calls: Counter = Counter()
        self.threads: set[int] = set()
        self.foreign = 0  # waits started on a loop other than the test's
        self.in_flight = 0
        self.peak = 0
        self.switches = 0

    def bind(self) -> None:
        """Call on the test's running loop before the kata starts."""
        self.loop = asyncio.get_running_loop()

    async def __call__(self, i: int) -> int:
        self.calls[i] += 1
        self.threads.add(threading.get_ident())
        if asyncio.get_running_loop() is not self.loop:
            self.foreign += 1
            return scrambled(i)
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            for _ in range(self.hops):
                await asyncio.sleep(self.delays[i % len(self.delays)] / self.hops)
                self.switches += 1
        finally:
            self.in_flight -= 1
        return scrambled(i)
