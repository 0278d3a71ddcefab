"""Test-side helpers for topic 08_spark: adversarial tables, references, job and plan evidence.

The data is built to tell right from nearly right: a missing amount, a zero and a negative
amount, a sale with no city, a city with no country and a country with no sales, amounts
that are exact in binary (multiples of 0.25, so any summing order gives the same total),
and text with tabs, runs of spaces and blank lines. Every table also has a seeded random
twin, so no answer can be copied from a lesson or a test. MANY_CITIES has more cities than
a LIMIT 10 keeps and a city whose only amount is missing; SMALL_AMOUNTS has positive
amounts below 0.01 and amounts (19.99) that float32 cannot hold.
"""

from __future__ import annotations

import contextlib
import io
import math
import random
from collections import Counter
from collections.abc import Callable
from typing import Any

SALES_SCHEMA = "city string, category string, amount double"
SALES = [
    ("Berlin", "books", 12.0), ("London", "books", 30.0), ("Berlin", "music", 8.0),
    ("Auckland", "books", 20.0), ("London", "music", 5.0), ("Sheffield", "books", 7.5),
    ("London", "books", 11.0), ("Berlin", "books", 4.0), ("Auckland", "music", 16.0),
    ("Sheffield", "music", None), ("London", "games", -3.0), ("Berlin", "games", 40.0),
    ("Lagos", "books", 9.25),  # a city with no country
    ("Auckland", "games", 0.0),  # known, but not positive
    (None, "music", 6.5),  # a sale whose city is unknown
    ("Lagos", None, None),
]
COUNTRIES_SCHEMA = "city string, country string"
COUNTRIES = [
    ("Berlin", "Germany"), ("London", "United Kingdom"), ("Auckland", "New Zealand"),
    ("Sheffield", "United Kingdom"), ("Paris", "France"),  # Paris has no sales
]
# A second countries table, so no answer can come from the first one copied: Berlin's
# country differs, three cities of the sales have none, Lima has no sales.
OTHER_COUNTRIES = [("Lagos", "Nigeria"), ("Quito", "Ecuador"), ("Berlin", "Deutschland"),
                   ("Lima", "Peru")]
CITIES = ["Berlin", "London", "Auckland", "Sheffield", "Lagos", "Quito", None]
# Thirteen cities (more than a LIMIT 10 keeps, in no order of revenue), amounts exact in
# binary; Quito's only sale has no amount: it still counts one order.
MANY_CITIES = [
    ("Oslo", "books", 3.5), ("Lima", "music", 41.25), ("Cairo", "books", 7.0),
    ("Delhi", "games", 12.75), ("Tokyo", "books", 90.0), ("Perth", "music", 0.5),
    ("Dakar", "books", 18.0), ("Hanoi", "games", 2.25), ("Porto", "books", 55.5),
    ("Accra", "music", 9.0), ("Bogota", "books", 1.0), ("Quebec", "games", 27.75),
    ("Oslo", "music", 4.0), ("Tokyo", "games", -6.0), ("Lima", None, None),
    ("Quito", "books", None),  # every amount of this city is missing
]
# Amounts for row filters and products: positive ones below 0.01, and 19.99 and 0.07, which
# no float32 holds exactly (a product cast to float loses digits).
SMALL_AMOUNTS = [
    ("Oslo", "books", 0.005), ("Lima", "music", 19.99), ("Quito", "games", 1e-9),
    ("Cairo", None, -0.005), ("Perth", "books", 0.07), (None, "music", 19.99),
    ("Accra", "games", 0.0), ("Hanoi", "books", None),
]


def random_sales(seed: int, rows: int = 80) -> list[tuple]:
    """Sales rows in the SALES schema, drawn from `seed`, with nulls, zeros and negatives."""
    rng = random.Random(seed)
    table = []
    for _ in range(rows):
        roll = rng.random()
        amount = None if roll < 0.1 else 0.0 if roll < 0.15 else rng.randint(-40, 400) / 4
        category = rng.choice(["books", "music", "games", None])
        table.append((rng.choice(CITIES), category, amount))
    return table


def revenue_reference(rows: list[tuple]) -> dict[str | None, tuple[float, int]]:
    """{city: (sum of the known amounts, number of rows)}: the groupby katas' answer."""
    totals: dict[str | None, tuple[float, int]] = {}
    for city, _, amount in rows:
        revenue, orders = totals.get(city, (0.0, 0))
        totals[city] = (revenue + (amount or 0.0), orders + 1)
    return totals


def known_amounts_per_city(rows: list[tuple]) -> dict[str | None, int]:
    """{city: rows whose amount is known}: what COUNT(amount) gives instead of COUNT(*)."""
    return dict(Counter(city for city, _, amount in rows if amount is not None))


def order(row: tuple) -> tuple:
    """A sort key for rows that may hold None (None sorts first in its column)."""
    return tuple((value is not None, "" if value is None else value) for value in row)


def with_country_reference(sales: list[tuple], countries: list[tuple]) -> list[tuple]:
    """Every sale once, with its city's country or None: a left join, sorted."""
    country = dict(countries)
    return sorted(((c, k, a, country.get(c)) for c, k, a in sales), key=order)


# --- word count ------------------------------------------------------------------------


PUNCTUATED = ["data,", "(spark)", "map.", "\"lazy\"", "rdd;", "jvm!", "a:"]


def ragged_lines(seed: int, lines: int = 300, punctuated: bool = False) -> list[str]:
    """Text lines whose words are separated by tabs and runs of spaces, with leading and
    trailing blanks, blank lines and words that differ only in case; with `punctuated`,
    also words with punctuation attached (`line.split()` keeps it: "data," is a word)."""
    rng = random.Random(seed)
    words = ["data", "Data", "spark", "engineer", "scientist", "map", "reduce", "shuffle",
             "rdd", "a", "jvm", "lazy"] + (PUNCTUATED if punctuated else [])
    weights = [rng.randint(1, 40) for _ in words]  # counts that differ from word to word
    gaps = [" ", "  ", "\t", " \t ", "   "]
    text = []
    for _ in range(lines):
        drawn = rng.choices(words, weights, k=rng.randint(0, 9))
        line = "".join(rng.choice(gaps) + word for word in drawn)
        text.append(line + rng.choice(["", " ", "\t"]))
    return text


# --- what Spark did --------------------------------------------------------------------


def submitted_jobs(spark: Any) -> int:
    """How many jobs this Spark application has submitted so far, from any thread.

    Spark's DAG scheduler numbers every job it is given, whichever thread, job group or
    tag starts it, so the difference of two readings counts every action in between.
    """
    return int(spark.sparkContext._jsc.sc().dagScheduler().nextJobId())


def jobs_started_by(spark: Any, fn: Callable, *args) -> tuple[Any, int]:
    """Call fn(*args); return its result and how many Spark jobs ran meanwhile (an action
    runs at least one), counted for the whole application, not only this thread."""
    before = submitted_jobs(spark)
    result = fn(*args)
    return result, submitted_jobs(spark) - before


def plan_of(frame: Any) -> str:
    """The physical plan Spark would run for a DataFrame (what `explain()` prints)."""
    assert hasattr(frame, "explain"), (
        f"the kata returned a {type(frame).__name__}; expected a Spark DataFrame, a plan "
        "that has not run yet. Return the DataFrame itself, not its collected rows."
    )
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        frame.explain()
    return buffer.getvalue()


def broadcast_inputs(plan: str) -> list[str]:
    """The text of each subtree under a BroadcastExchange in a printed plan: what is
    copied to every executor."""
    lines = plan.splitlines()

    def column(line: str) -> int:
        return len(line) - len(line.lstrip(" :+-"))

    subtrees = []
    for index, line in enumerate(lines):
        if "BroadcastExchange" in line:
            below = []
            for child in lines[index + 1:]:
                if not child.strip() or column(child) <= column(line):
                    break
                below.append(child)
            subtrees.append("\n".join(below))
    return subtrees


def collected(data: Any, name: str) -> list:
    """The rows of what a kata returned: `collect()` of an RDD or DataFrame (a failure
    inside Spark becomes a readable test failure), or the data itself when the kata
    already collected it (its laziness test says so; this test checks the values)."""
    if isinstance(data, dict):
        return list(data.items())
    if hasattr(data, "to_dict"):  # pandas, from toPandas()
        return [_without_nan(record) for record in data.to_dict("records")]
    if not hasattr(data, "collect"):
        return list(data)
    try:
        return data.collect()
    except Exception as error:  # a Python worker's error arrives wrapped by the JVM
        lines = [line for line in str(error).splitlines() if line.strip()]
        cause = next((line for line in reversed(lines) if "Error" in line), lines[-1:])
        raise AssertionError(
            f"running the result of {name} failed inside Spark: {str(cause).strip()}. "
            "Build it from transformations that work on every element; run it yourself on "
            "a small input with .collect() to see the error."
        ) from error


def _without_nan(record: dict) -> dict:
    """A pandas record with NaN (pandas' missing value) turned back into None."""
    return {k: None if isinstance(v, float) and math.isnan(v) else v for k, v in record.items()}


def columns_of(data: Any, rows: list) -> list[str]:
    """The column names of a DataFrame, pandas frame or collected rows."""
    if hasattr(data, "columns"):
        return list(data.columns)
    first = rows[0] if rows else {}
    return list(first.asDict()) if hasattr(first, "asDict") else list(first)


def columns_problem(columns: list[str], expected: list[str]) -> str | None:
    """None when the columns are exactly the expected ones (in any order), else a sentence
    saying what they are instead."""
    if sorted(columns) == sorted(expected):
        return None
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    extra = f" ({', '.join(duplicated)} twice)" if duplicated else ""
    return f"the result's columns are {columns}{extra}; expected {expected}"


def column_types_problem(data: Any, rows: list) -> str | None:
    """None when `revenue` is a double (or decimal) and `orders` an integer column; else a
    sentence naming the column and its type. Read from the DataFrame's schema (no job), or
    from the collected values when the kata returned rows."""
    if hasattr(data, "schema"):
        from pyspark.sql.types import DecimalType, DoubleType, IntegralType

        kinds = {field.name: field.dataType for field in data.schema.fields}
        revenue, orders = kinds.get("revenue"), kinds.get("orders")
        revenue_ok = isinstance(revenue, DoubleType | DecimalType)
        orders_ok = isinstance(orders, IntegralType)
        revenue_name = getattr(revenue, "simpleString", lambda: str(revenue))()
        orders_name = getattr(orders, "simpleString", lambda: str(orders))()
    else:
        values = [(row["revenue"], row["orders"]) for row in rows]
        revenue_ok = all(v is None or type(v).__name__ in ("float", "Decimal") for v, _ in values)
        orders_ok = all(isinstance(n, int) and not isinstance(n, bool) for _, n in values)
        revenue_name = next((type(v).__name__ for v, _ in values
                             if v is not None and type(v).__name__ not in ("float", "Decimal")),
                            "float")
        orders_name = next((type(n).__name__ for _, n in values
                            if not isinstance(n, int) or isinstance(n, bool)), "int")
    if not revenue_ok:
        return (f"the column revenue is {revenue_name}; expected a number, the double that "
                "sum(amount) gives. Formatting (format_number, CAST ... AS STRING, rounding to "
                "text) is for whoever shows the result; return the sum itself.")
    if not orders_ok:
        return (f"the column orders is {orders_name}; expected a whole number (bigint, what "
                "count(*) gives). Count the rows with count(\"*\") (or sum an integer 1); a "
                "sum of 1.0 is a double.")
    return None


def rows_by_city(rows: list) -> dict[str | None, tuple[float, int]]:
    """{city: (revenue, orders)} from collected revenue rows. A city whose amounts are all
    missing has revenue 0.0 whether the sum gave NULL (SQL) or 0 (coalesced first)."""
    return {row["city"]: (float(row["revenue"] or 0.0), int(row["orders"])) for row in rows}


def revenue_problem(rows: list, sales: list[tuple]) -> str | None:
    """None when collected revenue rows answer `sales`; else what is wrong and what to try."""
    cities = [row["city"] for row in rows]
    if len(cities) != len(set(cities)):
        return (f"{len(rows)} rows for {len(set(cities))} cities: expected one row per city. "
                "Group by city only.")
    got = rows_by_city(rows)
    expected = revenue_reference(sales)
    if got == expected:
        return None
    known = known_amounts_per_city(sales)
    absent = [city for city in expected if city not in got]
    unpriced = [city for city in absent if not known.get(city)]
    if absent and absent == unpriced:
        return (f"the cities {absent} are not in the result, yet they have "
                f"{[expected[city][1] for city in absent]} order(s): every amount of theirs is "
                "missing. orders counts every row, so each city of the table gets its row; its "
                "revenue is the sum of no known amounts (null, or 0). Drop nothing after "
                "grouping (no na.drop, no HAVING on the amounts).")
    if absent:
        return (f"{len(got)} rows for the {len(expected)} cities of the table: "
                f"{absent[:3]}{' and more' if len(absent) > 3 else ''} are not in the result. "
                "Expected one row for every city (a missing city is a group of its own), in "
                "any order; orders counts every row of the city, even the rows whose amount "
                "is missing: drop no rows before grouping, filter none after it, and use no "
                "LIMIT.")
    orders = {city: n for city, (_, n) in got.items()}
    if orders == {city: known.get(city, 0) for city in orders} and orders != {
            city: n for city, (_, n) in expected.items()}:
        return (f"orders per city were {orders}: only the rows whose amount is known. "
                "COUNT(amount) skips missing values; count every row with COUNT(*) "
                "(F.count(\"*\")).")
    return (f"got {got}; expected {expected} as {{city: (revenue, orders)}}: revenue sums "
            "the known amounts (negative and zero ones too), orders counts every row of the "
            "city, even the rows whose amount is missing.")
