"""Kata dask_dataframe_groupby: a groupby over a partitioned Parquet dataset."""

from __future__ import annotations

from typing import Any


def revenue_by_city(path: str) -> Any:
    """A lazy dask Series: the total `amount` per `city` over every Parquet file in `path`.

    Read with `dask.dataframe.read_parquet` (one partition per file, only the columns you
    need) and return the groupby result *without* computing it: the caller decides when
    and where it runs.
    """
    import dask.dataframe as dd

    # TODO: write revenue_by_city; the lesson is README.md, kata dask_dataframe_groupby
    raise NotImplementedError("TODO: revenue_by_city (kata dask_dataframe_groupby)")
