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
    # TODO: write map_with_errors; the lesson is README.md, kata crash_safe_map
    raise NotImplementedError("TODO: map_with_errors (kata crash_safe_map)")


def _outcome(future) -> Outcome | None:
    """The future's Outcome, or None when its pool broke before it could finish."""
    # TODO: write _outcome; the lesson is README.md, kata crash_safe_map
    raise NotImplementedError("TODO: _outcome (kata crash_safe_map)")


def _run_alone(fn: Callable[[Any], Any], item: Any, mp_context: BaseContext | None) -> Outcome:
    """Run one item in a pool of its own; its death can then only be its own fault."""
    # TODO: write _run_alone; the lesson is README.md, kata crash_safe_map
    raise NotImplementedError("TODO: _run_alone (kata crash_safe_map)")
