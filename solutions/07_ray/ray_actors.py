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
        ### BEGIN SOLUTION
        self.count += 1
        return self.count
        ### END SOLUTION


class Accumulator:
    """Collects values that many tasks report."""

    def __init__(self) -> None:
        self.total = 0.0
        self.reports = 0

    def add(self, value: float) -> None:
        """Add one reported value."""
        ### BEGIN SOLUTION
        self.total += value
        self.reports += 1
        ### END SOLUTION

    def summary(self) -> tuple[float, int]:
        """(the total so far, how many values were reported)."""
        return self.total, self.reports


def make_counter() -> Any:
    """A new `Counter` actor: a handle whose methods are called with `.remote()`."""
    import ray

    ### BEGIN SOLUTION
    return ray.remote(Counter).remote()
    ### END SOLUTION


def report(fn: Callable, item: Any, accumulator: Any) -> None:
    """A task body: compute `fn(item)` and report it to the accumulator actor."""
    import ray

    ### BEGIN SOLUTION
    ray.get(accumulator.add.remote(fn(item)))
    ### END SOLUTION


def accumulate(fn: Callable, items: Iterable) -> Any:
    """Run `report(fn, item, acc)` as a Ray task per item; return the `Accumulator` actor.

    Create one Accumulator actor, pass its handle to every task, and wait until every
    task has finished before returning the handle.
    """
    import ray

    ### BEGIN SOLUTION
    accumulator = ray.remote(Accumulator).remote()
    remote_report = ray.remote(report)
    ray.get([remote_report.remote(fn, item, accumulator) for item in items])
    return accumulator
    ### END SOLUTION
