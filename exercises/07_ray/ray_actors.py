"""Kata ray_actors: state that lives in one worker process, shared by many tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class Counter:
    """A counter. As a Ray actor, one process holds `count` and runs its calls in turn."""

    def __init__(self) -> None:
        self.count = 0

    def increment(self) -> int:
        """Add one and return the new count."""
        # TODO: write increment; the lesson is README.md, kata ray_actors
        raise NotImplementedError("TODO: increment (kata ray_actors)")


class Accumulator:
    """Collects values that many tasks report."""

    def __init__(self) -> None:
        self.total = 0.0
        self.reports = 0

    def add(self, value: float) -> None:
        """Add one reported value."""
        # TODO: write add; the lesson is README.md, kata ray_actors
        raise NotImplementedError("TODO: add (kata ray_actors)")

    def summary(self) -> tuple[float, int]:
        """(the total so far, how many values were reported)."""
        return self.total, self.reports


def make_counter() -> Any:
    """A new `Counter` actor: a handle whose methods are called with `.remote()`."""
    import ray

    # TODO: write make_counter; the lesson is README.md, kata ray_actors
    raise NotImplementedError("TODO: make_counter (kata ray_actors)")


def report(fn: Callable, item: Any, accumulator: Any) -> None:
    """A task body: compute `fn(item)` and report it to the accumulator actor."""
    import ray

    # TODO: write report; the lesson is README.md, kata ray_actors
    raise NotImplementedError("TODO: report (kata ray_actors)")


def accumulate(fn: Callable, items: Iterable) -> Any:
    """Run `report(fn, item, acc)` as a Ray task per item; return the `Accumulator` actor.

    Create one Accumulator actor, pass its handle to every task, and wait until every
    task has finished before returning the handle.
    """
    import ray

    # TODO: write accumulate; the lesson is README.md, kata ray_actors
    raise NotImplementedError("TODO: accumulate (kata ray_actors)")
