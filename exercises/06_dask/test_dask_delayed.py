"""Kata dask_delayed: build the graph, then compute once.

Claims the lesson makes, and the test that checks each:
- `total` is the sum of `work(item)` for any items (values unlike the lesson's 285, ties,
  negatives, floats, an empty input, a one-shot iterator): test_total_is_the_sum;
- building the graph (`lazy_total`) runs no `work` and returns a dask object, and the
  graph holds a task per item plus the sum: test_building_the_graph_runs_nothing;
- the work runs when the graph is computed, on the scheduler's threads, several at once
  (a meeting point that opens only when two calls are inside together, no clock):
  test_work_runs_in_parallel_at_compute_time;
- `total` calls compute exactly once and runs `work` once per item, inside that compute (dask
  itself marks when its scheduler runs a graph, so work called eagerly in `total` before
  compute does not count, even when its results are then summed by one delayed task):
  test_total_computes_once.
"""

import random

import pytest
from dask_delayed import lazy_total, total

from graders.support.dask_support import ComputePhase, Meeting, PhasedLog
from graders.support.ecosystem import dask_compute_counter, dask_local_scheduler


def affine(x: float) -> float:
    return 3 * x - 1


def some_items(size: int) -> list[float]:
    """Items unlike the lesson's range(10): negatives, floats, a repeated value."""
    items = [round(random.uniform(-20, 20), 2) for _ in range(size)]
    return [*items[:-1], items[0]] if size > 2 else items


def expected_total(items) -> float:
    return sum(affine(x) for x in items)


def one_shot(items):
    """A generator: the contract says Iterable, so it may be read only once."""
    yield from items


@pytest.mark.parametrize("size", [0, 1, 7, 13])
def test_total_is_the_sum(size):
    items = some_items(size) if size else []
    try:
        with dask_local_scheduler():
            value = total(affine, one_shot(items))
    except TypeError as error:
        raise AssertionError(
            f"total(work, items) raised TypeError: {error}. `items` may be any iterable, "
            "here a generator that can be read once: loop over it once (no len(), no "
            "indexing)."
        ) from error
    assert value == pytest.approx(expected_total(items), rel=1e-12, abs=1e-12), (
        f"total(work, {items}) returned {value!r}; expected {expected_total(items)!r}, the "
        "sum of work(item) over every item (0 for no items)."
    )


def test_building_the_graph_runs_nothing():
    import dask

    items = some_items(9)
    work = PhasedLog(affine)
    graph = lazy_total(work, items)
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
    work.phase = "compute"
    with dask_compute_counter() as counter:
        (value,) = dask.compute(graph)
    assert value == pytest.approx(expected_total(items), rel=1e-12), (
        f"the graph computed {value!r}; expected {expected_total(items)!r}."
    )
    assert counter.tasks > len(items), (
        f"the graph ran {counter.tasks} task(s); expected one per item plus the sum "
        f"({len(items) + 1}), so that dask can run the items in parallel."
    )


def test_work_runs_in_parallel_at_compute_time():
    import dask

    items = some_items(8)
    work = PhasedLog(Meeting(2, timeout=10)(affine))
    graph = lazy_total(work, items)
    work.phase = "compute"
    with dask_compute_counter():
        (value,) = dask.compute(graph)
    assert value == pytest.approx(expected_total(items), rel=1e-12), (
        f"the graph computed {value!r}; expected {expected_total(items)!r}."
    )
    assert work.items("build") == [], (
        f"`work` ran on {work.items('build')} while the graph was built; expected every call "
        "during compute. Delay the function itself: `dask.delayed(work)(item)`."
    )
    assert len(work.threads("compute")) >= 2, (
        "every call of `work` ran on one thread, one at a time; expected the scheduler's "
        "threads to run several items at once. Give each item its own task "
        "(`dask.delayed(work)(item)`) instead of one task that loops over the items."
    )


def test_total_computes_once():
    items = some_items(11)
    work = PhasedLog(affine)
    with dask_compute_counter() as counter, ComputePhase(work):
        value = total(work, items)
    assert value == pytest.approx(expected_total(items), rel=1e-12), (
        f"total returned {value!r}; expected {expected_total(items)!r}."
    )
    assert counter.computes == 1, (
        f"total called compute {counter.computes} times; expected exactly 1. Each compute "
        "is a round trip to the scheduler and runs its graph alone: build the whole graph "
        "first (lazy_total), then call `dask.compute` once."
    )
    eager = work.items("build")
    assert not eager, (
        f"total ran work on {sorted(eager)} before dask computed anything (in total's own "
        "thread, while building what it computes), then computed only the sum of the "
        "results. Let dask run the work: build the graph with `dask.delayed(work)(item)` "
        "per item (lazy_total), then compute it once."
    )
    assert sorted(work.items("compute")) == sorted(items), (
        f"work ran on {sorted(work.items('compute'))}; expected once per item, "
        f"{sorted(items)}."
    )
