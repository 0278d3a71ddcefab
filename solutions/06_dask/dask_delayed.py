"""Kata dask_delayed: build a lazy task graph, then compute it once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def lazy_total(work: Callable[[Any], float], items: Iterable) -> Any:
    """A Delayed for `sum(work(item) for item in items)`; nothing may run yet.

    Wrap the *function* in `dask.delayed`, then call the wrapped function: each call
    adds one task to the graph instead of running `work`.
    """
    import dask

    ### BEGIN SOLUTION
    parts = [dask.delayed(work)(item) for item in items]
    return dask.delayed(sum)(parts)
    ### END SOLUTION


def total(work: Callable[[Any], float], items: Iterable) -> float:
    """The same sum, computed with exactly one `compute` over the whole graph."""
    import dask

    ### BEGIN SOLUTION
    (result,) = dask.compute(lazy_total(work, items))
    return result
    ### END SOLUTION
