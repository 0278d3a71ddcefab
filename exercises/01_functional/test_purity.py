"""Kata purity: what the lesson says it proves, and the test that checks each claim.

- `with_city(cities, city)` returns a new list, `cities` followed by `city`, and leaves its
  input untouched, for a list or any other sequence (a tuple):
  test_with_city_returns_a_new_list, test_with_city_takes_any_sequence.
- `group_by_continent(cities)` gives the names per continent in input order (not sorted),
  one name per city (two cities of one continent may share a name: repeats kept), for any
  continents and a one-shot iterator: test_group_by_continent_keeps_input_order;
  two calls give equal, separate results (no state shared between calls), and a call
  changes no module-level dict, list or set of the kata (not even one it clears first):
  test_group_by_continent_is_repeatable.
"""

import copy

import purity
from purity import group_by_continent, with_city

from graders.data import CITIES, City

WELLINGTON = City("Wellington", 0.2, "pac")

# Names that are not alphabetical within a continent, continents the lesson never shows.
OTHERS = (
    City("Quito", 2.75, "sa"),
    City("Osaka", 2.7, "as"),
    City("Lima", 10.25, "sa"),
    City("Bergen", 0.25, "eu"),
    City("Bogotá", 7.4, "sa"),
    City("Kyoto", 1.5, "as"),
)


def test_with_city_returns_a_new_list():
    cities = list(CITIES)
    got = with_city(cities, WELLINGTON)
    assert cities == list(CITIES), (
        "with_city changed the list it was given (did you call .append?). A pure function "
        "leaves its inputs alone: build and return a new list."
    )
    assert got == [*CITIES, WELLINGTON], f"with_city returned {got!r}."
    assert got is not cities, "with_city returned the list it was given; return a new one."


def test_with_city_takes_any_sequence():
    try:
        got = with_city(OTHERS, WELLINGTON)
    except (AttributeError, TypeError) as error:
        raise AssertionError(
            f"with_city(a tuple of cities, city) raised {type(error).__name__}: {error}. "
            "The input may be any sequence, a tuple too: `[*cities, city]` builds a new list "
            "from any of them."
        ) from None
    assert got == [*OTHERS, WELLINGTON] and isinstance(got, list), (
        f"with_city(a tuple of 6 cities, Wellington) returned {got!r}; expected a list of the "
        "6 cities followed by Wellington."
    )


# Two cities of one continent with one name (San José in Costa Rica and in California).
SHARED_NAME = (City("San José", 0.35, "na"), City("Quito", 2.75, "sa"),
               City("San José", 1.0, "na"))


def test_group_by_continent_keeps_input_order():
    got = group_by_continent(iter(OTHERS))
    expected = {"sa": ["Quito", "Lima", "Bogotá"], "as": ["Osaka", "Kyoto"], "eu": ["Bergen"]}
    assert got == expected, (
        f"group_by_continent of six other cities (a one-shot iterator) gave {got!r}; "
        f"expected {expected!r}: every continent that occurs, its names in input order "
        "(not sorted)."
    )
    got = group_by_continent(iter(SHARED_NAME))
    expected = {"na": ["San José", "San José"], "sa": ["Quito"]}
    assert got == expected, (
        f"group_by_continent of two cities named San José in 'na' and Quito gave {got!r}; "
        f"expected {expected!r}: one name for each city, repeats kept (two cities may share "
        "a name), so no set and no dict.fromkeys."
    )


def _module_state() -> dict:
    """A deep copy of every module-level dict, list and set of the kata module."""
    state = {}
    for name, value in vars(purity).items():
        if not name.startswith("__") and isinstance(value, (dict, list, set)):
            try:
                state[name] = copy.deepcopy(value)
            except Exception:  # a value that cannot be copied is not checked
                continue
    return state


def test_group_by_continent_is_repeatable():
    before = _module_state()
    first = group_by_continent(CITIES)
    after = _module_state()
    changed = sorted(name for name in before if after.get(name) != before[name])
    assert not changed, (
        "group_by_continent changed the module-level "
        + ", ".join(f"`{name}` (from {before[name]!r} to {after.get(name)!r})" for name in changed)
        + ". State is leaking between calls: a pure function changes nothing outside "
        "itself, even a global it clears first. Build the accumulator inside the call: "
        "`reduce(add, cities, {})`."
    )
    seen_first = copy.deepcopy(first)
    second = group_by_continent(CITIES)
    assert second == seen_first, (
        f"the second call gave {second!r}, the first {seen_first!r}. State is leaking "
        "between calls: start every call from a fresh, empty accumulator (never a shared "
        "dict, never a mutable default argument)."
    )
    assert first is not second and all(first[k] is not second[k] for k in first), (
        "two calls returned the same dict or lists; State is leaking between calls: each "
        "call must build its own."
    )
    expected = {"eu": ["Berlin", "London", "Sheffield"], "pac": ["Auckland"]}
    assert first == expected, f"group_by_continent gave {first!r}; expected {expected!r}."
