"""What `spark_broadcast_join` proves, and the test that checks each claim.

- The small table, and only it, is copied to every executor: with Spark's automatic
  broadcasting switched off, the plan has a BroadcastHashJoin whose broadcast side is the
  countries table, not the sales (test_small_table_is_broadcast).
- It is a left join on city: every sale appears exactly once (a sale that occurs twice in
  the seeded random table stays two rows), with its city's country, a sale in a city with
  no country (or with no city) keeps a null country (not one filled in), and a country
  with no sales adds no row; the columns are the sales' plus `country`, city once.
  Checked on the lesson's tables and on a seeded random sales table with a second
  countries table, so the countries come from the argument, not a copy of the first table
  (test_every_sale_gets_its_country).
"""

import re
from collections import Counter

import pytest
from spark_broadcast_join import with_country

from graders.support.spark_support import (
    COUNTRIES,
    COUNTRIES_SCHEMA,
    OTHER_COUNTRIES,
    SALES,
    SALES_SCHEMA,
    broadcast_inputs,
    collected,
    columns_of,
    columns_problem,
    order,
    plan_of,
    random_sales,
    with_country_reference,
)


@pytest.fixture(scope="module")
def tables(spark):
    sales = spark.createDataFrame(SALES, SALES_SCHEMA)
    countries = spark.createDataFrame(COUNTRIES, COUNTRIES_SCHEMA)
    return sales, countries


@pytest.fixture
def no_automatic_broadcast(spark):
    """Spark broadcasts small tables by itself; switch that off so only a hint can."""
    before = spark.conf.get("spark.sql.autoBroadcastJoinThreshold")
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
    yield
    spark.conf.set("spark.sql.autoBroadcastJoinThreshold", before)


def test_small_table_is_broadcast(tables, no_automatic_broadcast):
    sales, countries = tables
    plan = plan_of(with_country(sales, countries))
    joins = sorted(set(re.findall(r"\w*(?:Join|CartesianProduct)\b", plan)))
    assert "BroadcastHashJoin" in plan, (
        f"the plan's joins are {joins or 'none'}; expected a BroadcastHashJoin, which copies "
        "the small table to every executor instead of shuffling both tables by city (a "
        "SortMergeJoin does that shuffle; a dictionary looked up in a UDF sends every row "
        "to Python). Join with the small table wrapped in "
        "`pyspark.sql.functions.broadcast(countries)`."
    )
    shipped = broadcast_inputs(plan)
    assert all("country" in side and "amount" not in side for side in shipped), (
        "the plan broadcasts the sales table, the large one, to every executor; expected "
        "the small countries table to be broadcast and the sales to stay where they are: "
        "`sales.join(F.broadcast(countries), ...)`."
    )


def test_every_sale_gets_its_country(spark, tables):
    sales, countries = tables
    for rows, frame, known, small in [
            (SALES, sales, COUNTRIES, countries),
            (random_sales(7), spark.createDataFrame(random_sales(7), SALES_SCHEMA),
             OTHER_COUNTRIES, spark.createDataFrame(OTHER_COUNTRIES, COUNTRIES_SCHEMA))]:
        result = with_country(frame, small)
        rows_got = collected(result, "with_country")
        problem = columns_problem(columns_of(result, rows_got),
                                  ["city", "category", "amount", "country"])
        assert problem is None, (
            f"{problem}. Join with on=\"city\" (a column name, not an expression), so that "
            "city appears once and every column of sales is kept."
        )
        got = sorted(((r["city"], r["category"], r["amount"], r["country"])
                      for r in rows_got), key=order)
        expected = with_country_reference(rows, known)
        lost = list((Counter(expected) - Counter(got)).elements())
        added = list((Counter(got) - Counter(expected)).elements())
        sale = Counter(row[:3] for row in added)
        filled = [row for row in added if row[3] is not None and (*row[:3], None) in lost]
        dropped = [row for row in lost if row[3] is None and not sale[row[:3]]]
        assert got == expected, (
            f"with_country returned {len(got)} rows; expected {len(expected)}, each sale "
            f"once with its city's country or None. Missing: {lost[:3]}; unexpected: "
            f"{added[:3]}. "
            + ("Sales whose city has no country were dropped: use how=\"left\". "
               if dropped and all(row[3] is not None for row in got) else "")
            + (f"Sales whose city has no country came back with the country {filled[0][3]!r} "
               "instead of None: the left join leaves their country missing; fill nothing in "
               "(no na.fill, fillna or coalesce). "
               if filled else "")
            + ("Sales that occur more than once came back fewer times: each is a row of "
               "its own; drop no duplicates. "
               if any(row in got for row in lost) else "")
            + ("Countries without sales became rows: keep the sales side only (left join). "
               if any(row[1] is None and row[2] is None and row[3] for row in added) else "")
        )
