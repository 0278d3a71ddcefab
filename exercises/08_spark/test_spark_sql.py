import pytest
from spark_sql import revenue_by_city_sql

from graders.support.ecosystem import (
    SALES,
    SALES_SCHEMA,
    jobs_started_by,
    plan_of,
    revenue_reference,
    rows_by_city,
)


@pytest.fixture(scope="module")
def sales(spark):
    return spark.createDataFrame(SALES, SALES_SCHEMA)


def test_sql_gives_the_same_answer(spark, sales):
    result, jobs = jobs_started_by(spark, revenue_by_city_sql, spark, sales)
    assert spark.catalog.tableExists("sales"), (
        "there is no table or view named `sales`; register the DataFrame with "
        "`sales.createOrReplaceTempView(\"sales\")` before querying it."
    )
    assert jobs == 0, (
        f"revenue_by_city_sql ran {jobs} Spark job(s); expected none: return spark.sql(...)."
    )
    assert "HashAggregate" in plan_of(result), "the plan has no aggregation; use GROUP BY city."
    got = rows_by_city(result)
    expected = revenue_reference(SALES)
    assert got == expected, (
        f"the query gave {got}; expected {expected} as {{city: (revenue, orders)}}. Name the "
        "columns with AS: `SELECT city, SUM(amount) AS revenue, COUNT(*) AS orders ...`."
    )
