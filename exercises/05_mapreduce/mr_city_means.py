"""Kata mr_city_means: the course's city practical, with London really filtered out."""

from collections import defaultdict
from collections.abc import Iterable


def parse_city_line(line: str) -> list[tuple[str, int]]:
    """Map one line like "berlin 20, london 25" to [("berlin", 20), ("london", 25)]."""
    # TODO: write parse_city_line; the lesson is README.md, kata mr_city_means
    raise NotImplementedError("TODO: parse_city_line (kata mr_city_means)")


def city_means(lines: Iterable[str], exclude: Iterable[str] = ("london",)) -> dict[str, float]:
    """The mean value per city over every line, leaving out the cities in `exclude`.

    Map each line to (city, value) pairs, filter out the excluded cities, shuffle (group by
    city), then reduce each group to its mean.
    """
    # TODO: write city_means; the lesson is README.md, kata mr_city_means
    raise NotImplementedError("TODO: city_means (kata mr_city_means)")
