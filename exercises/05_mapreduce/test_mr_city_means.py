import pytest
from mr_city_means import city_means, parse_city_line

from graders.support.mapreduce_support import CITY_LINES


def test_parse_city_line():
    got = parse_city_line(CITY_LINES[0])
    expected = [("berlin", 20), ("london", 25), ("auckland", 30), ("melbourne", 35)]
    assert got == expected, (
        f"parse_city_line({CITY_LINES[0]!r}) returned {got!r}; expected {expected!r} "
        "(int values, in the line's order). Split on ',' then on whitespace."
    )


def test_city_means_filters_london():
    got = city_means(CITY_LINES)
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


def test_city_means_without_exclusion():
    got = city_means(CITY_LINES, exclude=())
    assert got.get("london") == pytest.approx(11.666667, abs=1e-4), (
        f"city_means(lines, exclude=()) returned {got!r}; with nothing excluded london "
        "should be there with mean 11.67."
    )
    assert sorted(got) == ["auckland", "berlin", "london", "melbourne"], (
        f"city_means(lines, exclude=()) has the cities {sorted(got)}; expected all four."
    )
