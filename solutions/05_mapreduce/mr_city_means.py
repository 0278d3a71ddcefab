"""Kata mr_city_means: the course's city practical, with London really filtered out."""

from collections import defaultdict
from collections.abc import Iterable


def parse_city_line(line: str) -> list[tuple[str, int]]:
    """Map one line like "berlin 20, london 25" to [("berlin", 20), ("london", 25)]."""
    ### BEGIN SOLUTION
    pairs = []
    for item in line.split(","):
        city, value = item.split()
        pairs.append((city, int(value)))
    return pairs
    ### END SOLUTION


def city_means(lines: Iterable[str], exclude: Iterable[str] = ("london",)) -> dict[str, float]:
    """The mean value per city over every line, leaving out the cities in `exclude`.

    Map each line to (city, value) pairs, filter out the excluded cities, shuffle (group by
    city), then reduce each group to its mean.
    """
    ### BEGIN SOLUTION
    excluded = set(exclude)
    pairs = [pair for line in lines for pair in parse_city_line(line)]
    kept = [(city, value) for city, value in pairs if city not in excluded]
    groups = defaultdict(list)
    for city, value in kept:
        groups[city].append(value)
    return {city: sum(values) / len(values) for city, values in sorted(groups.items())}
    ### END SOLUTION
