"""Kata crash_safe_map: one crashing worker must not hang the map or lose the other results."""

from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Any, NamedTuple


class Outcome(NamedTuple):
    """What happened to one item: ok with its value, or not ok with an error message."""

    ok: bool
    value: Any = None
    error: str = ""


def map_with_errors(fn: Callable[[Any], Any], items: Sequence[Any], workers: int,
                    mp_context: BaseContext | None = None) -> list[Outcome]:
    """One Outcome per item, in order, even when fn raises or kills its worker process.

    A task that raises gives Outcome(False, error="ValueError: ..."). A task whose process
    dies (a segfault, os._exit, the OOM killer) breaks the whole pool, and every unfinished
    task fails with BrokenProcessPool; run those again, each alone in a fresh pool, to tell
    the item that crashes (Outcome(False, error="... died ...")) from its innocent neighbours.
    """
    ### BEGIN SOLUTION
    outcomes: list[Outcome | None] = [None] * len(items)
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
        futures = []
        for item in items:
            try:
                futures.append(pool.submit(fn, item))
            except BrokenProcessPool:  # a worker died before every item was submitted
                break
        for index, future in enumerate(futures):
            outcomes[index] = _outcome(future)
    for index, outcome in enumerate(outcomes):
        if outcome is None:
            outcomes[index] = _run_alone(fn, items[index], mp_context)
    return outcomes
    ### END SOLUTION


def _outcome(future) -> Outcome | None:
    """The future's Outcome, or None when its pool broke before it could finish."""
    ### BEGIN SOLUTION
    try:
        return Outcome(True, future.result())
    except BrokenProcessPool:
        return None
    except Exception as error:
        return Outcome(False, error=f"{type(error).__name__}: {error}")
    ### END SOLUTION


def _run_alone(fn: Callable[[Any], Any], item: Any, mp_context: BaseContext | None) -> Outcome:
    """Run one item in a pool of its own; its death can then only be its own fault."""
    ### BEGIN SOLUTION
    with ProcessPoolExecutor(max_workers=1, mp_context=mp_context) as pool:
        outcome = _outcome(pool.submit(fn, item))
    if outcome is None:
        return Outcome(False, error="the worker process died while running this item")
    return outcome
    ### END SOLUTION
