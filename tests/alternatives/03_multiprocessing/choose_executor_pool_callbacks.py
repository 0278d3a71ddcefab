"""choose_executor with multiprocessing's pools: ThreadPool or a context's Pool, and
apply_async callbacks, which the pool calls in this process as each result arrives."""

import multiprocessing
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing.context import BaseContext
from multiprocessing.pool import ThreadPool
from typing import Any


def make_executor(kind: str, workers: int, mp_context: BaseContext | None = None) -> Executor:
    if kind == "threads":
        return ThreadPoolExecutor(max_workers=workers)
    if kind == "processes":
        return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
    raise ValueError(f"unknown kind {kind!r}")


def run_all(fn: Callable[[Any], Any], items: Iterable[Any], kind: str, workers: int,
            on_done: Callable[[Any, Any], None],
            mp_context: BaseContext | None = None) -> list[Any]:
    if kind == "threads":
        pool = ThreadPool(workers)
    elif kind == "processes":
        pool = (mp_context or multiprocessing.get_context()).Pool(workers)
    else:
        raise ValueError(f"unknown kind {kind!r}")
    with pool:
        pending = [pool.apply_async(fn, (item,), callback=lambda result, item=item:
                                    on_done(item, result))
                   for item in items]
        results = [task.get() for task in pending]
    pool.join()
    return results
