"""offload_blocking with loop.run_in_executor: the default executor for one call, a thread pool
of its own, sized to the items, for the map."""

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


async def run_blocking(func: Callable[..., T], *args: Any) -> T:
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(None, functools.partial(func, *args))


async def map_blocking(func: Callable[[Any], T], items: list[Any]) -> list[T]:
    if not items:
        return []
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=len(items)) as pool:
        futures = [loop.run_in_executor(pool, func, item) for item in items]
        return list(await asyncio.gather(*futures))
