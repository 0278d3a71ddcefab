import pytest
from spark_groupby import revenue_by_city

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


def test_returns_a_lazy_dataframe(spark, sales):
    from pyspark.sql import DataFrame

    result, jobs = jobs_started_by(spark, revenue_by_city, sales)
    assert isinstance(result, DataFrame), (
        f"revenue_by_city returned a {type(result).__name__}; expected a Spark DataFrame. "
        "Did you collect (or toPandas) to the driver? Return the aggregated DataFrame."
    )
    assert jobs == 0, f"revenue_by_city ran {jobs} Spark job(s); expected none (no actions)."
    assert "HashAggregate" in plan_of(result), (
        "the plan has no aggregation; expected groupBy(...).agg(...)."
    )


def test_totals_per_city(spark, sales):
    result = revenue_by_city(sales)
    got = rows_by_city(result)
    expected = revenue_reference(SALES)
    assert got == expected, (
        f"revenue_by_city gave {got}; expected {expected} as {{city: (revenue, orders)}}: "
        "revenue sums the known amounts, orders counts every row (count('*'))."
    )
