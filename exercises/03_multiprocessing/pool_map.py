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
    # TODO: write parallel_map; the lesson is README.md, kata pool_map
    raise NotImplementedError("TODO: parallel_map (kata pool_map)")
