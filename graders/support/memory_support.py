"""Test-side helpers for the worker_memory kata (03_multiprocessing).

Evidence the kata cannot reach: the grader's own measurement of a process tree's memory, a
tree of processes holding known amounts of memory (started as a fresh interpreter, so the
test's own pages are not part of it), a warm-up probe that meets its siblings, and a thread
of the test that measures the test's own tree once they all run at once, keeping the number
where the kata cannot read it.

The measure is the one the kata asks for: per process, the proportional set size (PSS: its
own pages plus its share of pages it shares) where psutil reports it (Linux), else the unique
set size (USS); summed over the process and all its descendants.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

from graders import not_gradable
from graders.support.parallel import start_method_here

MB = 2**20
MEET_LIMIT = 10.0  # seconds a warm-up call waits for its siblings (spawned workers start slowly)
TREE_SIZES = (30 * MB, 30 * MB, 30 * MB)  # what the root, its child and its grandchild hold


def process_memory(process: psutil.Process) -> int:
    """PSS where psutil reports it, else USS; 0 for a process that has exited."""
    try:
        info = process.memory_full_info()
    except psutil.NoSuchProcess:
        return 0
    return getattr(info, "pss", info.uss)


def measure_tree(pid: int) -> int:
    """The grader's measurement: process_memory of `pid` and every descendant, summed."""
    root = psutil.Process(pid)
    return process_memory(root) + sum(process_memory(p) for p in root.children(recursive=True))


def require_memory_info() -> None:
    """Not gradable where psutil cannot read a process's USS (memory_full_info)."""
    try:
        psutil.Process().memory_full_info()
    except (psutil.AccessDenied, AttributeError, NotImplementedError) as error:
        not_gradable(f"psutil cannot read a process's unique set size here ({error!r})",
                     "run the kata on Linux, macOS or Windows as the user who owns the processes")


# --- a process tree holding known memory -----------------------------------------------------


def _hold(folder: str, level: int, sizes: tuple[int, ...]) -> None:
    """Hold sizes[level] bytes (written, so the pages are real), start the next level, say
    ready, and stay until the parent is gone."""
    held = bytearray(b"\x01") * sizes[level]
    child = None
    if level + 1 < len(sizes):
        child = _tree_context().Process(target=_hold, args=(folder, level + 1, sizes))
        child.start()
    Path(folder, f"ready-{level}").touch()
    parent = os.getppid()
    while os.getppid() == parent and not Path(folder, "stop").exists():
        time.sleep(0.05)
    del held
    if child is not None:
        child.join(5)


def _tree_context() -> multiprocessing.context.BaseContext:
    """fork where the OS offers it safely, so that the levels share pages (PSS splits them)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context(
        "fork" if "fork" in methods and sys.platform != "darwin" else "spawn")


@contextmanager
def held_tree(folder: Path, sizes: tuple[int, ...] = TREE_SIZES) -> Iterator[int]:
    """A root process, its child and its grandchild, holding `sizes` bytes each; yields the
    root's pid once every level is ready, and ends them all afterwards."""
    args = [str(folder)] + [str(size) for size in sizes]
    root = subprocess.Popen([sys.executable, "-m", __name__, *args])
    try:
        deadline = time.monotonic() + MEET_LIMIT
        while not all(Path(folder, f"ready-{i}").exists() for i in range(len(sizes))):
            if time.monotonic() > deadline or root.poll() is not None:
                raise RuntimeError(f"the test's process tree did not start (exit {root.poll()})")
            time.sleep(0.05)
        yield root.pid
    finally:
        Path(folder, "stop").touch()
        try:
            descendants = psutil.Process(root.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            descendants = []
        root.wait(10)
        psutil.wait_procs(descendants, timeout=5)


# --- the warm-up probe and the grader's own measurement ------------------------------------


_ballast: list[bytearray] = []  # what warm-up calls hold in this process, until released


@dataclass(frozen=True)
class MeetAndWait:
    """warm(i) for extra_memory: hold `ballast` bytes from then on (written, so the pages
    are real: a worker that costs more than the lesson's numbers, which a number written into
    the kata cannot follow), wait until `parties` calls run at once (in `parties` workers);
    where a TreeWatch watches `folder`, wait also until it has measured the tree, so every
    worker is alive when it does."""

    folder: str
    parties: int
    ballast: int = 0

    def __call__(self, index: int) -> int:
        if self.ballast:
            _ballast.append(bytearray(b"\x01") * self.ballast)
        me = f"{os.getpid()}-{threading.get_ident()}-{start_method_here()}"
        Path(self.folder, f"arrived-{me}").touch()
        _wait_until(lambda: arrivals(self.folder) >= self.parties)
        if Path(self.folder, "watching").exists():
            _wait_until(lambda: Path(self.folder, "measured").exists())
        return index


def release_ballast() -> None:
    """Free what warm-up calls held in this process (a thread pool's are the test's own)."""
    _ballast.clear()


def _wait_until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + MEET_LIMIT
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def arrivals(folder: str | Path) -> int:
    """How many distinct workers (process and thread) called the warm-up probe; each left a
    file arrived-<pid>-<thread id>-<start method>."""
    return len(list(Path(folder).glob("arrived-*")))


class TreeWatch:
    """The grader's measurement of this process's tree with every worker alive: a thread of
    the test takes it once `parties` warm-up calls have arrived (for processes: from live
    children of this process) and keeps it in the test's memory, out of the kata's reach.
    `during` is None when the workers never all met."""

    def __init__(self, folder: Path, parties: int, processes: bool) -> None:
        self.folder, self.parties, self.processes = folder, parties, processes
        self.during: int | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="tree-watch", daemon=True)

    def __enter__(self) -> TreeWatch:
        Path(self.folder, "watching").touch()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()

    def _all_alive(self) -> bool:
        callers = {int(path.name.split("-")[1]) for path in Path(self.folder).glob("arrived-*")}
        if arrivals(self.folder) < self.parties:
            return False
        children = {child.pid for child in psutil.Process().children(recursive=True)}
        return not self.processes or callers <= children

    def _watch(self) -> None:
        while not self._stop.wait(0.01):
            if self._all_alive():
                self.during = measure_tree(os.getpid())
                Path(self.folder, "measured").touch()
                return


if __name__ == "__main__":
    _hold(sys.argv[1], 0, tuple(int(size) for size in sys.argv[2:]))
