"""Alternative for kata continent_means: two dicts filled in one loop."""

from collections.abc import Iterable


def continent_means(cities: Iterable) -> dict[str, float]:
    sums: dict[str, float] = {}
    counts: dict[str, int] = {}
    for city in cities:
        sums[city.continent] = sums.get(city.continent, 0.0) + city.population
        counts[city.continent] = counts.get(city.continent, 0) + 1
    return {continent: sums[continent] / counts[continent] for continent in sums}
