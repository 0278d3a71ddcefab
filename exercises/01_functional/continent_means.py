"""Kata continent_means: group, then average each group by its own size."""

from collections.abc import Iterable
from functools import reduce


def continent_means(cities: Iterable) -> dict[str, float]:
    """The mean population per continent, e.g. {'eu': 4.37, 'pac': 1.7} for the course data.

    Reduce to (sum, count) per continent, then map each pair to sum / count.
    """
    # TODO: write continent_means; the lesson is README.md, kata continent_means
    raise NotImplementedError("TODO: continent_means (kata continent_means)")
