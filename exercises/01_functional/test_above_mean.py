from above_mean import cities_above_mean

from graders.data import CITIES, City


def test_only_london_is_above_the_mean():
    got = cities_above_mean(CITIES)
    assert got == ["London"], (
        f"cities_above_mean gave {got!r}; expected ['London']. The mean is 3.7; Berlin has "
        "exactly 3.7, so it is not strictly above the mean: use `>`, not `>=`."
    )


def test_edge_cases():
    assert cities_above_mean([]) == [], "no cities should give an empty list, not an error."
    equal = [City("A", 1.0, "x"), City("B", 1.0, "x")]
    assert cities_above_mean(equal) == [], "cities all at the mean: none is above it."
