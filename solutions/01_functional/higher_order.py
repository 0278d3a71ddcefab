"""Kata higher_order: functions are values you can pass in and return."""

from collections.abc import Callable
from typing import Any


def apply_to(func: Callable[[Any], Any], data: Any) -> Any:
    """Call `func` on `data` and return what it returns (the course's `controller`)."""
    ### BEGIN SOLUTION
    return func(data)
    ### END SOLUTION


def compose(*funcs: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """One function that applies `funcs` right to left: compose(f, g)(x) == f(g(x)).

    With no functions, the result returns its argument unchanged.
    """
    ### BEGIN SOLUTION
    def composed(value: Any) -> Any:
        for func in reversed(funcs):
            value = func(value)
        return value

    return composed
    ### END SOLUTION
