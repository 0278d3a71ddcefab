"""Test-side helpers for the ecosystem topics 06_dask and 07_ray (08_spark and 09_gpu have
spark_support.py and gpu_support.py).

Everything a test sends to a worker process (a task function, a probe) lives here, because
test files are not importable on workers. Engines are imported inside functions only.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import psutil

# --- probes that run on workers ----------------------------------------------------------------


def timed_sleep(seconds: float) -> tuple[float, float, int]:
    """Sleep; return (start, end, pid): the evidence of when and where a task ran."""
    start = time.time()
    time.sleep(seconds)
    return start, time.time(), os.getpid()


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    """The largest number of (start, end) intervals that overlap at one moment."""
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    running = best = 0
    for _, step in events:
        running += step
        best = max(best, running)
    return best


# --- dask --------------------------------------------------------------------------------------


@contextlib.contextmanager
def dask_local_scheduler() -> Iterator[None]:
    """Run dask computes in this block on a threaded scheduler whose 2 threads end with it.

    (dask's default threaded scheduler keeps a global pool alive, which the kata machinery
    would report as threads the kata left running.)
    """
    import dask

    with ThreadPoolExecutor(2) as pool, dask.config.set(scheduler="threads", pool=pool):
        yield


@contextlib.contextmanager
def dask_compute_counter() -> Iterator[Any]:
    """Count `compute` calls and executed tasks on dask's local threaded scheduler.

    Yields an object with `.computes` and `.tasks`. A distributed Client would bypass local
    callbacks, so the block also selects the threaded scheduler.
    """
    from dask.callbacks import Callback

    class Counting(Callback):
        def __init__(self) -> None:
            super().__init__()
            self.computes = 0
            self.tasks = 0

        def _start(self, dsk) -> None:
            self.computes += 1

        def _pretask(self, key, dsk, state) -> None:
            self.tasks += 1

    with dask_local_scheduler(), Counting() as counter:
        yield counter


class PeakMemory:
    """Sample this process's resident memory every 5 ms; `.growth` is the peak increase."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.start = self.peak = self.process.memory_info().rss
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while self.running:
            self.peak = max(self.peak, self.process.memory_info().rss)
            time.sleep(0.005)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.running = False
        self.thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)

    @property
    def growth(self) -> int:
        return self.peak - self.start


# --- ray ---------------------------------------------------------------------------------------


class CountedArray(np.ndarray):
    """A NumPy array that counts how often it is serialised (pickled) in this process.

    Passing it to a Ray task serialises it once per call; `ray.put` serialises it once.
    Workers receive a plain `numpy.ndarray`.
    """

    pickles = 0

    def __reduce_ex__(self, protocol):
        CountedArray.pickles += 1
        return self.view(np.ndarray).__reduce_ex__(protocol)
