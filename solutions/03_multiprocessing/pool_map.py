"""Kata pool_map: a parallel map over a pool of worker processes."""

from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any


def parallel_map(fn: Callable[[Any], Any], items: Iterable[Any], workers: int,
                 mp_context: BaseContext | None = None) -> list[Any]:
    """[fn(item) for item in items], computed by a pool of `workers` processes.

    `fn` must be picklable (a module-level function or a functools.partial of one).
    `mp_context` is the start method to use, e.g. `multiprocessing.get_context("spawn")`;
    None means the platform's default. Results come back in the order of `items`.
    """
    ### BEGIN SOLUTION
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        return list(pool.map(fn, items))
    ### END SOLUTION
