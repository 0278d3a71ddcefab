"""Mutant of kata io_fanout: the items split among `workers` threads up front (every
workers-th item to each), so a slow call holds back the rest of its thread's share."""

import threading
from collections.abc import Callable, Iterable
from typing import Any


def fetch_all(fetch: Callable[[Any], Any], items: Iterable[Any], workers: int) -> list[Any]:
    items = list(items)
    results: list[Any] = [None] * len(items)
    errors: list[BaseException] = []

    def run(start: int) -> None:
        try:
            for index in range(start, len(items), workers):
                results[index] = fetch(items[index])
        except BaseException as error:  # noqa: BLE001 - raised again in the caller
            errors.append(error)

    threads = [threading.Thread(target=run, args=(start,)) for start in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
