"""Kata purity: same input, same output, and no changes to anything outside."""

from collections.abc import Iterable, Sequence
from functools import reduce


def with_city(cities: Sequence, city) -> list:
    """A new list: `cities` followed by `city`. The input list is left untouched."""
    ### BEGIN SOLUTION
    return [*cities, city]
    ### END SOLUTION


def group_by_continent(cities: Iterable) -> dict[str, list[str]]:
    """City names per continent, in input order, built with `functools.reduce`.

    Calling it twice must give equal, separate results: no state shared between calls.
    """
    ### BEGIN SOLUTION
    def add(groups: dict[str, list[str]], city) -> dict[str, list[str]]:
        names = groups.get(city.continent, [])
        return {**groups, city.continent: [*names, city.name]}

    return reduce(add, cities, {})
    ### END SOLUTION
