"""Alternative for kata map_filter_reduce: comprehensions and sum() instead of map/filter/reduce."""

from collections.abc import Iterable


def lower_names(names: Iterable[str]) -> list[str]:
    return [name.casefold() for name in names]


def big_cities(cities: Iterable, threshold: float) -> list[str]:
    return [city.name for city in cities if city.population > threshold]


def total_population(cities: Iterable) -> float:
    return sum(city.population for city in cities)
