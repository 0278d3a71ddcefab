"""Kata partial_application: fix some arguments now, supply the rest later."""

from collections.abc import Callable, Iterable
from functools import partial


def scale(value: float, factor: float) -> float:
    """`value` times `factor` (given: the function to specialise)."""
    return value * factor


def make_scaler(factor: float) -> Callable[[float], float]:
    """A one-argument function that multiplies by `factor`: a `functools.partial` of scale."""
    # TODO: write make_scaler; the lesson is README.md, kata partial_application
    raise NotImplementedError("TODO: make_scaler (kata partial_application)")


def populations_in_thousands(cities: Iterable) -> list[float]:
    """Every city's population (millions) in thousands, using map with make_scaler(1000)."""
    # TODO: write populations_in_thousands; the lesson is README.md, kata partial_application
    raise NotImplementedError("TODO: populations_in_thousands (kata partial_application)")
