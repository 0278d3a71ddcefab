"""Kata many_waits: ten thousand waits at once, on one thread, in the time of one."""

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def wait_for_all(n: int, wait: Callable[[int], Awaitable[T]]) -> list[T]:
    """Run `await wait(i)` for every i in range(n), all at the same time; return the
    results in the order of i.

    n may be 10,000 or more: every wait is a task on this one thread, not a thread of its
    own, so do not bound how many run at once.
    """
    # TODO: write wait_for_all; the lesson is README.md, kata many_waits
    raise NotImplementedError("TODO: wait_for_all (kata many_waits)")
