"""Kata spark_sql: the same question in SQL."""

from __future__ import annotations

from typing import Any


def revenue_by_city_sql(spark: Any, sales: Any) -> Any:
    """`revenue_by_city` again, written in SQL over a temporary view named `sales`.

    Register the DataFrame with `createOrReplaceTempView("sales")`, then return
    `spark.sql(...)`: a lazy DataFrame, with the same plan as the DataFrame version.
    """
    ### BEGIN SOLUTION
    sales.createOrReplaceTempView("sales")
    return spark.sql(
        "SELECT city, SUM(amount) AS revenue, COUNT(*) AS orders FROM sales GROUP BY city"
    )
    ### END SOLUTION
