"""Mutant of kata purity: a module-level accumulator shared by every call."""

from collections.abc import Sequence

GROUPS: dict[str, list[str]] = {}


def with_city(cities: Sequence, city) -> list:
    return [*cities, city]


def group_by_continent(cities) -> dict[str, list[str]]:
    for city in cities:
        GROUPS.setdefault(city.continent, []).append(city.name)
    return GROUPS
