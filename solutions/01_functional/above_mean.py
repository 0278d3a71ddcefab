"""Kata above_mean: a filter that needs a global fact (the mean) first."""

from collections.abc import Sequence
from functools import reduce


def cities_above_mean(cities: Sequence) -> list[str]:
    """Names of cities whose population is strictly above the mean population.

    Reduce to the mean first (a (sum, count) pair), then filter. A city exactly at the
    mean is not above it. No cities gives an empty list.
    """
    ### BEGIN SOLUTION
    if not cities:
        return []
    total, count = reduce(lambda acc, c: (acc[0] + c.population, acc[1] + 1), cities, (0.0, 0))
    mean = total / count
    return [city.name for city in cities if city.population > mean]
    ### END SOLUTION
