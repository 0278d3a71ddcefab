"""Kata dask_dataframe_groupby: a groupby over a partitioned Parquet dataset.

Claims the lesson makes, and the test that checks each:
- the result is lazy: a dask collection, not a computed pandas object, and a dask
  DataFrame or Series (partitions the workers read file by file, as `read_parquet` makes
  them), not one Delayed task that reads every file with pandas: test_result_is_lazy;
- the totals are pandas' `groupby("city")["amount"].sum()` (indexed by city: a frame
  with a `city` column, as `reset_index()` makes, is told so) over every file, on data drawn
  per run (amounts with cents, zeros, refunds, missing amounts, a city in one file only, a
  city with no known amount): test_totals_match_pandas, computed on the cluster;
- the files are read when the result is computed, not when `revenue_by_city` returns:
  the test rewrites the files in between, and the totals must be those of the new data:
  test_files_are_read_at_compute_time.
"""

import math
import os
import random
import uuid

import pytest
from dask_dataframe_groupby import revenue_by_city

from graders.support.dask_support import totals, write_sales


@pytest.fixture
def folder(tmp_path):
    """A fresh folder for the Parquet files; on a real cluster, under KATA_SHARED_TMP."""
    shared = os.environ.get("KATA_SHARED_TMP")
    path = os.path.join(shared, f"sales-{uuid.uuid4().hex}") if shared else str(tmp_path)
    os.makedirs(path, exist_ok=True)
    return path


def computed(result) -> dict[str, float]:
    """{city: total} from what the kata returned, computed on the default (cluster) client."""
    import pandas as pd

    got = result.compute() if hasattr(result, "compute") else result
    if isinstance(got, pd.DataFrame) and "city" in got.columns:
        raise AssertionError(
            f"revenue_by_city returned a DataFrame with columns {list(got.columns)} and the "
            f"index {list(got.index[:3])}...: a DataFrame where a Series of totals indexed "
            "by city was expected. Return groupby(\"city\")[\"amount\"].sum() itself "
            "(no reset_index()): the city is the index and the totals are the values."
        )
    if isinstance(got, pd.DataFrame) and "amount" in got.columns:
        got = got["amount"]
    return {city: float(value) for city, value in dict(got).items()}


def same_totals(got: dict[str, float], want: dict[str, float]) -> bool:
    return got.keys() == want.keys() and all(
        math.isclose(got[c], want[c], rel_tol=1e-9, abs_tol=1e-6) for c in want)


def test_result_is_lazy(folder):
    import dask

    write_sales(folder, seed=random.randrange(10**6))
    result = revenue_by_city(folder)
    assert dask.is_dask_collection(result), (
        f"revenue_by_city returned a {type(result).__module__}.{type(result).__name__}: it "
        "was already computed. Return the lazy dask result (no `.compute()`), so the caller "
        "decides when, and on which cluster, it runs."
    )
    import dask.dataframe as dd

    assert isinstance(result, dd.DataFrame | dd.Series), (
        f"revenue_by_city returned a {type(result).__module__}.{type(result).__name__}, not "
        "a dask DataFrame or Series: a single task that reads every file and groups them "
        "in one place is lazy, but no worker shares the reading. Build the result with "
        "`dask.dataframe.read_parquet(path, columns=...)` and its groupby, so the files are "
        "partitions that the workers read and sum in parallel."
    )


def test_totals_match_pandas(folder, dask_client):
    table = write_sales(folder, seed=random.randrange(10**6))
    got = computed(revenue_by_city(folder))
    want = totals(table)
    assert same_totals(got, want), (
        f"revenue_by_city gave {got}; expected {want}: the sum of `amount` per `city` over "
        "all the files, as pandas' groupby(\"city\")[\"amount\"].sum() gives it (a missing "
        "amount counts as nothing; a city whose amounts are all missing totals 0.0)."
    )


def test_files_are_read_at_compute_time(folder, dask_client):
    seed = random.randrange(10**6)
    before = totals(write_sales(folder, seed=seed))
    result = revenue_by_city(folder)
    after = totals(write_sales(folder, seed=seed + 1))  # same files, same sizes, new data
    got = computed(result)
    assert not same_totals(got, before), (
        "the totals are those of the files as they were when revenue_by_city returned, "
        "before the test rewrote them: the data was read then (in your process, or by a "
        "`.persist()` that starts at once), not by the workers at compute time. Build the "
        "result with `dask.dataframe.read_parquet` and return it without reading anything "
        "yourself (no pandas.read_parquet, no compute, no persist)."
    )
    assert same_totals(got, after), (
        f"revenue_by_city gave {got} after the files were rewritten; expected {after}."
    )
