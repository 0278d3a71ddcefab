"""Alternative for kata producer_consumer: None as the sentinel, consumers in a
ThreadPoolExecutor, and results handed back through a second queue."""

import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def process_all(items: Sequence[Any], handle: Callable[[Any], Any], consumers: int) -> list[Any]:
    tasks: queue.Queue = queue.Queue()
    done: queue.Queue = queue.Queue()

    def consume() -> None:
        while (task := tasks.get()) is not None:
            index, item = task
            done.put((index, handle(item)))

    with ThreadPoolExecutor(max_workers=consumers) as pool:
        for _ in range(consumers):
            pool.submit(consume)
        for pair in enumerate(items):
            tasks.put(pair)
        for _ in range(consumers):
            tasks.put(None)
    results = [done.get() for _ in items]
    return [value for _, value in sorted(results, key=lambda pair: pair[0])]
