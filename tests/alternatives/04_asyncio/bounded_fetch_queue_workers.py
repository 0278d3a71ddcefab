"""bounded_fetch written with `limit` worker tasks taking URLs from an asyncio.Queue."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def fetch_bounded(
    urls: list[str], fetch: Callable[[str], Awaitable[T]], limit: int
) -> dict[str, T]:
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    queue: asyncio.Queue[str] = asyncio.Queue()
    for url in urls:
        queue.put_nowait(url)
    results: dict[str, T] = {}

    async def worker() -> None:
        while not queue.empty():
            url = queue.get_nowait()
            results[url] = await fetch(url)

    async with asyncio.TaskGroup() as group:
        for _ in range(limit):
            group.create_task(worker())
    return results
