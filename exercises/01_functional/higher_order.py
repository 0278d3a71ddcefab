"""Kata higher_order: functions are values you can pass in and return."""

from collections.abc import Callable
from typing import Any


def apply_to(func: Callable[[Any], Any], data: Any) -> Any:
    """Call `func` on `data` and return what it returns (the course's `controller`)."""
    # TODO: write apply_to; the lesson is README.md, kata higher_order
    raise NotImplementedError("TODO: apply_to (kata higher_order)")


def compose(*funcs: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One function that applies `funcs` right to left: compose(f, g)(x) == f(g(x)).

    With no functions, the result returns its argument unchanged.
    """
    # TODO: write compose; the lesson is README.md, kata higher_order
    raise NotImplementedError("TODO: compose (kata higher_order)")
