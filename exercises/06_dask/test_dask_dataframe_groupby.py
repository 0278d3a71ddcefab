import os

import pytest
from dask_dataframe_groupby import revenue_by_city

from graders.support.ecosystem import write_sales_parquet


@pytest.fixture(scope="module")
def sales(tmp_path_factory):
    """(folder, pandas table): 4 Parquet files; on a real cluster set KATA_SHARED_TMP."""
    shared = os.environ.get("KATA_SHARED_TMP")
    base = tmp_path_factory.mktemp("sales") if not shared else None
    folder = str(base) if base else os.path.join(shared, "sales")
    os.makedirs(folder, exist_ok=True)
    return folder, write_sales_parquet(folder)


def test_result_is_lazy(sales):
    import dask

    folder, _ = sales
    result = revenue_by_city(folder)
    assert dask.is_dask_collection(result), (
        f"revenue_by_city returned a {type(result).__module__}.{type(result).__name__}: it "
        "was already computed. Return the lazy dask result (no `.compute()`), so the caller "
        "decides when, and on which cluster, it runs."
    )
    assert result.npartitions >= 1


def test_totals_match_pandas(sales, dask_client):
    folder, table = sales
    result = revenue_by_city(folder)
    got = result.compute() if hasattr(result, "compute") else result
    expected = table.groupby("city")["amount"].sum()
    got_dict = {city: float(v) for city, v in dict(got).items()}
    want = {city: float(v) for city, v in expected.items()}
    assert got_dict == want, (
        f"revenue_by_city gave {got_dict}; expected {want} (the sum of `amount` per `city` "
        "over all the files)."
    )
