"""Alternative for kata purity: list concatenation and a fresh defaultdict in a loop."""

from collections import defaultdict
from collections.abc import Iterable, Sequence


def with_city(cities: Sequence, city) -> list:
    return list(cities) + [city]


def group_by_continent(cities: Iterable) -> dict[str, list[str]]:
    groups: defaultdict[str, list[str]] = defaultdict(list)
    for city in cities:
        groups[city.continent].append(city.name)
    return dict(groups)
