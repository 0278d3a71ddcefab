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

    # TODO: write clean_sales; the lesson is README.md, kata spark_lazy_pipeline
    raise NotImplementedError("TODO: clean_sales (kata spark_lazy_pipeline)")
