"""Kata partial_application: fix some arguments now, supply the rest later."""

from collections.abc import Callable, Iterable
from functools import partial


def scale(value: float, factor: float) -> float:
    """`value` times `factor` (given: the function to specialise)."""
    return value * factor


def make_scaler(factor: float) -> Callable[[float], float]:
    """A one-argument function that multiplies by `factor`: a `functools.partial` of scale."""
    ### BEGIN SOLUTION
    return partial(scale, factor=factor)
    ### END SOLUTION


def populations_in_thousands(cities: Iterable) -> list[float]:
    """Every city's population (millions) in thousands, using map with make_scaler(1000)."""
    ### BEGIN SOLUTION
    return list(map(make_scaler(1000), (city.population for city in cities)))
    ### END SOLUTION
