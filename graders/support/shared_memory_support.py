"""Test-side helpers for the shared_sum and choose_executor katas (03_multiprocessing).

Evidence the kata cannot reach: the bytes that multiprocessing pickles in the test's own
process (every way it sends data to a worker goes through multiprocessing.reduction), the
SharedMemory segments created in it, and probes that leave a file per call naming the
process, its start method and what it was given.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import reduction, shared_memory
from pathlib import Path
from typing import NamedTuple

import numpy as np

from graders.support.parallel import PROCESS_BARRIER_TIMEOUT, WAIT_LIMIT, start_method_here

# --- bytes pickled by multiprocessing in this process -------------------------------------------


class PickledBytes:
    """How many bytes multiprocessing pickled in this process while counting."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.total = 0

    def add(self, size: int) -> None:
        with self._lock:
            self.total += size


@contextmanager
def count_pickled_bytes() -> Iterator[PickledBytes]:
    """Count every byte multiprocessing pickles here: tasks and arguments sent through a
    Queue, a Pipe, a Pool or a ProcessPoolExecutor (ForkingPickler.dumps), and a Process's
    own arguments under spawn and forkserver (reduction.dump)."""
    counted = PickledBytes()
    dumps, dump = reduction.ForkingPickler.dumps, reduction.dump

    def counting_dumps(obj, protocol=None):
        data = dumps(obj, protocol)
        counted.add(len(data))
        return data

    def counting_dump(obj, file, protocol=None):
        data = dumps(obj, protocol)  # the very bytes reduction.dump would write
        counted.add(len(data))
        file.write(data)

    reduction.ForkingPickler.dumps = counting_dumps
    reduction.dump = counting_dump
    try:
        yield counted
    finally:
        reduction.ForkingPickler.dumps = dumps
        reduction.dump = dump


# --- shared memory segments created in this process --------------------------------------------


@contextmanager
def segments_created() -> Iterator[list[str]]:
    """The names of the SharedMemory segments created in this process while inside (also
    those of a SharedMemoryManager, which creates them in the caller's process)."""
    names: list[str] = []
    original = shared_memory.SharedMemory.__init__

    def recording_init(self, name=None, create=False, size=0, **options):
        original(self, name, create, size, **options)
        if create:
            names.append(self.name)

    shared_memory.SharedMemory.__init__ = recording_init
    try:
        yield names
    finally:
        shared_memory.SharedMemory.__init__ = original


def still_exists(name: str) -> bool:
    """Whether a SharedMemory segment of that name can still be opened."""
    try:
        segment = shared_memory.SharedMemory(name=name)
    except FileNotFoundError:
        return False
    segment.close()
    segment.unlink()  # a leaked segment must not outlive the test
    return True


# --- the parts a shared_sum worker summed ------------------------------------------------------


class Part(NamedTuple):
    pid: int
    method: str
    size: int
    contiguous: bool  # one run of neighbouring items (a slice start:stop), not a stride


@dataclass(frozen=True)
class PartLog:
    """part_sum(part) for shared_sum: the exact sum of the part, and one file per call in
    `folder` naming the process, its start method, the part's size and whether its items
    are neighbours in memory. With `fail_size`, a part of that many items raises ValueError
    (a task that fails). With `meet`, a call
    returns only once `meet` calls have started (or one gave up after PROCESS_BARRIER_TIMEOUT
    seconds): a worker busy with one part cannot take another, so the parts of a pool of
    `meet` processes end up in `meet` different processes, and a smaller pool's do not."""

    folder: str
    fail_size: int | None = None
    meet: int = 0

    def __call__(self, part: np.ndarray) -> int:
        size = len(part)
        contiguous = int(part.flags.c_contiguous)
        name = f"{os.getpid()}_{start_method_here()}_{size}_{contiguous}_{os.urandom(4).hex()}"
        Path(self.folder, name).touch()
        if self.meet:
            _meet(Path(self.folder), self.meet)
        if size == self.fail_size:
            del part  # the error must not keep a view that stops the worker closing the segment
            raise ValueError(f"a part of {size} items failed on purpose")
        return int(part.sum())


def _meet(folder: Path, parties: int) -> None:
    """Wait until `parties` parts have started; once one call gives up, the others stop too."""
    gave_up = folder.parent / f"{folder.name}.gave-up"  # outside the folder of parts
    deadline = time.monotonic() + PROCESS_BARRIER_TIMEOUT
    while len(list(folder.iterdir())) < parties and not gave_up.exists():
        if time.monotonic() > deadline:
            gave_up.touch()
            return
        time.sleep(0.01)


def parts_summed(folder: str) -> list[Part]:
    parts = []
    for path in Path(folder).iterdir():
        pid, method, size, contiguous, _ = path.name.split("_")
        parts.append(Part(int(pid), method, int(size), contiguous == "1"))
    return parts


# --- choose_executor: callbacks that a chain of tasks waits for -------------------------------


@dataclass(frozen=True)
class AfterDone:
    """fn(x) = -x that returns only once on_done was called for the item before x in `order`
    (a DoneLog leaves a file per item): so the items finish exactly in `order`, whatever the
    load, but only if on_done is called as each item finishes. It gives up after WAIT_LIMIT
    seconds, so code that calls on_done late ends with a wrong order, not a hang."""

    order: tuple[int, ...]
    folder: str

    def __call__(self, x: int) -> int:
        place = self.order.index(x)
        if place > 0:
            done = Path(self.folder, f"done_{self.order[place - 1]}")
            deadline = time.monotonic() + WAIT_LIMIT
            while not done.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
        return -x


@dataclass
class DoneLog:
    """on_done(item, result) for choose_executor: records the calls in order, in this
    process, and leaves a file per item for AfterDone to wait for."""

    folder: str
    calls: list[tuple[object, object]] = field(default_factory=list)
    pids: set[int] = field(default_factory=set)

    def __call__(self, item: object, result: object) -> None:
        self.calls.append((item, result))
        self.pids.add(os.getpid())
        Path(self.folder, f"done_{item}").touch()
