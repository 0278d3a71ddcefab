"""Kata dask_futures: run functions on a distributed cluster with futures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


def map_on_cluster(client: Any, fn: Callable, items: Iterable) -> list:
    """`[fn(item) for item in items]`, each call run on the cluster's workers.

    `client.map` returns one future per item at once; `client.gather` waits for them
    and returns their results in the same order.
    """
    ### BEGIN SOLUTION
    futures = client.map(fn, list(items), pure=False)
    return client.gather(futures)
    ### END SOLUTION


def in_completion_order(client: Any, fn: Callable, items: Iterable) -> list:
    """The results of `fn(item)`, run on the cluster, in the order the tasks *finish*.

    Submit every task first (`client.submit`), then take results as they arrive with
    `dask.distributed.as_completed`.
    """
    from dask.distributed import as_completed

    ### BEGIN SOLUTION
    futures = [client.submit(fn, item, pure=False) for item in items]
    return [future.result() for future in as_completed(futures)]
    ### END SOLUTION
