"""Kata continent_means: what the lesson says it proves, and the test that checks each claim.

- Each continent's mean is its own sum over its own number of cities (not over the number of
  continents, nor over all cities): test_means_per_continent, test_means_of_other_cities.
- Every continent that occurs is a key, for any continents, a zero population and a one-shot
  iterator read once; no cities give {}: test_means_of_other_cities, test_no_cities.
- Each mean is exact to within a rounding error (relative 1e-12), never rounded to some
  places: test_means_per_continent, test_means_of_other_cities.
- An error is reported as what it is: the advice to read the cities once only when the same
  code works on a list but fails on a one-shot iterator: test_means_of_other_cities.
"""

import pytest
from continent_means import continent_means

from graders.data import CITIES, City

OTHERS = (
    City("Quito", 2.75, "sa"),
    City("Osaka", 2.5, "as"),
    City("Lima", 10.25, "sa"),
    City("Nuuk", 0.0, "na"),
    City("Bogotá", 7.5, "sa"),
    City("Kyoto", 1.5, "as"),
)


# Each continent's mean to within a rounding error (another order of summing, such as
# statistics.fmean's, may differ in the last bits), never cut to a number of places.
CLOSE = 1e-12

OTHER_MEANS = {"sa": 20.5 / 3, "as": 2.0, "na": 0.0}


def _means(cities: tuple) -> dict:
    try:
        return continent_means(iter(cities))
    except (TypeError, ZeroDivisionError) as error:
        failure = f"{type(error).__name__}: {error}"
    try:
        continent_means(list(cities))
    except Exception:  # noqa: BLE001 - it fails on a list too: not about reading once
        raise AssertionError(
            f"continent_means of six other cities raised {failure}, on a list too (not only "
            f"on a one-shot iterator); expected {OTHER_MEANS!r}: each continent's sum over "
            "its own number of cities."
        ) from None
    raise AssertionError(
        f"continent_means of a one-shot iterator raised {failure}, though it works on a "
        "list. The cities can be read only once: no len(cities), no second loop. Reduce "
        "them in one pass to {continent: (sum, count)}, then divide each sum by its count."
    )


def test_means_per_continent():
    got = continent_means(CITIES)
    assert set(got) == {"eu", "pac"}, f"continent_means gave keys {sorted(got)}."
    if got["eu"] == pytest.approx(6.55) or got["pac"] == pytest.approx(0.85):
        raise AssertionError(
            f"continent_means gave {got!r}: each sum was divided by the number of "
            "continents (2). Divide each continent's sum by its own number of cities."
        )
    expected = {"eu": (3.7 + 8.9 + 0.5) / 3, "pac": 1.7}
    assert got == pytest.approx(expected, rel=CLOSE), (
        f"continent_means gave {got!r}; expected eu 4.3667 (3.7 + 8.9 + 0.5 over 3, that is "
        f"{expected['eu']!r}, not rounded) and pac 1.7."
    )


def test_means_of_other_cities():
    got = _means(OTHERS)
    assert got == pytest.approx(OTHER_MEANS, rel=CLOSE), (
        f"continent_means of six other cities (a one-shot iterator) gave {got!r}; expected "
        f"sa 6.8333 (20.5 over 3 cities: {OTHER_MEANS['sa']!r}, not rounded), as 2.0 (4.0 "
        "over 2) and na 0.0 (one city of 0.0): every continent that occurs, each sum over "
        "that continent's own number of cities."
    )


def test_no_cities():
    try:
        got = continent_means([])
    except (ValueError, ZeroDivisionError, TypeError) as error:
        raise AssertionError(
            f"continent_means([]) raised {type(error).__name__}: {error}; expected {{}}. "
            "Give reduce a start value ({}) so that no cities give no continents."
        ) from None
    assert got == {}, f"continent_means([]) gave {got!r}; expected {{}}."
