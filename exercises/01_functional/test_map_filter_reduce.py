import pytest
from map_filter_reduce import big_cities, lower_names, total_population

from graders.data import CITIES


def test_lower_names_keeps_order():
    names = [city.name for city in CITIES]
    got = lower_names(names)
    assert got == ["berlin", "auckland", "london", "sheffield"], (
        f"lower_names returned {got!r}; expected each name lower-cased, in the same order. "
        "Try `map(str.lower, names)` and turn the result into a list."
    )
    assert names[0] == "Berlin", "lower_names changed its input list; build a new list instead."


def test_big_cities_is_strict():
    got = big_cities(CITIES, 1.0)
    assert got == ["Berlin", "Auckland", "London"], (
        f"big_cities(CITIES, 1.0) returned {got!r}; expected ['Berlin', 'Auckland', 'London'] "
        "(population strictly above the threshold, in input order)."
    )
    assert big_cities(CITIES, 3.7) == ["London"], (
        "big_cities(CITIES, 3.7) should exclude Berlin, whose population equals 3.7: use `>`."
    )


def test_total_population_with_reduce():
    got = total_population(CITIES)
    assert got == pytest.approx(14.8), f"total_population gave {got!r}; expected 14.8."
    assert total_population([]) == 0, (
        "total_population([]) must be 0: give `reduce` an initial value."
    )
