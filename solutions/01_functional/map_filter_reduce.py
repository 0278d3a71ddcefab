"""Kata map_filter_reduce: the three building blocks of every distributed framework."""

from collections.abc import Iterable
from functools import reduce


def lower_names(names: Iterable[str]) -> list[str]:
    """Every name in lower case, in the same order, using `map`."""
    ### BEGIN SOLUTION
    return list(map(str.lower, names))
    ### END SOLUTION


def big_cities(cities: Iterable, threshold: float) -> list[str]:
    """Names of the cities whose population is strictly above `threshold`, using `filter`."""
    ### BEGIN SOLUTION
    return [city.name for city in filter(lambda city: city.population > threshold, cities)]
    ### END SOLUTION


def total_population(cities: Iterable) -> float:
    """The sum of every city's population with `functools.reduce`; 0 for no cities."""
    ### BEGIN SOLUTION
    return reduce(lambda total, city: total + city.population, cities, 0)
    ### END SOLUTION
