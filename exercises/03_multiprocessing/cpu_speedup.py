"""Kata cpu_speedup: count primes in worker processes, faster than one process can."""

from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext

# The given CPU-bound work (trial division) and the chunking: shared with the grader,
# which times the same work in a reference pool beside yours.
from graders.support.speedup import count_primes_in_range, split_range


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
