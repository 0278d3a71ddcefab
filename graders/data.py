"""The course's own small data sets, shared by tests (never edited by students)."""

from typing import NamedTuple


class City(NamedTuple):
    name: str
    population: float  # millions
    continent: str


# The functional-programming notebook's cities.
CITIES = (
    City("Berlin", 3.7, "eu"),
    City("Auckland", 1.7, "pac"),
    City("London", 8.9, "eu"),
    City("Sheffield", 0.5, "eu"),
)
