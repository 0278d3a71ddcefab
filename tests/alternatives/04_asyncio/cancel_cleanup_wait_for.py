"""cancel_cleanup with asyncio.wait_for, and all_or_nothing with gather plus cancelling the
others by hand when one fails."""

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def fetch_or_default(
    fetch: Callable[[str], Awaitable[T]], url: str, seconds: float, default: T
) -> T:
    try:
        return await asyncio.wait_for(fetch(url), timeout=seconds)
    except TimeoutError:
        return default


async def guarded(job: Callable[[], Awaitable[T]], log: list[str]) -> T:
    cancelled = False
    try:
        return await job()
    except asyncio.CancelledError:
        cancelled = True
        raise
    finally:
        if cancelled:
            log.append("cancelled")
        log.append("cleanup")


async def all_or_nothing(jobs: list[Callable[[], Coroutine[Any, Any, T]]]) -> list[T]:
    tasks = [asyncio.create_task(job()) for job in jobs]
    try:
        return list(await asyncio.gather(*tasks))
    except BaseException:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        raise
