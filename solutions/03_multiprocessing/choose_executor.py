"""Kata choose_executor: the same job on a thread pool or a process pool, reported as it goes."""

from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from multiprocessing.context import BaseContext
from typing import Any


def make_executor(kind: str, workers: int, mp_context: BaseContext | None = None) -> Executor:
    """A pool of `workers` threads (kind "threads") or processes (kind "processes", started
    by `mp_context`); ValueError for any other kind."""
    ### BEGIN SOLUTION
    if kind == "threads":
        return ThreadPoolExecutor(max_workers=workers)
    if kind == "processes":
        return ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
    raise ValueError(f"kind must be 'threads' or 'processes', not {kind!r}")
    ### END SOLUTION


def run_all(fn: Callable[[Any], Any], items: Iterable[Any], kind: str, workers: int,
            on_done: Callable[[Any, Any], None],
            mp_context: BaseContext | None = None) -> list[Any]:
    """[fn(item) for item in items] on make_executor(kind, workers, mp_context).

    Call on_done(item, result) here, in this process, as each item finishes (in completion
    order, not input order), and return the results in the order of the items.
    """
    ### BEGIN SOLUTION
    items = list(items)
    results: list[Any] = [None] * len(items)
    with make_executor(kind, workers, mp_context) as pool:
        futures = {pool.submit(fn, item): index for index, item in enumerate(items)}
        for future in as_completed(futures):
            index = futures[future]
            results[index] = future.result()
            on_done(items[index], results[index])
    return results
    ### END SOLUTION
