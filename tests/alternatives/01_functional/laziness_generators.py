"""Alternative for kata laziness: a generator function and an explicit loop."""

from collections.abc import Callable, Iterable, Iterator
from typing import Any


def lazy_map(func: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield func(item)


def first_n(items: Iterable[Any], n: int) -> list[Any]:
    taken: list[Any] = []
    if n <= 0:
        return taken
    for item in items:
        taken.append(item)
        if len(taken) == n:
            break
    return taken
