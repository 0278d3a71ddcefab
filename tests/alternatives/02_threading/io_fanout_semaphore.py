"""Alternative for kata io_fanout: a thread per item, at most `workers` calls at once
(a Semaphore), and the first error raised again in the caller."""

import threading
from collections.abc import Callable, Iterable
from typing import Any


def fetch_all(fetch: Callable[[Any], Any], items: Iterable[Any], workers: int) -> list[Any]:
    items = list(items)
    results: list[Any] = [None] * len(items)
    errors: list[BaseException] = []
    slots = threading.Semaphore(workers)

    def run(index: int, item: Any) -> None:
        with slots:
            try:
                results[index] = fetch(item)
            except Exception as error:
                errors.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
