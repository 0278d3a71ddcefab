"""Alternative for kata granularity: the student cuts the chunks and sends each as one task."""

import math
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import Any


def chunk_size_for(n_items: int, workers: int, seconds_per_item: float,
                   min_task_seconds: float = 0.05) -> int:
    total = n_items * seconds_per_item
    if total < min_task_seconds:
        return max(n_items, 1)
    fair_share = -(-n_items // workers)  # integer ceiling
    return max(1, min(math.ceil(min_task_seconds / seconds_per_item), fair_share))


def apply_all(fn: Callable[[Any], Any], chunk: Sequence[Any]) -> list[Any]:
    return [fn(item) for item in chunk]


def map_in_chunks(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                  chunk_size: int, mp_context: BaseContext | None = None) -> list[Any]:
    if len(items) <= chunk_size:
        return apply_all(fn, items)
    chunks = [items[i:i + chunk_size] for i in range(0, len(items), chunk_size)]
    results: list[Any] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        for part in pool.map(apply_all, [fn] * len(chunks), chunks):
            results.extend(part)
    return results
