"""Kata generator_scheduler: coroutines are generators; a tiny event loop runs them in turns."""

from collections import deque
from collections.abc import Generator, Iterable


def count(log: list[str]) -> Generator[None, None, None]:
    """The count example as a generator: append "One", pause (`yield`), append "Two"."""
    ### BEGIN SOLUTION
    log.append("One")
    yield
    log.append("Two")
    ### END SOLUTION


def round_robin(generators: Iterable[Generator]) -> int:
    """Resume the generators in turns, one step (`next`) each, until every one has finished.

    A generator that finishes (raises StopIteration) leaves the queue; the others keep their
    order. Returns how many times a generator was resumed, the finishing step included.
    """
    ### BEGIN SOLUTION
    ready = deque(generators)
    steps = 0
    while ready:
        generator = ready.popleft()
        steps += 1
        try:
            next(generator)
        except StopIteration:
            continue
        ready.append(generator)
    return steps
    ### END SOLUTION
