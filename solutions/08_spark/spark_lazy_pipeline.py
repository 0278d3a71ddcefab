"""Kata spark_lazy_pipeline: transformations build a plan; only actions run jobs."""

from __future__ import annotations

from typing import Any

TAX = 1.2


def clean_sales(sales: Any) -> Any:
    """Sales with a known, positive `amount`, plus a column `gross` = amount * TAX.

    Only transformations (`where`/`filter`, `withColumn`): return the DataFrame without
    running anything. The caller chooses the action, and Spark optimises the whole plan.
    """
    from pyspark.sql import functions as F

    ### BEGIN SOLUTION
    cleaned = sales.where(F.col("amount").isNotNull() & (F.col("amount") > 0))
    cleaned = cleaned.withColumn("gross", F.col("amount") * TAX)
    return cleaned
    ### END SOLUTION
