"""Alternative mr_city_means: a regular expression per pair, statistics.fmean per city."""

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable

PAIR = re.compile(r"([^\s,]+)\s+(-?\d+)")


def parse_city_line(line: str) -> list[tuple[str, int]]:
    return [(city, int(value)) for city, value in PAIR.findall(line)]


def city_means(lines: Iterable[str], exclude: Iterable[str] = ("london",)) -> dict[str, float]:
    excluded = frozenset(exclude)
    groups = defaultdict(list)
    for line in lines:
        for city, value in parse_city_line(line):
            if city not in excluded:
                groups[city].append(value)
    return {city: statistics.fmean(values) for city, values in groups.items()}
