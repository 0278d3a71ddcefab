"""Kata ray_wait: handle results as soon as each one is ready."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def as_they_finish(fn: Callable, items: Iterable) -> list:
    """The results of `fn(item)` as Ray tasks, in the order the tasks *finish*.

    `ray.wait(refs, num_returns=1)` returns `(ready, not_ready)` as soon as one more
    task is done: take its result, then wait again on the rest.
    """
    import ray

    ### BEGIN SOLUTION
    remote_fn = ray.remote(fn)
    pending = [remote_fn.remote(item) for item in items]
    results = []
    while pending:
        ready, pending = ray.wait(pending, num_returns=1)
        results.append(ray.get(ready[0]))
    return results
    ### END SOLUTION
