"""Kata cpu_speedup: count primes in worker processes, faster than one process can."""

from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext


def count_primes_in_range(start: int, stop: int) -> int:
    """How many primes p satisfy start <= p < stop (plain trial division: CPU-bound)."""
    count = 0
    for n in range(max(start, 2), stop):
        divisor = 2
        while divisor * divisor <= n:
            if n % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def split_range(limit: int, chunks: int) -> list[tuple[int, int]]:
    """[0, limit) cut into `chunks` consecutive (start, stop) pieces."""
    edges = [limit * i // chunks for i in range(chunks + 1)]
    return list(zip(edges[:-1], edges[1:], strict=True))


def make_pool(workers: int, mp_context: BaseContext | None = None) -> Executor:
    """An executor whose `workers` workers can run Python code at the same time.

    The caller owns it: it may reuse it for many calls and shuts it down at the end.
    """
    # TODO: write make_pool; the lesson is README.md, kata cpu_speedup
    raise NotImplementedError("TODO: make_pool (kata cpu_speedup)")


def count_primes_parallel(limit: int, chunks: int, pool: Executor,
                          count: Callable[[int, int], int] = count_primes_in_range) -> int:
    """The number of primes below `limit`: `count` each of `chunks` pieces in `pool`, then sum."""
    # TODO: write count_primes_parallel; the lesson is README.md, kata cpu_speedup
    raise NotImplementedError("TODO: count_primes_parallel (kata cpu_speedup)")
