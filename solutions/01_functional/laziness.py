"""Kata laziness: describe the work now, do it only when someone asks for the results."""

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any


def lazy_map(func: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
    """An iterator of func(item) for each item; `func` runs only as results are consumed."""
    ### BEGIN SOLUTION
    return map(func, items)
    ### END SOLUTION


def first_n(items: Iterable[Any], n: int) -> list[Any]:
    """The first `n` items as a list (all of them if there are fewer), consuming no more of
    `items` than that.

    It must work on endless iterators such as `itertools.count()`.
    """
    ### BEGIN SOLUTION
    return list(islice(items, n))
    ### END SOLUTION
