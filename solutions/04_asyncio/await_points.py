"""Kata await_points: many coroutines update one shared value, without a lock, exactly."""

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from typing import Any


async def add_sizes(urls: Iterable[str], fetch: Callable[[str], Awaitable[int]], cell: Any) -> None:
    """Fetch every URL at the same time; add each size to `cell` as soon as it arrives.

    `await fetch(url)` returns a size (an int). `cell` has `read()` and `write(value)` and
    no lock; one update is `cell.write(cell.read() + size)`. Each coroutine makes its own
    update, with no `await` between its read and its write, so no other task runs between
    them. Return when every update is made.
    """
    ### BEGIN SOLUTION
    async def add_one(url: str) -> None:
        size = await fetch(url)
        cell.write(cell.read() + size)  # no await here: nothing else runs in between

    await asyncio.gather(*(add_one(url) for url in urls))
    ### END SOLUTION
