"""Kata gather_counts: the course's count example, run concurrently on one event loop."""

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


async def count(log: list[str], delay: float = 1.0) -> None:
    """Append "One" to `log`, wait `delay` seconds without blocking the loop, append "Two"."""
    # TODO: write count; the lesson is README.md, kata gather_counts
    raise NotImplementedError("TODO: count (kata gather_counts)")


async def count_concurrently(n: int = 3, delay: float = 1.0) -> list[str]:
    """Run `n` `count` coroutines at the same time (`asyncio.gather`); return their shared log."""
    # TODO: write count_concurrently; the lesson is README.md, kata gather_counts
    raise NotImplementedError("TODO: count_concurrently (kata gather_counts)")


async def run_concurrently(jobs: list[Callable[[], Coroutine[Any, Any, T]]]) -> list[T]:
    """Start every job at once in an `asyncio.TaskGroup`; return the results in `jobs` order."""
    # TODO: write run_concurrently; the lesson is README.md, kata gather_counts
    raise NotImplementedError("TODO: run_concurrently (kata gather_counts)")
