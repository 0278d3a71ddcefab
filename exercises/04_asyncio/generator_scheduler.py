"""Kata generator_scheduler: coroutines are generators; a tiny event loop runs them in turns."""

from collections import deque
from collections.abc import Generator, Iterable


def count(log: list[str]) -> Generator[None, None, None]:
    """The count example as a generator: append "One", pause (`yield`), append "Two"."""
    # TODO: write count; the lesson is README.md, kata generator_scheduler
    raise NotImplementedError("TODO: count (kata generator_scheduler)")


def round_robin(generators: Iterable[Generator]) -> int:
    """Resume the generators in turns, one step (`next`) each, until every one has finished.

    A generator that finishes (raises StopIteration) leaves the queue; the others keep their
    order. Returns how many times a generator was resumed, the finishing step included.
    """
    # TODO: write round_robin; the lesson is README.md, kata generator_scheduler
    raise NotImplementedError("TODO: round_robin (kata generator_scheduler)")
