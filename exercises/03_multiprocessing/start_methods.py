"""Kata start_methods: choose how worker processes start, and send them picklable work."""

import multiprocessing
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any


def power(base: int, exponent: int) -> int:
    return base**exponent


def power_task(exponent: int) -> Callable[[int], int]:
    """A function x -> x ** exponent that can be pickled and sent to any worker process.

    A lambda or a nested function cannot be pickled (pickle sends functions by their
    importable name); a functools.partial of a module-level function can.
    """
    # TODO: write power_task; the lesson is README.md, kata start_methods
    raise NotImplementedError("TODO: power_task (kata start_methods)")


def map_with_start_method(fn: Callable[[Any], Any], items: Iterable[Any], workers: int,
                          start_method: str) -> list[Any]:
    """[fn(item) for item in items] in a pool of `workers` processes started by `start_method`.

    `start_method` is "spawn", "forkserver" or "fork"; use that method and no other.
    """
    # TODO: write map_with_start_method; the lesson is README.md, kata start_methods
    raise NotImplementedError("TODO: map_with_start_method (kata start_methods)")
