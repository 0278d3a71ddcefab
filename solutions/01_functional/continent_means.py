"""Kata continent_means: group, then average each group by its own size."""

from collections.abc import Iterable
from functools import reduce


def continent_means(cities: Iterable) -> dict[str, float]:
    """The mean population per continent, e.g. {'eu': 4.37, 'pac': 1.7} for the course data.

    Reduce to (sum, count) per continent, then map each pair to sum / count.
    """
    ### BEGIN SOLUTION
    def add(totals: dict[str, tuple[float, int]], city) -> dict[str, tuple[float, int]]:
        total, count = totals.get(city.continent, (0.0, 0))
        return {**totals, city.continent: (total + city.population, count + 1)}

    totals = reduce(add, cities, {})
    return {continent: total / count for continent, (total, count) in totals.items()}
    ### END SOLUTION
