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

    # TODO: write lazy_total; the lesson is README.md, kata dask_delayed
    raise NotImplementedError("TODO: lazy_total (kata dask_delayed)")


def total(work: Callable[[Any], float], items: Iterable) -> float:
    """The same sum, computed with exactly one `compute` over the whole graph."""
    import dask

    # TODO: write total; the lesson is README.md, kata dask_delayed
    raise NotImplementedError("TODO: total (kata dask_delayed)")
