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
    # TODO: write in_completion_order; the lesson is README.md, kata completion_order
    raise NotImplementedError("TODO: in_completion_order (kata completion_order)")


async def fastest(urls: list[str], fetch: Callable[[str], Awaitable[T]]) -> tuple[str, T]:
    """Fetch every URL at once; return the first `(url, result)` to finish.

    The slower fetches are cancelled (and awaited) before it returns.
    """
    # TODO: write fastest; the lesson is README.md, kata completion_order
    raise NotImplementedError("TODO: fastest (kata completion_order)")
