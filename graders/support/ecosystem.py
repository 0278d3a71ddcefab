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
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import psutil

# --- probes that run on workers ----------------------------------------------------------------


def square(x: int) -> int:
    return x * x


def double(x: int) -> int:
    return 2 * x


def square_and_pid(x: int) -> tuple[int, int]:
    """x squared and the pid of the process that computed it."""
    return x * x, os.getpid()


def sleep_then_return(seconds: float) -> float:
    """Sleep, then return the argument: a task whose finishing order the test controls."""
    time.sleep(seconds)
    return seconds


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


class CallLog:
    """A callable wrapper that counts calls (thread-safe); for local schedulers only."""

    def __init__(self, fn: Callable) -> None:
        self.fn = fn
        self.calls: list[Any] = []
        self.lock = threading.Lock()
        self.__name__ = getattr(fn, "__name__", "work")

    def __call__(self, *args):
        with self.lock:
            self.calls.append(args[0] if len(args) == 1 else args)
        return self.fn(*args)


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


def write_sales_parquet(folder: str, parts: int = 4, rows_per_part: int = 500) -> Any:
    """Write a partitioned Parquet dataset of sales; return the whole table (pandas)."""
    import pandas as pd

    rng = np.random.default_rng(6)
    cities = np.array(["Berlin", "Auckland", "London", "Sheffield"])
    frames = []
    for part in range(parts):
        frame = pd.DataFrame({
            "city": cities[rng.integers(0, len(cities), rows_per_part)],
            "amount": rng.integers(1, 100, rows_per_part).astype("float64"),
            "quantity": rng.integers(1, 5, rows_per_part),
        })
        frame.to_parquet(os.path.join(folder, f"part-{part:03d}.parquet"), index=False)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


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
