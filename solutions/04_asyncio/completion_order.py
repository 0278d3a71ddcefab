"""Kata completion_order: take results as they finish, not in the order they were asked."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def _tagged(url: str, fetch: Callable[[str], Awaitable[T]]) -> tuple[str, T]:
    return url, await fetch(url)


async def in_completion_order(
    urls: list[str], fetch: Callable[[str], Awaitable[T]]
) -> list[tuple[str, T]]:
    """Fetch every URL at once; return `(url, result)` pairs in the order they finished."""
    ### BEGIN SOLUTION
    pending = [_tagged(url, fetch) for url in urls]
    return [await finished for finished in asyncio.as_completed(pending)]
    ### END SOLUTION


async def fastest(urls: list[str], fetch: Callable[[str], Awaitable[T]]) -> tuple[str, T]:
    """Fetch every URL at once; return the first `(url, result)` to finish.

    The slower fetches are cancelled (and awaited) before it returns.
    """
    ### BEGIN SOLUTION
    tasks = [asyncio.create_task(_tagged(url, fetch)) for url in urls]
    try:
        for finished in asyncio.as_completed(tasks):
            return await finished
        raise ValueError("fastest() needs at least one URL")
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    ### END SOLUTION
