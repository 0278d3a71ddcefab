"""Mutant of kata io_fanout: one thread per item, so nothing bounds the calls in flight."""

import threading
from collections.abc import Callable, Iterable
from typing import Any


def fetch_all(fetch: Callable[[Any], Any], items: Iterable[Any], workers: int) -> list[Any]:
    items = list(items)
    results: list[Any] = [None] * len(items)

    def run(index: int, item: Any) -> None:
        results[index] = fetch(item)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(items)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
