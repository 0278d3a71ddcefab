"""Test-side helpers for the worker_memory kata (03_multiprocessing).

Evidence the kata cannot reach: the grader's own measurement of a process tree's memory, a
tree of processes holding known amounts of memory (started as a fresh interpreter, so the
test's own pages are not part of it), and a warm-up probe that meets its siblings and, once
`parties` of them run at once, measures the caller's tree while every worker is alive.

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
from collections.abc import Iterator
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


# --- the warm-up probe -----------------------------------------------------------------------


@dataclass(frozen=True)
class MeetAndMeasure:
    """warm(i) for extra_memory: wait until `parties` calls run at once (in `parties`
    workers), then one of them measures the tree of `parent_pid` while all are alive."""

    folder: str
    parties: int
    parent_pid: int

    def __call__(self, index: int) -> int:
        me = f"{os.getpid()}-{threading.get_ident()}-{start_method_here()}"
        Path(self.folder, f"arrived-{me}").touch()
        deadline = time.monotonic() + MEET_LIMIT
        while arrivals(self.folder) < self.parties and time.monotonic() < deadline:
            time.sleep(0.01)
        if arrivals(self.folder) >= self.parties and self._first_to_measure():
            Path(self.folder, "during").write_text(str(measure_tree(self.parent_pid)),
                                                   encoding="utf-8")
        return index

    def _first_to_measure(self) -> bool:
        try:
            os.close(os.open(Path(self.folder, "measuring"), os.O_CREAT | os.O_EXCL))
        except FileExistsError:
            return False
        return True


def arrivals(folder: str | Path) -> int:
    """How many distinct workers (process and thread) called the warm-up probe; each left a
    file arrived-<pid>-<thread id>-<start method>."""
    return len(list(Path(folder).glob("arrived-*")))


def measured_during(folder: str | Path) -> int | None:
    """The probe's measurement with every worker alive, or None if they never met."""
    path = Path(folder, "during")
    return int(path.read_text(encoding="utf-8")) if path.exists() else None


if __name__ == "__main__":
    _hold(sys.argv[1], 0, tuple(int(size) for size in sys.argv[2:]))
