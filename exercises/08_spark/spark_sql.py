"""Kata spark_sql: the same question in SQL."""

from __future__ import annotations

from typing import Any


def revenue_by_city_sql(spark: Any, sales: Any) -> Any:
    """`revenue_by_city` again, written in SQL over a temporary view named `sales`.

    Register the DataFrame with `createOrReplaceTempView("sales")`, then return
    `spark.sql(...)`: a lazy DataFrame, with the same plan as the DataFrame version.
    """
    # TODO: write revenue_by_city_sql; the lesson is README.md, kata spark_sql
    raise NotImplementedError("TODO: revenue_by_city_sql (kata spark_sql)")
