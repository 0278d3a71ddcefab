"""Mutant of kata cpu_speedup: remembers the first answer per pool and returns it again."""

from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from graders.support.speedup import count_primes_in_range, split_range

_answers: dict[int, int] = {}


def make_pool(workers: int, mp_context: BaseContext | None = None) -> Executor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)


def count_primes_parallel(limit: int, chunks: int, pool: Executor,
                          count: Callable[[int, int], int] = count_primes_in_range) -> int:
    if id(pool) not in _answers:
        starts, stops = zip(*split_range(limit, chunks), strict=True)
        _answers[id(pool)] = sum(pool.map(count, starts, stops))
    return _answers[id(pool)]
