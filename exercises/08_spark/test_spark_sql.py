"""What `spark_sql` proves, and the test that checks each claim.

- The query is planned, not run: spark.sql(...) returns a DataFrame, no Spark job ran
  (counted for the whole application), and the plan aggregates by city. A query on a view
  that was never registered is caught with the fix, not a raw AnalysisException
  (test_sql_is_lazy).
- It answers the same question as the DataFrame version, on a table with nulls, zeros
  and negatives, on one with thirteen cities (more than a LIMIT 10 keeps; one city whose
  only amount is missing) and on seeded random ones: columns city, revenue (a double or
  decimal, not text) and orders (an integer type); one row for every city, a city whose
  amounts are all missing included (no HAVING on the amounts); COUNT(*) counts the rows
  whose amount is missing, COUNT(amount) would not. The view is dropped
  before the first call, so a stale `sales` view from an earlier run cannot answer; each
  later call, on another table, must replace the view (createOrReplaceTempView; a
  createTempView of an existing name fails) (test_sql_gives_the_same_answer).

Not checked: that the text is SQL rather than DataFrame calls; both reach the same plan.
"""

import pytest
from spark_sql import revenue_by_city_sql

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


def call(spark, frame, *, fresh: bool):
    """revenue_by_city_sql on `frame`; with `fresh`, no `sales` view is left over from
    earlier calls. A view that is missing, or that cannot be replaced, becomes a failure
    that says why."""
    from pyspark.errors import AnalysisException

    if fresh:
        spark.catalog.dropTempView("sales")
    try:
        return jobs_started_by(spark, revenue_by_city_sql, spark, frame)
    except AnalysisException as error:
        first = str(error).splitlines()[0]
        if "TABLE_OR_VIEW_NOT_FOUND" in str(error):
            raise AssertionError(
                f"the query names a table or view that does not exist: {first}. Register "
                "the DataFrame first with `sales.createOrReplaceTempView(\"sales\")`, then "
                "query `FROM sales`."
            ) from error
        if "ALREADY_EXISTS" in str(error):
            raise AssertionError(
                f"a second call, on another table, failed: {first}. The first call's view "
                "is still there, and createTempView refuses to replace it; register with "
                "`createOrReplaceTempView(\"sales\")`, so every call queries its own table."
            ) from error
        raise


@pytest.fixture(scope="module")
def sales(spark):
    return spark.createDataFrame(SALES, SALES_SCHEMA)


def test_sql_is_lazy(spark, sales):
    from pyspark.sql import DataFrame

    result, jobs = call(spark, sales, fresh=True)
    assert isinstance(result, DataFrame), (
        f"revenue_by_city_sql returned a {type(result).__name__}; expected the DataFrame "
        "that spark.sql(...) returns."
    )
    assert jobs == 0, (
        f"revenue_by_city_sql ran {jobs} Spark job(s) (counted across the whole "
        "application); expected none: return spark.sql(...) without collecting it."
    )
    plan = plan_of(result)
    assert "HashAggregate" in plan and "hashpartitioning(city" in plan, (
        "the plan does not aggregate rows grouped by city; use GROUP BY city."
    )


def test_sql_gives_the_same_answer(spark, sales):
    for rows, frame in [(SALES, sales), *[
            (table, spark.createDataFrame(table, SALES_SCHEMA))
            for table in (MANY_CITIES, random_sales(5), random_sales(6))]]:
        result, _ = call(spark, frame, fresh=rows is SALES)
        got = collected(result, "revenue_by_city_sql")
        columns = columns_of(result, got)
        problem = columns_problem(columns, ["city", "revenue", "orders"])
        unnamed = {"revenue", "orders"} - set(columns)
        assert problem is None, f"{problem}. " + (
            "Name the computed columns with AS: "
            "`SELECT city, SUM(amount) AS revenue, COUNT(*) AS orders ...`."
            if unnamed else "Select city and the two aggregates only, grouped by city."
        )
        problem = column_types_problem(result, got)
        assert problem is None, f"revenue_by_city_sql: {problem}"
        problem = revenue_problem(got, rows)
        assert problem is None, f"revenue_by_city_sql: {problem}"
