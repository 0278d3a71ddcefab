"""Kata purity: same input, same output, and no changes to anything outside."""

from collections.abc import Iterable, Sequence
from functools import reduce


def with_city(cities: Sequence, city) -> list:
    """A new list: `cities` followed by `city`. The input list is left untouched."""
    # TODO: write with_city; the lesson is README.md, kata purity
    raise NotImplementedError("TODO: with_city (kata purity)")


def group_by_continent(cities: Iterable) -> dict[str, list[str]]:
    """City names per continent, in input order, built with `functools.reduce`.

    Calling it twice must give equal, separate results: no state shared between calls.
    """
    # TODO: write group_by_continent; the lesson is README.md, kata purity
    raise NotImplementedError("TODO: group_by_continent (kata purity)")
