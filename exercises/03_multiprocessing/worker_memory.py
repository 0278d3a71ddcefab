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
    # TODO: write tree_memory; the lesson is README.md, kata worker_memory
    raise NotImplementedError("TODO: tree_memory (kata worker_memory)")


def extra_memory(kind: str, workers: int, warm: Callable[[int], object],
                 mp_context: BaseContext | None = None) -> int:
    """How many more bytes this process's tree uses with a pool of `workers` threads (kind
    "threads") or processes (kind "processes", started by `mp_context`) than without it.

    Measure tree_memory(os.getpid()) before creating the pool, start every worker by running
    warm(i) for i in range(workers), one task each (a warm call returns only once `workers`
    of them run at the same time), and measure again while the pool is still open.
    """
    # TODO: write extra_memory; the lesson is README.md, kata worker_memory
    raise NotImplementedError("TODO: extra_memory (kata worker_memory)")
