"""Mutant of kata purity: a mutable default argument as the accumulator."""

from collections.abc import Sequence


def with_city(cities: Sequence, city) -> list:
    return [*cities, city]


def group_by_continent(cities, groups: dict[str, list[str]] = {}) -> dict[str, list[str]]:  # noqa: B006
    for city in cities:
        groups.setdefault(city.continent, []).append(city.name)
    return groups
