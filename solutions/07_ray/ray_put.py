"""Kata ray_put: share one large array with many tasks through the object store."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def window_sum(data: Any, start: int, width: int) -> float:
    """The sum of `data[start:start + width]` (the work each task does)."""
    return float(data[start:start + width].sum())


def window_sums(data: Any, starts: Iterable[int], width: int) -> list[float]:
    """`window_sum(data, start, width)` for every start, one Ray task each.

    Passing `data` to every `.remote` call copies it into the object store once per task.
    Put it there once with `ray.put(data)` and pass the ObjectRef instead: Ray hands each
    task the stored array (zero-copy for NumPy on the same machine).
    """
    import ray

    ### BEGIN SOLUTION
    shared = ray.put(data)
    remote_sum = ray.remote(window_sum)
    return ray.get([remote_sum.remote(shared, start, width) for start in starts])
    ### END SOLUTION
