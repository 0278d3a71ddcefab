"""Kata above_mean: a filter that needs a global fact (the mean) first."""

from collections.abc import Sequence
from functools import reduce


def cities_above_mean(cities: Sequence) -> list[str]:
    """Names of cities whose population is strictly above the mean population.

    Reduce to the mean first (a (sum, count) pair), then filter. A city exactly at the
    mean is not above it. No cities gives an empty list.
    """
    # TODO: write cities_above_mean; the lesson is README.md, kata above_mean
    raise NotImplementedError("TODO: cities_above_mean (kata above_mean)")
