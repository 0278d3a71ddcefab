"""Mutant of kata cpu_speedup: a sieve in the parent instead of counting in the pool."""

from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from graders.support.speedup import count_primes_in_range


def make_pool(workers: int, mp_context: BaseContext | None = None) -> Executor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)


def count_primes_parallel(limit: int, chunks: int, pool: Executor,
                          count: Callable[[int, int], int] = count_primes_in_range) -> int:
    if limit < 3:
        return 0
    sieve = bytearray([1]) * limit
    sieve[0:2] = b"\0\0"
    for n in range(2, int(limit**0.5) + 1):
        if sieve[n]:
            sieve[n * n::n] = bytearray(len(range(n * n, limit, n)))
    return sum(sieve)
