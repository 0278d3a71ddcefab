import pytest
from spark_broadcast_join import with_country

from graders.support.ecosystem import CITY_COUNTRY, SALES, SALES_SCHEMA, plan_of


@pytest.fixture(scope="module")
def tables(spark):
    sales = spark.createDataFrame(SALES, SALES_SCHEMA)
    countries = spark.createDataFrame(CITY_COUNTRY, "city string, country string")
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
    result = with_country(sales, countries)
    plan = plan_of(result)
    assert "BroadcastHashJoin" in plan, (
        "the plan joins with "
        + ("a SortMergeJoin" if "SortMergeJoin" in plan else "no broadcast join")
        + ": both tables are shuffled by city. Expected a BroadcastHashJoin: wrap the small "
        "table in `pyspark.sql.functions.broadcast(countries)`."
    )


def test_every_sale_gets_its_country(tables):
    sales, countries = tables
    rows = with_country(sales, countries).collect()
    country = dict(CITY_COUNTRY)
    got = sorted((r["city"], r["category"], r["amount"] or 0.0, r["country"]) for r in rows)
    expected = sorted((c, k, a or 0.0, country[c]) for c, k, a in SALES)
    assert got == expected, (
        f"with_country returned {len(rows)} rows; expected {len(SALES)}, each sale once with "
        "its city's country. Join on `city` with how=\"left\"."
    )
