"""Kata gather_counts: the course's count example, run concurrently on one event loop."""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def count(log: list[str], delay: float = 1.0) -> None:
    """Append "One" to `log`, wait `delay` seconds without blocking the loop, append "Two"."""
    ### BEGIN SOLUTION
    log.append("One")
    await asyncio.sleep(delay)
    log.append("Two")
    ### END SOLUTION


async def count_concurrently(n: int = 3, delay: float = 1.0) -> list[str]:
    """Run `n` `count` coroutines at the same time (`asyncio.gather`); return their shared log."""
    ### BEGIN SOLUTION
    log: list[str] = []
    await asyncio.gather(*(count(log, delay) for _ in range(n)))
    return log
    ### END SOLUTION


async def run_concurrently(jobs: list[Callable[[], Coroutine[Any, Any, T]]]) -> list[T]:
    """Start every job at once in an `asyncio.TaskGroup`; return the results in `jobs` order."""
    ### BEGIN SOLUTION
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(job()) for job in jobs]
    return [task.result() for task in tasks]
    ### END SOLUTION
