"""What `spark_lazy_pipeline` proves, and the test that checks each claim.

- Building the pipeline runs no Spark job, counted for the whole application, so an
  action hidden in another thread or job group counts too; the plan filters
  (test_building_the_pipeline_runs_no_job).
- The rows kept are exactly those whose amount is known and positive: zero, negative and
  missing amounts go, a row with a missing city or category stays
  (test_the_action_gives_clean_rows).
- `gross` is amount * TAX for the module's TAX, not a copy of its value: the test sets
  TAX to two other values (test_gross_follows_tax).
"""

import math

import pytest
import spark_lazy_pipeline
from spark_lazy_pipeline import clean_sales

from graders.support.spark_support import (
    SALES,
    SALES_SCHEMA,
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
                        (random_sales(9), spark.createDataFrame(random_sales(9), SALES_SCHEMA))]:
        got = [row[:3] for row in clean_rows(frame)]
        expected = sorted(((c, k, a) for c, k, a in rows if a is not None and a > 0), key=order)
        extra = [row for row in got if row not in expected]
        missing = [row for row in expected if row not in got]
        assert got == expected, (
            f"clean_sales kept {len(got)} rows; expected {len(expected)}. Kept but should "
            f"not: {extra[:3]}; dropped but should not: {missing[:3]}. Keep exactly the rows "
            "whose amount is known and greater than 0, whatever their other columns hold."
        )


def test_gross_follows_tax(sales, monkeypatch):
    for tax in (1.75, 0.5):
        monkeypatch.setattr(spark_lazy_pipeline, "TAX", tax)
        rows = clean_rows(sales)
        wrong = [(amount, gross) for _, _, amount, gross in rows
                 if gross is None or not math.isclose(gross, amount * tax, rel_tol=1e-12)]
        assert rows and not wrong, (
            f"with TAX set to {tax}, (amount, gross) pairs were {wrong[:3]}; expected gross "
            f"= amount * {tax}. Compute it from the module's TAX, not a copy of its value."
        )
