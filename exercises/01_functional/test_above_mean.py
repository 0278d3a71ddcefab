"""Kata above_mean: what the lesson says it proves, and the test that checks each claim.

- The names of the cities strictly above the mean population (not `>=`, not the median,
  not a rounded mean or a margin, absolute or relative, even for populations 0.001 apart;
  not a hard-coded answer), in input order:
  test_only_london_is_above_the_mean, test_above_the_mean_of_other_cities.
- No cities give an empty list, not a ZeroDivisionError; cities all at the mean give none:
  test_edge_cases.
"""

from above_mean import cities_above_mean

from graders.data import CITIES, City

# Mean 3.0 (exact in binary), median 1.5: names unsorted, one city exactly at the mean.
OTHERS = [
    City("Quito", 4.5, "sa"),
    City("Osaka", 1.0, "as"),
    City("Accra", 3.0, "af"),
    City("Bergen", 0.5, "eu"),
    City("Lima", 8.0, "sa"),
    City("Zagreb", 1.0, "eu"),
    City("Kyoto", 3.25, "as"),
    City("Oslo", 2.75, "eu"),
]


def test_only_london_is_above_the_mean():
    got = cities_above_mean(CITIES)
    assert got == ["London"], (
        f"cities_above_mean gave {got!r}; expected ['London']. The mean is 3.7; Berlin has "
        "exactly 3.7, so it is not strictly above the mean: use `>`, not `>=`."
    )


def test_above_the_mean_of_other_cities():
    got = cities_above_mean(OTHERS)
    expected = ["Quito", "Lima", "Kyoto"]
    assert got == expected, (
        f"cities_above_mean of eight other cities gave {got!r}; expected {expected!r}. Their "
        "mean population is 3.0 (the sum 24.0 over 8 cities; Accra, at exactly 3.0, is not "
        "above it), and the names stay in input order."
    )
    small = [City("Vaduz", 0.25, "eu"), City("Nuuk", 0.75, "na"), City("Apia", 0.5, "pac")]
    got = cities_above_mean(small)
    assert got == ["Nuuk"], (
        f"cities_above_mean of populations 0.25, 0.75 and 0.5 gave {got!r}; expected "
        "['Nuuk']: the mean is exactly 0.5 (the sum over the number of cities, starting "
        "from 0), and only 0.75 is above it."
    )
    close = [City("Vaduz", 1.0, "eu"), City("Nuuk", 1.02, "na"), City("Apia", 1.045, "pac"),
             City("Male", 1.095, "as")]
    got = cities_above_mean(close)
    assert got == ["Apia", "Male"], (
        f"cities_above_mean of populations 1.0, 1.02, 1.045 and 1.095 gave {got!r}; expected "
        "['Apia', 'Male']: the mean is 1.04, and 1.045 is above it while 1.02 is not. "
        "Compare with the exact mean: do not round it or add a margin."
    )
    tight = [City("Delft", 8.001, "eu"), City("Leiden", 8.002, "eu")]
    got = cities_above_mean(tight)
    assert got == ["Leiden"], (
        f"cities_above_mean of populations 8.001 and 8.002 gave {got!r}; expected "
        "['Leiden']: the mean is 8.0015, and only 8.002 is above it, by 0.0005. Compare with "
        "the exact mean: do not round it (to any number of places) or add a margin, "
        "absolute or relative."
    )


def test_edge_cases():
    try:
        got = cities_above_mean([])
    except ZeroDivisionError:
        raise AssertionError(
            "cities_above_mean([]) raised ZeroDivisionError: no cities have no mean. Return "
            "an empty list for no cities before dividing."
        ) from None
    assert got == [], f"no cities should give an empty list, not {got!r}."
    equal = [City("A", 1.0, "x"), City("B", 1.0, "x")]
    assert cities_above_mean(equal) == [], "cities all at the mean: none is above it."
