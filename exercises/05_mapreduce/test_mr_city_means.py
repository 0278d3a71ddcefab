"""Kata mr_city_means: the course's city practical, with London really filtered out.

What the lesson says the kata proves, and the test that checks each claim:

- parse_city_line: (city, int value) pairs in the line's order (the values of type int,
  not float: test_parse_city_line), whatever the spacing
  around the commas and between a city and its value (tabs, double spaces), zeros
  included: test_parse_city_line, test_parse_city_line_with_irregular_spacing.
- city_means filters the excluded cities before reducing (the notebook forgot London):
  test_city_means_filters_london; it excludes exactly what `exclude` names, nothing when it
  is empty, and reads `exclude` and the lines once (one-shot iterators are allowed):
  test_city_means_honours_exclude.
- Each city's mean is over the lines that name it, on data unlike the lesson's (a city
  missing from some lines, zero values): test_city_means_with_missing_cities.
"""

import pytest
from mr_city_means import city_means, parse_city_line

from graders.support.mapreduce_support import CITY_LINES, returned

# Other cities than the lesson's; a city missing from some lines; zero values.
OTHER_LINES = (
    "oslo 4, lima 0, cairo 9",
    "lima 6, oslo 0",
    "cairo 3, quito 8, oslo 5",
)
OTHER_MEANS = {"cairo": 6.0, "lima": 3.0, "oslo": 3.0, "quito": 8.0}


def parse(line):
    """parse_city_line, with a teaching message where a whitespace split breaks."""
    try:
        return parse_city_line(line)
    except ValueError as error:
        raise AssertionError(
            f"parse_city_line({line!r}) raised ValueError ({error}). Cities and values may be "
            "separated by several spaces or a tab, and a comma may have spaces on either "
            "side or none: split the line on the comma alone (line.split(','), not ', '), "
            "then split each item with str.split() (no argument), which splits on any run of "
            "whitespace and ignores it at both ends."
        ) from None


def test_parse_city_line():
    got = parse(CITY_LINES[0])
    expected = [("berlin", 20), ("london", 25), ("auckland", 30), ("melbourne", 35)]
    assert got == expected, (
        f"parse_city_line({CITY_LINES[0]!r}) returned {got!r}; expected {expected!r} "
        "(int values, in the line's order). Split on ',' then on whitespace."
    )
    kinds = sorted({type(value).__name__ for _, value in got if type(value) is not int})
    assert not kinds, (
        f"parse_city_line({CITY_LINES[0]!r}) returned values of type {', '.join(kinds)}; "
        "expected int values, as the data holds whole numbers: convert with int(value), "
        "not float(value)."
    )


def test_parse_city_line_with_irregular_spacing():
    line = " quito\t7 ,lima  0,  oslo 12 "
    got = parse(line)
    expected = [("quito", 7), ("lima", 0), ("oslo", 12)]
    assert got == expected, (
        f"parse_city_line({line!r}) returned {got!r}; expected {expected!r}: the same pairs "
        "whatever the spacing, in the line's order, with int values."
    )


def test_city_means_filters_london():
    got = returned(city_means(CITY_LINES), "city_means(lines)", "a dict")
    assert "london" not in got, (
        f"city_means kept london ({got.get('london')!r}); the practical asks to filter it "
        "out. The course notebook's own solution forgot this step: drop the excluded "
        "cities before reducing."
    )
    expected = {"auckland": 18.333333, "berlin": 11.666667, "melbourne": 20.0}
    assert got == pytest.approx(expected, abs=1e-4), (
        f"city_means returned {got!r}; expected about {expected!r}: the mean of each "
        "city's values over the three lines."
    )


def test_city_means_honours_exclude():
    got = returned(city_means(iter(CITY_LINES), exclude=()), "city_means(lines, exclude=())",
                   "a dict")
    assert sorted(got) == ["auckland", "berlin", "london", "melbourne"], (
        f"city_means(lines, exclude=()) has the cities {sorted(got)}; with nothing excluded "
        "all four should be there. Exclude exactly the cities in `exclude`, not london "
        "always."
    )
    assert got["london"] == pytest.approx(11.666667, abs=1e-4), (
        f"city_means(lines, exclude=()) gave london {got['london']!r}; expected 11.67."
    )
    got = city_means(iter(CITY_LINES), exclude=iter(["berlin", "melbourne"]))
    assert sorted(got) == ["auckland", "london"], (
        f"city_means(lines, exclude=iter(['berlin', 'melbourne'])) has the cities "
        f"{sorted(got)}; expected auckland and london. `exclude` and `lines` may be one-shot "
        "iterators: turn `exclude` into a set once, and read the lines in one pass."
    )


def test_city_means_with_missing_cities():
    got = returned(city_means(OTHER_LINES, exclude=("quito",)), "city_means", "a dict")
    expected = {key: value for key, value in OTHER_MEANS.items() if key != "quito"}
    assert got == pytest.approx(expected), (
        f"city_means({OTHER_LINES!r}, exclude=('quito',)) returned {got!r}; expected "
        f"{expected!r}. A city's mean is the sum of its values over the number of values it "
        "has (lima appears in two of the three lines), and a value of 0 counts."
    )
