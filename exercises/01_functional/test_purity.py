from purity import group_by_continent, with_city

from graders.data import CITIES, City

WELLINGTON = City("Wellington", 0.2, "pac")


def test_with_city_returns_a_new_list():
    cities = list(CITIES)
    got = with_city(cities, WELLINGTON)
    assert cities == list(CITIES), (
        "with_city changed the list it was given (did you call .append?). A pure function "
        "leaves its inputs alone: build and return a new list."
    )
    assert got == [*CITIES, WELLINGTON], f"with_city returned {got!r}."


def test_group_by_continent_is_repeatable():
    first = group_by_continent(CITIES)
    expected = {"eu": ["Berlin", "London", "Sheffield"], "pac": ["Auckland"]}
    assert first == expected, f"group_by_continent gave {first!r}; expected {expected!r}."
    second = group_by_continent(CITIES)
    assert second == expected, (
        f"the second call gave {second!r}, not the same as the first. State is leaking "
        "between calls: start every call from a fresh, empty accumulator (never a shared "
        "dict, never a mutable default argument)."
    )
    assert first is not second and first["eu"] is not second["eu"], (
        "two calls returned the same dict or lists; each call must build its own."
    )
