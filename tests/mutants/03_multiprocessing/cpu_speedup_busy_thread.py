"""Mutant of kata cpu_speedup: counts one chunk at a time, and leaves a thread spinning so
that the machine looks too busy to grade (not gradable costs no points)."""

import threading
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from graders.support.speedup import count_primes_in_range, split_range


def _spin() -> None:
    while True:
        pass


def make_pool(workers: int, mp_context: BaseContext | None = None) -> Executor:
    threading.Thread(target=_spin, daemon=True).start()
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)


def count_primes_parallel(limit: int, chunks: int, pool: Executor,
                          count: Callable[[int, int], int] = count_primes_in_range) -> int:
    return sum(pool.submit(count, start, stop).result()
               for start, stop in split_range(limit, chunks))
