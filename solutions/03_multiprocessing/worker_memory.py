"""Kata worker_memory: what N worker processes cost in memory, next to N threads."""

import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from multiprocessing.context import BaseContext

import psutil


def tree_memory(pid: int) -> int:
    """The memory of process `pid` and all its descendants (children, their children...), in
    bytes: the sum of each process's PSS (its own pages plus its share of the pages it
    shares) where psutil reports it (Linux), else its USS (only its own pages). A descendant
    that exits while you measure counts 0."""
    ### BEGIN SOLUTION
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            info = process.memory_full_info()
        except psutil.NoSuchProcess:
            continue
        total += getattr(info, "pss", info.uss)
    return total
    ### END SOLUTION


def extra_memory(kind: str, workers: int, warm: Callable[[int], object],
                 mp_context: BaseContext | None = None) -> int:
    """How many more bytes this process's tree uses with a pool of `workers` threads (kind
    "threads") or processes (kind "processes", started by `mp_context`) than without it.

    Measure tree_memory(os.getpid()) before creating the pool, start every worker by running
    warm(i) for i in range(workers), one task each (a warm call returns only once `workers`
    of them run at the same time), and measure again while the pool is still open.
    """
    ### BEGIN SOLUTION
    before = tree_memory(os.getpid())
    pool: Executor
    if kind == "threads":
        pool = ThreadPoolExecutor(max_workers=workers)
    elif kind == "processes":
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
    else:
        raise ValueError(f"kind must be 'threads' or 'processes', not {kind!r}")
    with pool:
        list(pool.map(warm, range(workers)))
        return tree_memory(os.getpid()) - before
    ### END SOLUTION
