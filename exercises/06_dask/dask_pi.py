"""Kata dask_pi: Monte-Carlo pi on a chunked dask array."""

from __future__ import annotations

from typing import Any


def pi_estimate(samples: int, chunk: int, seed: int = 0) -> Any:
    """A lazy dask value estimating pi from `samples` random points in the unit square.

    Draw x and y with `dask.array.random.default_rng(seed).random(samples, chunks=chunk)`:
    the fraction of points with x*x + y*y <= 1 approaches pi / 4. Return the lazy result;
    every chunk is an independent task, so the workers share the sampling.
    """
    import dask.array as da

    # TODO: write pi_estimate; the lesson is README.md, kata dask_pi
    raise NotImplementedError("TODO: pi_estimate (kata dask_pi)")
