"""Kata ray_pi: Monte-Carlo pi, one Ray task per batch of samples."""

from __future__ import annotations


def count_inside(samples: int, seed: int) -> int:
    """How many of `samples` random points in the unit square fall in the quarter circle.

    Draw the points with `numpy.random.default_rng(seed)`: x = rng.random(samples), then
    y = rng.random(samples); count those with x*x + y*y <= 1.
    """
    import numpy as np

    ### BEGIN SOLUTION
    rng = np.random.default_rng(seed)
    x = rng.random(samples)
    y = rng.random(samples)
    return int(np.count_nonzero(x * x + y * y <= 1.0))
    ### END SOLUTION


def estimate_pi(tasks: int, samples_per_task: int) -> float:
    """4 * (points inside) / (all points), with task i running `count_inside(n, seed=i)`."""
    import ray

    ### BEGIN SOLUTION
    remote_count = ray.remote(count_inside)
    inside = ray.get([remote_count.remote(samples_per_task, seed) for seed in range(tasks)])
    return 4.0 * sum(inside) / (tasks * samples_per_task)
    ### END SOLUTION
