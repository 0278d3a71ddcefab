"""Kata granularity: send work to processes in chunks big enough to pay for the trip."""

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any


def chunk_size_for(n_items: int, workers: int, seconds_per_item: float,
                   min_task_seconds: float = 0.05) -> int:
    """How many items to put in one task.

    A task must carry at least `min_task_seconds` of work (sending it costs time), but no
    chunk may be so big that a worker is left idle: at most ceil(n_items / workers) items.
    When all the work together is less than `min_task_seconds`, return n_items (at least 1):
    one chunk, which `map_in_chunks` runs right here without a pool.
    """
    ### BEGIN SOLUTION
    if n_items * seconds_per_item < min_task_seconds:
        return max(n_items, 1)
    enough = math.ceil(min_task_seconds / seconds_per_item)
    fair_share = math.ceil(n_items / workers)
    return max(1, min(enough, fair_share))
    ### END SOLUTION


def map_in_chunks(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                  chunk_size: int, mp_context: BaseContext | None = None) -> list[Any]:
    """[fn(item) for item in items], sending ceil(len(items) / chunk_size) tasks to the pool.

    When every item fits in one chunk, run it in this process: a pool would only add cost.
    """
    ### BEGIN SOLUTION
    if len(items) <= chunk_size:
        return [fn(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        return list(pool.map(fn, items, chunksize=chunk_size))
    ### END SOLUTION
