"""Kata apply_fix in another style: multiprocessing.Pool and its ThreadPool."""

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from typing import Any

CPU_SHARE = 0.1  # busy at least this share of the wall time: CPU-bound; less: IO-bound


def run_with_fix(fn: Callable[[Any], Any], items: Sequence[Any], workers: int) -> list[Any]:
    """Call `fn(items[0])` here, measuring its CPU time against its wall time: CPU-bound when
    the CPU time is at least CPU_SHARE of the wall time, else IO-bound. Then call `fn` on
    the other items in a pool of `workers`: processes when CPU-bound, threads when IO-bound.
    Return every result, the first included, in the order of `items`."""
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    first = fn(items[0])
    cpu = time.process_time() - cpu_start
    wall = time.perf_counter() - wall_start
    pool = ProcessPoolExecutor if cpu >= CPU_SHARE * wall else ThreadPoolExecutor
    if pool is ProcessPoolExecutor:
        import multiprocessing
        with multiprocessing.Pool(workers) as mp:
            return [first, *mp.map(fn, items[1:])]
    from multiprocessing.pool import ThreadPool
    with ThreadPool(workers) as tp:
        return [first, *tp.map(fn, items[1:])]
