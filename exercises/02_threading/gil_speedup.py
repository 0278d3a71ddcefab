"""Kata gil_speedup: measure what threads do for CPU-bound Python code."""

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def thread_speedup(work: Callable[[], Any], n_tasks: int, workers: int) -> float:
    """Time `work()` run `n_tasks` times serially, then in `workers` threads; return the ratio.

    The serial run happens in this thread. The threaded run uses a pool of `workers` threads
    and stops the clock only when every call has finished. The result is
    serial seconds / threaded seconds (above 1 means threads were faster).
    """
    # TODO: write thread_speedup; the lesson is README.md, kata gil_speedup
    raise NotImplementedError("TODO: thread_speedup (kata gil_speedup)")
