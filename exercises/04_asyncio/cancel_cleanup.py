"""Kata cancel_cleanup: timeouts, cancellation, and cleanup that always runs."""

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def fetch_or_default(
    fetch: Callable[[str], Awaitable[T]], url: str, seconds: float, default: T
) -> T:
    """Return `await fetch(url)`, or `default` when it takes longer than `seconds`.

    Use `asyncio.timeout`: when time is up it cancels the fetch, so nothing keeps running.
    """
    # TODO: write fetch_or_default; the lesson is README.md, kata cancel_cleanup
    raise NotImplementedError("TODO: fetch_or_default (kata cancel_cleanup)")


async def guarded(job: Callable[[], Awaitable[T]], log: list[str]) -> T:
    """Return `await job()`; append "cleanup" to `log` however it ends.

    When the task running it is cancelled, append "cancelled" first and let the
    cancellation go on (re-raise `asyncio.CancelledError`): the caller asked it to stop.
    """
    # TODO: write guarded; the lesson is README.md, kata cancel_cleanup
    raise NotImplementedError("TODO: guarded (kata cancel_cleanup)")


async def all_or_nothing(jobs: list[Callable[[], Coroutine[Any, Any, T]]]) -> list[T]:
    """Run every job at once in an `asyncio.TaskGroup`; return the results in `jobs` order.

    When one job fails, the others are cancelled at once and the failure comes out (as an
    ExceptionGroup): nothing is left running in the background.
    """
    # TODO: write all_or_nothing; the lesson is README.md, kata cancel_cleanup
    raise NotImplementedError("TODO: all_or_nothing (kata cancel_cleanup)")
