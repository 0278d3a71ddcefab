"""Kata async_pipeline: a producer and consumers joined by a bounded asyncio.Queue."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

STOP = object()  # the sentinel that tells a consumer there is no more work


async def pipeline(
    items: Iterable[Any],
    work: Callable[[Any], Awaitable[T]],
    workers: int = 2,
    maxsize: int = 2,
) -> list[T]:
    """Feed `items` through an `asyncio.Queue(maxsize)` to `workers` consumer tasks.

    Each consumer takes an item and awaits `work(item)`. Results come back in `items` order.
    Items are read lazily: the producer waits while the queue is full. When the function
    returns (or a `work` call fails), no consumer task is left running.
    """
    ### BEGIN SOLUTION
    queue: asyncio.Queue = asyncio.Queue(maxsize)
    results: dict[int, T] = {}

    async def consume() -> None:
        while (entry := await queue.get()) is not STOP:
            index, item = entry
            results[index] = await work(item)

    async with asyncio.TaskGroup() as group:
        for _ in range(workers):
            group.create_task(consume())
        for index, item in enumerate(items):
            await queue.put((index, item))
        for _ in range(workers):
            await queue.put(STOP)
    return [results[index] for index in sorted(results)]
    ### END SOLUTION
