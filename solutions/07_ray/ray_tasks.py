"""Kata ray_tasks: remote tasks, ObjectRefs and ray.get."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def submit_all(fn: Callable, items: Iterable) -> list:
    """Start `fn(item)` as a Ray task for every item; return the ObjectRefs, without waiting.

    `ray.remote(fn)` turns a plain function into a remote one; `.remote(item)` starts a
    task and returns at once with an ObjectRef, a ticket for the future result.
    """
    import ray

    ### BEGIN SOLUTION
    remote_fn = ray.remote(fn)
    return [remote_fn.remote(item) for item in items]
    ### END SOLUTION


def run_all(fn: Callable, items: Iterable) -> list:
    """The results `[fn(item) for item in items]`, computed as Ray tasks, in item order."""
    import ray

    ### BEGIN SOLUTION
    return ray.get(submit_all(fn, items))
    ### END SOLUTION
