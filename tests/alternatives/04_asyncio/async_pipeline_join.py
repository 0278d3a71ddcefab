"""async_pipeline with task_done/join: consumers loop forever and are cancelled once the
queue has been worked off; a TaskGroup still owns them."""

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
    queue: asyncio.Queue[tuple[int, Any]] = asyncio.Queue(maxsize)
    results: dict[int, T] = {}

    async def consume() -> None:
        while True:
            index, item = await queue.get()
            try:
                results[index] = await work(item)
            finally:
                queue.task_done()

    async with asyncio.TaskGroup() as group:
        consumers = [group.create_task(consume()) for _ in range(workers)]
        count = 0
        for count, item in enumerate(items, start=1):
            await queue.put((count - 1, item))
        await queue.join()
        for consumer in consumers:
            consumer.cancel()
    return [results[index] for index in range(count)]
