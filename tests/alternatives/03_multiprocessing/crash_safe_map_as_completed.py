"""Alternative for kata crash_safe_map: results taken as they complete, retries one by one."""

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, NamedTuple


class Outcome(NamedTuple):
    ok: bool
    value: Any = None
    error: str = ""


def map_with_errors(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                    mp_context: BaseContext | None = None) -> list[Outcome]:
    outcomes: dict[int, Outcome] = {}
    broken: list[int] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        futures = {pool.submit(fn, item): index for index, item in enumerate(items)}
        for future in as_completed(futures):
            index = futures[future]
            try:
                outcomes[index] = Outcome(True, future.result())
            except BrokenProcessPool:
                broken.append(index)
            except Exception as error:
                outcomes[index] = Outcome(False, error=f"{type(error).__name__}: {error}")
    for index in sorted(broken):
        with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as alone:
            future = alone.submit(fn, items[index])
            try:
                outcomes[index] = Outcome(True, future.result())
            except BrokenProcessPool:
                outcomes[index] = Outcome(False, error="worker died")
            except Exception as error:
                outcomes[index] = Outcome(False, error=f"{type(error).__name__}: {error}")
    return [outcomes[index] for index in range(len(items))]
