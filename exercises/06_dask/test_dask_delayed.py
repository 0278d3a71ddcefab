from dask_delayed import lazy_total, total

from graders.support.ecosystem import CallLog, dask_compute_counter, square

ITEMS = list(range(10))
EXPECTED = sum(x * x for x in ITEMS)  # 285


def test_building_the_graph_runs_nothing():
    import dask

    work = CallLog(square)
    graph = lazy_total(work, ITEMS)
    assert not work.calls, (
        f"lazy_total already ran `work` {len(work.calls)} times while building the graph; "
        "expected 0 calls before compute. Did you write `dask.delayed(work(item))`? That runs "
        "work now and delays only its result: call delayed on the function, "
        "`dask.delayed(work)(item)`."
    )
    assert dask.is_dask_collection(graph), (
        f"lazy_total returned {type(graph).__name__}; expected a dask Delayed. Wrap the final "
        "sum as well: `dask.delayed(sum)(parts)`."
    )
    with dask_compute_counter() as counter:
        (value,) = dask.compute(graph)
    assert value == EXPECTED, f"the graph computed {value!r}; expected {EXPECTED}."
    assert counter.tasks > len(ITEMS), (
        f"the graph ran {counter.tasks} task(s); expected one per item plus the sum "
        f"({len(ITEMS) + 1}), so that dask can run the items in parallel."
    )


def test_total_computes_once():
    work = CallLog(square)
    with dask_compute_counter() as counter:
        value = total(work, ITEMS)
    assert value == EXPECTED, f"total returned {value!r}; expected {EXPECTED}."
    assert counter.computes == 1, (
        f"total called compute {counter.computes} times; expected exactly 1. Each compute "
        "is a round trip to the scheduler and runs its graph alone: build the whole graph "
        "first (lazy_total), then call `dask.compute` once."
    )
    assert sorted(work.calls) == ITEMS, (
        f"work ran on {sorted(work.calls)}; expected once per item, {ITEMS}."
    )
