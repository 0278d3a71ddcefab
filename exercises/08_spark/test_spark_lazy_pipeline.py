"""What `spark_lazy_pipeline` proves, and the test that checks each claim.

- Building the pipeline runs no Spark job, counted for the whole application, so an
  action hidden in another thread or job group counts too; the plan filters
  (test_building_the_pipeline_runs_no_job).
- The rows kept are exactly those whose amount is known and positive: zero, negative and
  missing amounts go, positive amounts below 0.01 stay, a row with a missing city or
  category stays, and a row that occurs twice stays twice (compared as multisets)
  (test_the_action_gives_clean_rows).
- `gross` is amount * TAX for the module's TAX, not a copy of its value, in double
  precision: the test sets TAX to three other values, one (1.0725) whose products with
  amounts such as 19.99 no float32 holds, compared at a relative 1e-12
  (test_gross_follows_tax).
"""

import math
from collections import Counter

import pytest
import spark_lazy_pipeline
from spark_lazy_pipeline import clean_sales

from graders.support.spark_support import (
    SALES,
    SALES_SCHEMA,
    SMALL_AMOUNTS,
    collected,
    columns_of,
    columns_problem,
    jobs_started_by,
    order,
    plan_of,
    random_sales,
)


@pytest.fixture(scope="module")
def sales(spark):
    return spark.createDataFrame(SALES, SALES_SCHEMA)


def clean_rows(frame) -> list[tuple]:
    """(city, category, amount, gross) of every row clean_sales keeps, sorted."""
    result = clean_sales(frame)
    rows = collected(result, "clean_sales")
    problem = columns_problem(columns_of(result, rows), ["city", "category", "amount", "gross"])
    assert problem is None, f"{problem}. Keep every column and add `gross` with withColumn."
    return sorted(((r["city"], r["category"], r["amount"], r["gross"]) for r in rows), key=order)


def test_building_the_pipeline_runs_no_job(spark, sales):
    from pyspark.sql import DataFrame

    result, jobs = jobs_started_by(spark, clean_sales, sales)
    assert isinstance(result, DataFrame), (
        f"clean_sales returned a {type(result).__name__}; expected a Spark DataFrame."
    )
    assert jobs == 0, (
        f"clean_sales ran {jobs} Spark job(s), counted across the whole application (every "
        "thread included); expected none. Did you collect to the driver, count, or cache "
        "and count? Transformations only build a plan: return it and let the caller run "
        "the action."
    )
    assert "Filter" in plan_of(result), (
        "the plan has no Filter step: either no row is dropped, or the rows were filtered "
        "where Spark cannot see the condition (through .rdd or a Python function). Keep the "
        "good rows with where/filter on a column condition."
    )


def test_the_action_gives_clean_rows(spark, sales):
    for rows, frame in [(SALES, sales),
                        (SMALL_AMOUNTS, spark.createDataFrame(SMALL_AMOUNTS, SALES_SCHEMA)),
                        (random_sales(9), spark.createDataFrame(random_sales(9), SALES_SCHEMA))]:
        got = [row[:3] for row in clean_rows(frame)]
        expected = sorted(((c, k, a) for c, k, a in rows if a is not None and a > 0), key=order)
        extra = list((Counter(got) - Counter(expected)).elements())
        missing = list((Counter(expected) - Counter(got)).elements())
        assert got == expected, (
            f"clean_sales kept {len(got)} rows; expected {len(expected)}. Kept but should "
            f"not: {extra[:3]}; dropped but should not: {missing[:3]}. Keep exactly the rows "
            "whose amount is known and greater than 0 (however small), whatever their other "
            "columns hold."
            + (" Rows that occur more than once came back fewer times: each sale is a row of "
               "its own; drop no duplicates." if any(row in got for row in missing) else "")
        )


def gross_type(frame) -> str:
    """The type of the `gross` column clean_sales plans (read from the schema: no job)."""
    result = clean_sales(frame)
    schema = getattr(result, "schema", None)
    fields = {f.name: f.dataType.simpleString() for f in schema.fields} if schema else {}
    return fields.get("gross", "double")


def test_gross_follows_tax(spark, sales, monkeypatch):
    small = spark.createDataFrame(SMALL_AMOUNTS, SALES_SCHEMA)
    for tax, frame in [(1.75, sales), (0.5, sales), (1.0725, small), (1.0725, sales)]:
        monkeypatch.setattr(spark_lazy_pipeline, "TAX", tax)
        rows = clean_rows(frame)
        wrong = [(amount, gross) for _, _, amount, gross in rows
                 if gross is None or not math.isclose(gross, amount * tax, rel_tol=1e-12)]
        kind = gross_type(frame) if wrong else "double"
        assert rows and not wrong, (
            f"with TAX set to {tax}, (amount, gross) pairs were {wrong[:3]}; expected gross "
            f"= amount * {tax}. Compute it from the module's TAX, not a copy of its value."
            + (f" gross is a {kind} column: keep the double that amount * TAX gives (a float "
               "holds about 7 significant digits; round or cast nothing)."
               if kind != "double" else "")
        )
