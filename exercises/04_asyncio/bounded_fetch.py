"""Kata bounded_fetch: many requests at once, but never more than `limit` in flight."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def fetch_bounded(
    urls: list[str], fetch: Callable[[str], Awaitable[T]], limit: int
) -> dict[str, T]:
    """Await `fetch(url)` for every URL, at most `limit` at a time; results keyed by URL.

    A `limit` below 1 raises ValueError (no request could ever start). If a fetch raises,
    fetch_bounded raises that error (or an ExceptionGroup holding it, as a TaskGroup does):
    a failed URL is never dropped or given a made-up result.
    """
    # TODO: write fetch_bounded; the lesson is README.md, kata bounded_fetch
    raise NotImplementedError("TODO: fetch_bounded (kata bounded_fetch)")
