import pytest
from spark_lazy_pipeline import TAX, clean_sales

from graders.support.ecosystem import SALES, SALES_SCHEMA, jobs_started_by, plan_of


@pytest.fixture(scope="module")
def sales(spark):
    return spark.createDataFrame(SALES, SALES_SCHEMA)


def test_building_the_pipeline_runs_no_job(spark, sales):
    from pyspark.sql import DataFrame

    result, jobs = jobs_started_by(spark, clean_sales, sales)
    assert isinstance(result, DataFrame), (
        f"clean_sales returned a {type(result).__name__}; expected a Spark DataFrame."
    )
    assert jobs == 0, (
        f"clean_sales ran {jobs} Spark job(s); expected none. Did you collect to the driver, "
        "count, or cache and count? Transformations only build a plan: return it and let the "
        "caller run the action."
    )
    assert "Filter" in plan_of(result), "the plan has no Filter; keep only the good rows."


def test_the_action_gives_clean_rows(sales):
    rows = clean_sales(sales).collect()
    got = sorted((r["city"], r["amount"], round(r["gross"], 6)) for r in rows)
    expected = sorted((c, a, round(a * TAX, 6)) for c, _, a in SALES if a is not None and a > 0)
    assert got == expected, (
        f"clean_sales kept {len(rows)} rows; expected {len(expected)}: drop the rows whose "
        "amount is missing or not positive, and add `gross` = amount * TAX."
    )
