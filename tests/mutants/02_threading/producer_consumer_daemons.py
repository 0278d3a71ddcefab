"""Mutant of kata producer_consumer: daemon consumers, `queue.join()`, and no sentinels.

The results are right, but the consumer threads are never told to stop: they stay blocked
in `tasks.get()` for as long as the program runs.
"""

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any


def process_all(items: Sequence[Any], handle: Callable[[Any], Any], consumers: int) -> list[Any]:
    tasks: queue.Queue = queue.Queue()
    results: list[Any] = [None] * len(items)

    def consume() -> None:
        while True:
            index, item = tasks.get()
            results[index] = handle(item)
            tasks.task_done()

    for _ in range(consumers):
        threading.Thread(target=consume, daemon=True).start()
    for index, item in enumerate(items):
        tasks.put((index, item))
    tasks.join()
    return results
