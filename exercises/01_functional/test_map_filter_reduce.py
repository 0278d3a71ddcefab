"""Kata map_filter_reduce: what the lesson says it proves, and the test that checks each claim.

- `lower_names` lower-cases every name, keeps the input order (names that do not come sorted)
  and every repeat (no set), takes any iterable (a one-shot iterator too) and leaves its
  input alone: test_lower_names_keeps_order, test_lower_names_takes_any_names.
- `big_cities` keeps the cities strictly above the threshold it is given (any threshold),
  in input order: test_big_cities_is_strict, test_big_cities_follows_the_threshold.
- `total_population` sums every population, for any cities and a one-shot iterator, exactly
  (populations with many decimals: no rounding): test_total_population_with_reduce; no
  cities give 0 (reduce with a start value), an empty list and an empty one-shot iterator
  alike (an empty iterator is truthy, so `if cities` does not spot it), with the lesson's
  sentence rather than reduce's TypeError: test_total_population_of_no_cities_is_zero.
"""

import math

import pytest
from map_filter_reduce import big_cities, lower_names, total_population

from graders.data import CITIES, City

# Not the lesson's cities: populations and names that sort unlike their order, a tie with a
# threshold, a zero, and values nobody could have hard-coded from the lesson.
OTHERS = (
    City("Quito", 2.75, "sa"),
    City("Osaka", 0.0, "as"),
    City("Zürich", 0.5, "eu"),
    City("Accra", 2.5, "af"),
    City("Lima", 10.25, "sa"),
    City("Bergen", 0.25, "eu"),
)


def test_lower_names_keeps_order():
    names = [city.name for city in CITIES]
    got = lower_names(names)
    assert got == ["berlin", "auckland", "london", "sheffield"], (
        f"lower_names returned {got!r}; expected each name lower-cased, in the same order. "
        "Try `map(str.lower, names)` and turn the result into a list."
    )
    assert names[0] == "Berlin", "lower_names changed its input list; build a new list instead."


def test_lower_names_takes_any_names():
    names = ["ZÜRICH", "Ulan Bator", "aBC", "São Paulo", "Accra", "ACCRA"]
    got = lower_names(iter(names))
    expected = ["zürich", "ulan bator", "abc", "são paulo", "accra", "accra"]
    assert got == expected, (
        f"lower_names of a one-shot iterator over {names!r} returned {got!r}; expected "
        f"{expected!r}: every letter lower-cased, in input order (not sorted), one name out "
        "for each name in (repeats kept, no set), reading the names once. "
        "`list(map(str.lower, names))` does all of that."
    )


def test_big_cities_is_strict():
    got = big_cities(CITIES, 1.0)
    assert got == ["Berlin", "Auckland", "London"], (
        f"big_cities(CITIES, 1.0) returned {got!r}; expected ['Berlin', 'Auckland', 'London'] "
        "(population strictly above the threshold, in input order)."
    )
    assert big_cities(CITIES, 3.7) == ["London"], (
        "big_cities(CITIES, 3.7) should exclude Berlin, whose population equals 3.7: use `>`."
    )


@pytest.mark.parametrize(("threshold", "expected"), [
    (2.5, ["Quito", "Lima"]),
    (0.0, ["Quito", "Zürich", "Accra", "Lima", "Bergen"]),
    (20.0, []),
])
def test_big_cities_follows_the_threshold(threshold, expected):
    got = big_cities(iter(OTHERS), threshold)
    assert got == expected, (
        f"big_cities(cities, {threshold}) returned {got!r}; expected {expected!r}: the cities "
        f"whose population is strictly above {threshold} (the threshold you are given, "
        "with `>`), in input order, from a one-shot iterator read once."
    )


def test_total_population_with_reduce():
    got = total_population(CITIES)
    assert got == pytest.approx(14.8), f"total_population gave {got!r}; expected 14.8."
    other = total_population(iter(OTHERS))
    assert other == pytest.approx(16.25), (
        f"total_population of six other cities (a one-shot iterator) gave {other!r}; "
        "expected 16.25, the sum of every population."
    )
    precise = [City("Delft", 0.103_251, "eu"), City("Suva", 0.093_977, "pac"),
               City("Apia", 0.036_674, "pac"), City("Nuuk", 0.019_605, "na")]
    expected = math.fsum(city.population for city in precise)
    got = total_population(iter(precise))
    assert got == pytest.approx(expected, rel=1e-9), (
        f"total_population of populations 0.103251, 0.093977, 0.036674 and 0.019605 gave "
        f"{got!r}; expected {expected!r}, their exact sum: do not round the total."
    )


def _total_of_no_cities(cities, shown: str):
    try:
        return total_population(cities)
    except TypeError as error:
        if "initial value" not in str(error):
            raise AssertionError(
                f"{shown} raised TypeError: {error}; expected 0: no cities have a total "
                "population of 0."
            ) from None
        raise AssertionError(
            f"{shown} raised TypeError: {error}. Give `reduce` a start value: "
            "`reduce(lambda total, city: total + city.population, cities, 0)`; without one "
            "it has nothing to return for no cities. A check such as `if cities` does not "
            "help: an empty one-shot iterator is truthy."
        ) from None


def test_total_population_of_no_cities_is_zero():
    got = _total_of_no_cities([], "total_population([])")
    assert got == 0, f"total_population([]) gave {got!r}; expected 0."
    got = _total_of_no_cities(iter([]), "total_population(iter([])), an empty one-shot iterator,")
    assert got == 0, f"total_population(iter([])) gave {got!r}; expected 0."
