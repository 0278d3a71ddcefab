"""Kata spark_groupby: a DataFrame aggregation, planned by Spark."""

from __future__ import annotations

from typing import Any


def revenue_by_city(sales: Any) -> Any:
    """A DataFrame with one row per `city`: `revenue` (sum of `amount`) and `orders` (rows).

    Use `groupBy` and `agg` with `pyspark.sql.functions.sum` and `count("*")`; return the
    DataFrame without running it.
    """
    from pyspark.sql import functions as F

    ### BEGIN SOLUTION
    return sales.groupBy("city").agg(
        F.sum("amount").alias("revenue"),
        F.count("*").alias("orders"),
    )
    ### END SOLUTION
