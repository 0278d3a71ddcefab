"""Mutant of async_pipeline: consumers started with create_task and never stopped."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")


async def pipeline(
    items: Iterable[Any],
    work: Callable[[Any], Awaitable[T]],
    workers: int = 2,
    maxsize: int = 2,
) -> list[T]:
    queue: asyncio.Queue = asyncio.Queue(maxsize)
    results: dict[int, T] = {}

    async def consume() -> None:
        while True:
            index, item = await queue.get()
            try:
                results[index] = await work(item)
            finally:
                queue.task_done()

    consumers = [asyncio.create_task(consume()) for _ in range(workers)]  # noqa: F841
    for index, item in enumerate(items):
        await queue.put((index, item))
    await queue.join()  # the consumers still wait on queue.get() after this
    return [results[index] for index in sorted(results)]
