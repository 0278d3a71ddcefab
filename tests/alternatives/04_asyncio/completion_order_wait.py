"""completion_order with asyncio.wait(FIRST_COMPLETED): take whatever is done, again and
again; fastest cancels what is still pending and waits for it."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def _tagged(url: str, fetch: Callable[[str], Awaitable[T]]) -> tuple[str, T]:
    return url, await fetch(url)


async def in_completion_order(
    urls: list[str], fetch: Callable[[str], Awaitable[T]]
) -> list[tuple[str, T]]:
    pending = {asyncio.create_task(_tagged(url, fetch)) for url in urls}
    pairs: list[tuple[str, T]] = []
    while pending:
        done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
        pairs.extend(task.result() for task in done)
    return pairs


async def fastest(urls: list[str], fetch: Callable[[str], Awaitable[T]]) -> tuple[str, T]:
    tasks = [asyncio.create_task(_tagged(url, fetch)) for url in urls]
    done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending)
    return next(iter(done)).result()
