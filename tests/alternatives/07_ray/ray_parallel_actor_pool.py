"""Kata ray_parallel, written with ray.util.ActorPool (an alternative style)."""

from __future__ import annotations

from collections.abc import Callable, Iterable


def run_in_parallel(fn: Callable, items: Iterable) -> list:
    """`[fn(item) for item in items]` on a pool of actors that run at the same time."""
    import ray
    from ray.util import ActorPool

    ### BEGIN SOLUTION
    @ray.remote
    class Runner:
        def run(self, item):
            return fn(item)

    items = list(items)
    pool = ActorPool([Runner.remote() for _ in range(max(1, len(items)))])
    return list(pool.map(lambda actor, item: actor.run.remote(item), items))
    ### END SOLUTION
