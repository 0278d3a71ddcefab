"""Kata ray_tasks: remote tasks, ObjectRefs and ray.get."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def submit_all(fn: Callable, items: Iterable) -> list:
    """Start `fn(item)` as a Ray task for every item; return the ObjectRefs, without waiting.

    `ray.remote(fn)` turns a plain function into a remote one; `.remote(item)` starts a
    task and returns at once with an ObjectRef, a ticket for the future result.
    """
    import ray

    # TODO: write submit_all; the lesson is README.md, kata ray_tasks
    raise NotImplementedError("TODO: submit_all (kata ray_tasks)")


def run_all(fn: Callable, items: Iterable) -> list:
    """The results `[fn(item) for item in items]`, computed as Ray tasks, in item order."""
    import ray

    # TODO: write run_all; the lesson is README.md, kata ray_tasks
    raise NotImplementedError("TODO: run_all (kata ray_tasks)")
