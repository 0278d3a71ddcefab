"""Kata producer_consumer: a queue between one producer and several consumer threads."""

import queue
import threading
from collections.abc import Callable, Sequence
from typing import Any

STOP = object()  # the sentinel: "no more work, you may finish"


def process_all(items: Sequence[Any], handle: Callable[[Any], Any], consumers: int) -> list[Any]:
    """[handle(item) for item in items], computed by `consumers` threads fed from a queue.

    This thread is the producer: it puts the work on a `queue.Queue`. Each consumer thread
    takes work until it receives a sentinel, then ends. Return the results in input order,
    after every consumer thread has ended (no thread may be left running).
    """
    ### BEGIN SOLUTION
    tasks: queue.Queue = queue.Queue()
    results: list[Any] = [None] * len(items)

    def consume() -> None:
        while True:
            task = tasks.get()
            if task is STOP:
                return
            index, item = task
            results[index] = handle(item)

    threads = [threading.Thread(target=consume) for _ in range(consumers)]
    for thread in threads:
        thread.start()
    for index, item in enumerate(items):
        tasks.put((index, item))
    for _ in threads:
        tasks.put(STOP)
    for thread in threads:
        thread.join()
    return results
    ### END SOLUTION
