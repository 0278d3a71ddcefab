"""Kata ray_parallel, written with ray.util.ActorPool (an alternative style)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


class Runner:
    """Runs `fn(item)`; as a Ray actor, each runner lives in its own worker process."""

    def run(self, fn: Callable, item):
        return fn(item)


def run_in_parallel(fn: Callable, items: Iterable) -> list:
    """`[fn(item) for item in items]` on a pool of actors that run at the same time."""
    import ray
    from ray.util import ActorPool

    ### BEGIN SOLUTION
    items = list(items)
    runner = ray.remote(Runner)
    pool = ActorPool([runner.remote() for _ in range(max(1, len(items)))])
    return list(pool.map(lambda actor, item: actor.run.remote(fn, item), items))
    ### END SOLUTION
