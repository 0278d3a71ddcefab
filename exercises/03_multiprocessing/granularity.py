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
    # TODO: write chunk_size_for; the lesson is README.md, kata granularity
    raise NotImplementedError("TODO: chunk_size_for (kata granularity)")


def map_in_chunks(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                  chunk_size: int, mp_context: BaseContext | None = None) -> list[Any]:
    """[fn(item) for item in items], sending ceil(len(items) / chunk_size) tasks to the pool.

    When every item fits in one chunk, run it in this process: a pool would only add cost.
    """
    # TODO: write map_in_chunks; the lesson is README.md, kata granularity
    raise NotImplementedError("TODO: map_in_chunks (kata granularity)")
