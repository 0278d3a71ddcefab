"""Probes for the 02_threading katas: evidence recorded by the test's own objects.

Each probe is what a kata receives as its work (a fetch, a handle, a cell, an account, a
work function) and records what really happened: which threads ran it, how many calls were
in progress together, in which order calls finished, which locks the writer held. The
evidence lives in the probe and is read by the test after the kata returns; none of it
depends on how fast or busy the machine is.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

WAIT_LIMIT = 3.0  # seconds a probe waits for other calls before it gives up waiting
ORDER_WAIT = 1.0  # seconds a call waits for the next item's call to finish first


def times_ten(item: Any) -> Any:
    return item * 10


# --- order and concurrency of calls -----------------------------------------------------------


class FinishInReverse:
    """fetch(item) whose calls finish in the reverse of the items' order.

    The call for the item at position p waits until the call for position p + 1 has finished
    (at most ORDER_WAIT seconds), so when every call is in progress together, the last item
    finishes first and the first item last. Results are `result(item)`.
    """

    def __init__(self, items: Sequence[Any], result: Callable[[Any], Any] = times_ten) -> None:
        self.position = {item: index for index, item in enumerate(items)}
        self.done = [threading.Event() for _ in items]
        self.result = result
        self.lock = threading.Lock()
        self.calls: Counter = Counter()
        self.finished: list[Any] = []

    def __call__(self, item: Any) -> Any:
        position = self.position[item]
        with self.lock:
            self.calls[item] += 1
        if position + 1 < len(self.done):
            self.done[position + 1].wait(ORDER_WAIT)
        with self.lock:
            self.finished.append(item)
        self.done[position].set()
        return self.result(item)


class SlowToProduce(Sequence):
    """A sequence of items whose item at `pause_at` takes `seconds` to produce: the
    producer's queue stays empty that long while the consumers wait for more work.

    Used as its own `handle` (it returns abs(item)), it also records what the consumers did
    meanwhile: `handled_in_pause`, how many items had been handled when the pause ended
    (the items before `pause_at` were on the queue all through it), and `threads_in_pause`,
    the threads started since it was made that were alive then. With `until_handled`, the
    pause ends early, as soon as the items before `pause_at` have all been handled."""

    def __init__(self, items: Sequence[Any], pause_at: int, seconds: float,
                 until_handled: bool = False) -> None:
        self.items = list(items)
        self.pause_at = pause_at
        self.seconds = seconds
        self.until_handled = until_handled
        self.before = set(threading.enumerate())
        self.lock = threading.Condition()
        self.handled = 0
        self.handled_in_pause: int | None = None
        self.threads_in_pause: int | None = None

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: Any) -> Any:
        if index == self.pause_at and self.handled_in_pause is None:
            if not self.until_handled:
                time.sleep(self.seconds)
            with self.lock:
                if self.until_handled:
                    self.lock.wait_for(lambda: self.handled >= self.pause_at, self.seconds)
                self.handled_in_pause = self.handled
            self.threads_in_pause = sum(1 for t in threading.enumerate()
                                        if t not in self.before and t.is_alive())
        return self.items[index]

    def __call__(self, item: Any) -> Any:
        with self.lock:
            self.handled += 1
            if self.until_handled:
                self.lock.notify_all()
        return abs(item)


class Rendezvous:
    """fetch(item) that proves how many calls ran at once, both ways.

    Every call waits at a barrier of `parties` calls (at most WAIT_LIMIT seconds): all of
    them pass only if `parties` calls were in progress together. After the barrier each call
    stays `linger` seconds, so that any call beyond `parties` that was started meanwhile is
    counted as in progress with them. `peak` is the most calls in progress at once, `met`
    whether every call passed the barrier, `threads` the Thread objects that ran calls.
    """

    def __init__(self, parties: int, linger: float = 0.05,
                 result: Callable[[Any], Any] = times_ten) -> None:
        self.barrier = threading.Barrier(parties)
        self.linger = linger
        self.result = result
        self.lock = threading.Lock()
        self.now = 0
        self.peak = 0
        self.met = True
        self.threads: set[threading.Thread] = set()
        self.calls: Counter = Counter()

    def __call__(self, item: Any) -> Any:
        with self.lock:
            self.now += 1
            self.peak = max(self.peak, self.now)
            self.threads.add(threading.current_thread())
            self.calls[item] += 1
        try:
            self.barrier.wait(WAIT_LIMIT)
        except threading.BrokenBarrierError:
            with self.lock:
                self.met = False
        time.sleep(self.linger)
        with self.lock:
            self.now -= 1
        return self.result(item)


class FirstWaitsForTheRest:
    """fetch(item) whose call for the first item waits until the call of every other item
    has started (at most WAIT_LIMIT seconds). In a pool the other threads take the next items
    as soon as they are free, so the wait ends at once; calls run batch by batch, one at a
    time, or split among the threads up front start some items only after the first call
    has finished. `gave_up` is whether that wait ran out, `started_by_then` how many of the
    other calls had started when it ended, `started` how many in all, `first_called` whether
    the first item's call happened. Results are item * 10."""

    def __init__(self, items: Sequence[Any]) -> None:
        self.first, self.rest = items[0], len(items) - 1
        self.lock = threading.Lock()
        self.started = 0
        self.all_started = threading.Event()
        self.gave_up = False
        self.first_called = False
        self.started_by_then = 0

    def __call__(self, item: Any) -> Any:
        if item == self.first:
            self.first_called = True
            self.gave_up = not self.all_started.wait(WAIT_LIMIT)
            with self.lock:
                self.started_by_then = self.started
        else:
            with self.lock:
                self.started += 1
                if self.started >= self.rest:
                    self.all_started.set()
        return item * 10


class Failing:
    """fetch(item): item * 10, except that `bad` raises ValueError."""

    def __init__(self, bad: Any) -> None:
        self.bad = bad

    def __call__(self, item: Any) -> Any:
        if item == self.bad:
            raise ValueError(f"item {item!r} could not be fetched")
        return item * 10


# --- a shared cell that keeps a ledger of every read and write ---------------------------------


class LedgerCell:
    """A shared integer for locked_counter whose read() yields the GIL, so an unlocked
    `write(read() + 1)` races. It keeps its own ledger, which the kata cannot bypass by
    writing a total: per thread, how many writes were exactly one more than that thread's
    last read, how many were not, and how many threads were between read() and write() at once.

    With `together=k`, the first read() waits (at most WAIT_LIMIT seconds) until k threads
    started after the cell was made are alive at once; `alive_together` is how many were.
    Threads started and joined one by one never are, so they never race.
    """

    def __init__(self, together: int = 0) -> None:
        self.together = together
        self.before = set(threading.enumerate())
        self.alive_together: int | None = None
        self.value = 0
        self.lock = threading.Lock()  # guards the ledger only, never the value
        self.inside = 0
        self.most_inside = 0
        self.last_read: dict[threading.Thread, int] = {}
        self.increments: Counter = Counter()  # Thread -> writes of last read + 1
        self.other_writes = 0

    def read(self) -> int:
        if self.together and self.alive_together is None:
            self.alive_together = self._wait_until_alive_together()
        value = self.value
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            self.last_read[threading.current_thread()] = value
        time.sleep(0)  # let another thread run between the read and the write
        return value

    def write(self, value: int) -> None:
        me = threading.current_thread()
        with self.lock:
            read = self.last_read.pop(me, None)
            if read is None:
                self.other_writes += 1
            else:
                self.inside -= 1
                if value == read + 1:
                    self.increments[me] += 1
                else:
                    self.other_writes += 1
        self.value = value

    @property
    def threads(self) -> set[threading.Thread]:
        return set(self.increments)

    def _wait_until_alive_together(self) -> int:
        deadline = time.monotonic() + WAIT_LIMIT
        while True:
            alive = sum(1 for t in threading.enumerate() if t not in self.before)
            if alive >= self.together or time.monotonic() > deadline:
                return alive
            time.sleep(0.001)


# --- accounts whose locks know their owner, and a deadlock turned into an error ----------------


class Deadlock(Exception):
    """Raised inside transfer when two threads wait for each other's lock."""


class Bank:
    """Accounts for lock_ordering. Their locks record which thread holds them; a thread about
    to wait forever for a lock whose holder (directly or through others) waits for a lock
    this thread holds raises Deadlock instead. Every balance change is logged with the
    accounts whose locks the writing thread held at that moment."""

    def __init__(self, pause: float = 0.002) -> None:
        self.pause = pause
        self.guard = threading.Lock()
        self.owner: dict[OwnedLock, int] = {}
        self.waiting: dict[int, OwnedLock] = {}
        self.accounts: list[BankAccount] = []
        self.writes: list[tuple[int, frozenset[int]]] = []  # (account number, numbers held)

    def account(self, number: int, balance: int) -> BankAccount:
        account = BankAccount(self, number, balance)
        self.accounts.append(account)
        return account

    def held_by_me(self) -> frozenset[int]:
        me = threading.get_ident()
        with self.guard:
            return frozenset(a.number for a in self.accounts if self.owner.get(a.lock) == me)

    def _cycle(self, lock: OwnedLock, me: int) -> bool:
        """True when waiting for `lock` would close a cycle of threads waiting on each other."""
        for _ in range(len(self.accounts) + 1):
            holder = self.owner.get(lock)
            if holder is None:
                return False
            if holder == me:
                return True
            lock = self.waiting.get(holder)
            if lock is None:
                return False
        return False


class OwnedLock:
    """A Lock that records its holder and pauses just after it is taken, to widen the window
    for a deadlock; a blocking acquire that would wait forever raises Deadlock."""

    def __init__(self, bank: Bank, number: int) -> None:
        self.bank = bank
        self.number = number
        self.lock = threading.Lock()

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        if not blocking or timeout >= 0:
            got = self.lock.acquire(blocking, timeout)
        else:
            got = self._acquire_or_detect()
        if got:
            with self.bank.guard:
                self.bank.owner[self] = threading.get_ident()
            time.sleep(self.bank.pause)
        return got

    def _acquire_or_detect(self) -> bool:
        me = threading.get_ident()
        try:
            while not self.lock.acquire(timeout=0.02):
                with self.bank.guard:
                    self.bank.waiting[me] = self
                    if self.bank._cycle(self, me):
                        held = sorted(a.number for a in self.bank.accounts
                                      if self.bank.owner.get(a.lock) == me)
                        raise Deadlock(
                            f"a thread holding the lock of account(s) {held} waited for the "
                            f"lock of account {self.number}, whose holder waits for it")
            return True
        finally:
            with self.bank.guard:
                self.bank.waiting.pop(me, None)

    def release(self) -> None:
        with self.bank.guard:
            self.bank.owner.pop(self, None)
        self.lock.release()

    def locked(self) -> bool:
        return self.lock.locked()

    def __enter__(self) -> OwnedLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


class BankAccount:
    """An account of a Bank: a number, a balance, and an OwnedLock; balance changes are
    logged with the locks the writer held."""

    def __init__(self, bank: Bank, number: int, balance: int) -> None:
        self.bank = bank
        self.number = number
        self.lock = OwnedLock(bank, number)
        self._balance = balance

    @property
    def balance(self) -> int:
        return self._balance

    @balance.setter
    def balance(self, value: int) -> None:
        held = self.bank.held_by_me()
        with self.bank.guard:
            self.bank.writes.append((self.number, held))
        self._balance = value

    def __repr__(self) -> str:
        return f"Account({self.number}, balance={self._balance})"


# --- work for measuring a speedup --------------------------------------------------------------


class Call(NamedTuple):
    thread: int
    start: float
    end: float
    met: bool


class PacedWork:
    """work() for gil_speedup's measurement checks: it sleeps (waiting, like IO, so threads
    overlap and a speedup is real). Calls from threads other than `home` sleep `seconds` and
    first meet at a barrier of `parties`, which proves that many pool threads ran at once.
    Calls from `home` (the serial run) sleep, in turn, the seconds listed in `home_seconds`
    (the last one repeated), so they are uneven: the first call does not tell how long the
    run takes, and the serial and threaded runs differ by more than the pool's size. Every
    call records its thread and its start and end on time.perf_counter."""

    def __init__(self, home: int, parties: int, seconds: float = 0.03,
                 home_seconds: Sequence[float] = ()) -> None:
        self.home = home
        self.barrier = threading.Barrier(parties)
        self.seconds = seconds
        self.home_seconds = list(home_seconds) or [seconds]
        self.lock = threading.Lock()
        self.records: list[Call] = []
        self.home_calls = 0

    def __call__(self) -> None:
        start = time.perf_counter()
        me = threading.get_ident()
        met = True
        if me != self.home:
            try:
                self.barrier.wait(WAIT_LIMIT)
            except threading.BrokenBarrierError:
                met = False
            seconds = self.seconds
        else:
            seconds = self.home_seconds[min(self.home_calls, len(self.home_seconds) - 1)]
            self.home_calls += 1
        time.sleep(seconds)
        with self.lock:
            self.records.append(Call(me, start, time.perf_counter(), met))


# --- a thread held back until its starter joins it ---------------------------------------------


HOLD_LIMIT = 5.0  # seconds a held-back thread waits at most (a backstop, never reached by a join)


class HoldFirstThread:
    """A context manager that holds back the first thread started inside it, before its
    `run()` begins, until the thread that entered the block (the caller of the kata) waits
    for it: it is in that thread's `join()`, or it waits in `threading` (an Event, a future's
    result) without joining another thread. So the held thread ends after every other
    thread, and a kata that returns without joining it (joining only the last thread, or
    sleeping a while instead) leaves it running. `held` is that thread; `release()` (called
    on leaving the block) lets it go; HOLD_LIMIT is only a backstop.

    It uses `threading.setprofile`, whose hook every thread started meanwhile runs once,
    first thing, before its target; the hook removes itself at once.
    """

    def __init__(self) -> None:
        self.creator = threading.get_ident()
        self.before = set(threading.enumerate())
        self.held: threading.Thread | None = None
        self.choose = threading.Lock()
        self.go = threading.Event()

    def __enter__(self) -> HoldFirstThread:
        threading.setprofile(self._hook)
        return self

    def __exit__(self, *exc: object) -> None:
        threading.setprofile(None)
        self.release()

    def release(self) -> None:
        self.go.set()

    def _hook(self, frame: Any, event: str, arg: Any) -> None:
        sys.setprofile(None)
        me = threading.current_thread()
        with self.choose:
            if self.held is None:
                # the first thread started in the block: the earliest new one still alive
                self.held = next((t for t in threading.enumerate() if t not in self.before), me)
        if me is self.held:
            deadline = time.monotonic() + HOLD_LIMIT
            while not self.go.wait(0.001):
                if self._creator_waits_for(me) or time.monotonic() > deadline:
                    return

    def _creator_waits_for(self, thread: threading.Thread) -> bool:
        """The creator is blocked in `threading`: in `thread.join()`, or in a wait that is
        neither a join of another thread nor starting a thread."""
        frame = sys._current_frames().get(self.creator)
        if frame is None or frame.f_code.co_filename != threading.__file__:
            return False
        while frame is not None:
            if frame.f_code.co_filename == threading.__file__:
                if frame.f_code.co_name == "start":
                    return False
                if frame.f_code.co_name == "join":
                    return frame.f_locals.get("self") is thread
            frame = frame.f_back
        return True
