"""Kata map_filter_reduce: the three building blocks of every distributed framework."""

from collections.abc import Iterable
from functools import reduce


def lower_names(names: Iterable[str]) -> list[str]:
    """Every name in lower case, in the same order, using `map`."""
    # TODO: write lower_names; the lesson is README.md, kata map_filter_reduce
    raise NotImplementedError("TODO: lower_names (kata map_filter_reduce)")


def big_cities(cities: Iterable, threshold: float) -> list[str]:
    """Names of the cities whose population is strictly above `threshold`, using `filter`."""
    # TODO: write big_cities; the lesson is README.md, kata map_filter_reduce
    raise NotImplementedError("TODO: big_cities (kata map_filter_reduce)")


def total_population(cities: Iterable) -> float:
    """The sum of every city's population with `functools.reduce`; 0 for no cities."""
    # TODO: write total_population; the lesson is README.md, kata map_filter_reduce
    raise NotImplementedError("TODO: total_population (kata map_filter_reduce)")
