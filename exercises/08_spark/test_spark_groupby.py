"""What `spark_groupby` proves, and the test that checks each claim.

- It returns a DataFrame and runs no Spark job (counted for the whole application): the
  aggregation is a plan, grouped by city, that the caller runs
  (test_returns_a_lazy_dataframe).
- The result has the columns city, revenue (a double, or a decimal: a number, not text)
  and orders (an integer type, not a double), one row per city, every city of the table;
  revenue sums the known amounts (zeros and negatives included), orders counts every row,
  even one whose amount is missing (COUNT(*), not COUNT(amount)); a city whose amounts are
  all missing keeps its row (revenue null or 0); a sale with no city is a group of its
  own. Checked on a table with nulls, zeros and negatives, on one with thirteen cities
  (one whose only amount is missing) and on seeded random ones (test_totals_per_city).
"""

import pytest
from spark_groupby import revenue_by_city

from graders.support.spark_support import (
    MANY_CITIES,
    SALES,
    SALES_SCHEMA,
    collected,
    column_types_problem,
    columns_of,
    columns_problem,
    jobs_started_by,
    plan_of,
    random_sales,
    revenue_problem,
)


@pytest.fixture(scope="module")
def sales(spark):
    return spark.createDataFrame(SALES, SALES_SCHEMA)


def test_returns_a_lazy_dataframe(spark, sales):
    from pyspark.sql import DataFrame

    result, jobs = jobs_started_by(spark, revenue_by_city, sales)
    assert isinstance(result, DataFrame), (
        f"revenue_by_city returned a {type(result).__name__}; expected a Spark DataFrame. "
        "Did you collect (or toPandas) to the driver? Return the aggregated DataFrame."
    )
    assert jobs == 0, (
        f"revenue_by_city ran {jobs} Spark job(s) (counted across the whole application); "
        "expected none: no actions (collect, count, toPandas, show), only groupBy and agg."
    )
    plan = plan_of(result)
    assert "HashAggregate" in plan and "hashpartitioning(city" in plan, (
        "the plan does not aggregate rows grouped by city; expected "
        "groupBy(\"city\").agg(...)."
    )


def test_totals_per_city(spark, sales):
    for rows, frame in [(SALES, sales), *[
            (table, spark.createDataFrame(table, SALES_SCHEMA))
            for table in (MANY_CITIES, random_sales(3), random_sales(4))]]:
        result = revenue_by_city(frame)
        got = collected(result, "revenue_by_city")
        columns = columns_of(result, got)
        problem = columns_problem(columns, ["city", "revenue", "orders"])
        unnamed = {"revenue", "orders"} - set(columns)
        assert problem is None, f"{problem}. " + (
            "Name the aggregates with .alias(\"revenue\") and .alias(\"orders\")."
            if unnamed else "Group by city only: one row per city, no other columns."
        )
        problem = column_types_problem(result, got)
        assert problem is None, f"revenue_by_city: {problem}"
        problem = revenue_problem(got, rows)
        assert problem is None, f"revenue_by_city: {problem}"
