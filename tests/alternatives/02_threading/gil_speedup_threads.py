"""Alternative for kata gil_speedup: plain threads, each making every `workers`-th call,
and time.monotonic as the clock."""

import threading
import time
from collections.abc import Callable
from typing import Any


def thread_speedup(work: Callable[[], Any], n_tasks: int, workers: int) -> float:
    start = time.monotonic()
    for _ in range(n_tasks):
        work()
    serial = time.monotonic() - start

    def share(first: int) -> None:
        for _ in range(first, n_tasks, workers):
            work()

    threads = [threading.Thread(target=share, args=(i,)) for i in range(workers)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    threaded = time.monotonic() - start
    return serial / threaded
