"""Alternative for kata continent_means: populations grouped per continent in one pass, then
statistics.fmean of each group (fsum adds them in another way than a running total)."""

import statistics
from collections.abc import Iterable


def continent_means(cities: Iterable) -> dict[str, float]:
    groups: dict[str, list[float]] = {}
    for city in cities:
        groups.setdefault(city.continent, []).append(city.population)
    return {continent: statistics.fmean(values) for continent, values in groups.items()}
