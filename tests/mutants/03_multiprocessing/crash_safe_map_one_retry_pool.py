"""Mutant of kata crash_safe_map: retries the unfinished items in one shared pool of one."""

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, NamedTuple


class Outcome(NamedTuple):
    ok: bool
    value: Any = None
    error: str = ""


def map_with_errors(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                    mp_context: BaseContext | None = None) -> list[Outcome]:
    outcomes: list[Outcome | None] = [None] * len(items)
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        futures = [pool.submit(fn, item) for item in items]
        for index, future in enumerate(futures):
            outcomes[index] = _outcome(future)
    with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as retry:
        for index, outcome in enumerate(outcomes):
            if outcome is None:
                try:
                    again = _outcome(retry.submit(fn, items[index]))
                except BrokenProcessPool:
                    again = None
                outcomes[index] = again or Outcome(False, error="the worker process died")
    return outcomes


def _outcome(future) -> Outcome | None:
    try:
        return Outcome(True, future.result())
    except BrokenProcessPool:
        return None
    except Exception as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}")
