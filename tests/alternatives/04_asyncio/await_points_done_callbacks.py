"""await_points in another style: each fetch's done callback makes its update."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any


async def add_sizes(urls: Iterable[str], fetch: Callable[[str], Awaitable[int]], cell: Any) -> None:
    """One task per URL; a done callback adds its size, on the loop, with no await inside."""

    def add(task: asyncio.Task) -> None:
        cell.write(cell.read() + task.result())

    tasks = [asyncio.ensure_future(fetch(url)) for url in urls]
    for task in tasks:
        task.add_done_callback(add)
    await asyncio.gather(*tasks)
