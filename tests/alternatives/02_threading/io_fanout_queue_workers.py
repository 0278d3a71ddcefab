"""Alternative for kata io_fanout: `workers` threads that take (index, item) from a queue."""

import queue
import threading
from collections.abc import Callable, Iterable
from typing import Any


def fetch_all(fetch: Callable[[Any], Any], items: Iterable[Any], workers: int) -> list[Any]:
    tasks: queue.Queue = queue.Queue()
    count = 0
    for count, item in enumerate(items, start=1):
        tasks.put((count - 1, item))
    results: list[Any] = [None] * count
    errors: list[BaseException] = []

    def work() -> None:
        while True:
            try:
                index, item = tasks.get_nowait()
            except queue.Empty:
                return
            try:
                results[index] = fetch(item)
            except Exception as error:
                errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
