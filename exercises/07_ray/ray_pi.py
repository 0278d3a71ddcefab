"""Kata ray_pi: Monte-Carlo pi, one Ray task per batch of samples."""

from __future__ import annotations


def count_inside(samples: int, seed: int) -> int:
    """How many of `samples` random points in the unit square fall in the quarter circle.

    Draw the points with `numpy.random.default_rng(seed)`: x = rng.random(samples), then
    y = rng.random(samples); count those with x*x + y*y <= 1.
    """
    import numpy as np

    # TODO: write count_inside; the lesson is README.md, kata ray_pi
    raise NotImplementedError("TODO: count_inside (kata ray_pi)")


def estimate_pi(tasks: int, samples_per_task: int) -> float:
    """4 * (points inside) / (all points), with task i running `count_inside(n, seed=i)`."""
    import ray

    # TODO: write estimate_pi; the lesson is README.md, kata ray_pi
    raise NotImplementedError("TODO: estimate_pi (kata ray_pi)")
