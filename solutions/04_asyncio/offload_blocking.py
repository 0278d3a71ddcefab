"""Kata offload_blocking: run blocking or CPU-heavy calls in threads, keep the loop free."""

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


async def run_blocking(func: Callable[..., T], *args: Any) -> T:
    """Run the blocking call `func(*args)` in a worker thread and await its result."""
    ### BEGIN SOLUTION
    return await asyncio.to_thread(func, *args)
    ### END SOLUTION


async def map_blocking(func: Callable[[Any], T], items: list[Any]) -> list[T]:
    """Call the blocking `func` on every item, all at the same time in worker threads.

    Results come back in `items` order; the event loop stays free the whole time.
    """
    ### BEGIN SOLUTION
    return list(await asyncio.gather(*(run_blocking(func, item) for item in items)))
    ### END SOLUTION
