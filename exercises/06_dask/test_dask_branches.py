from dask_branches import mixed_total

from graders.support.ecosystem import (
    CallLog,
    dask_compute_counter,
    dask_local_scheduler,
    double,
    square,
)

ITEMS = list(range(10))
BIG = 7  # items 7, 8 and 9 take the slow branch


def is_big(item: int) -> bool:
    return item >= BIG


def expected_total(items) -> int:
    return sum(square(x) if is_big(x) else double(x) for x in items)


def test_mixed_total_is_correct():
    import dask

    for items in (ITEMS, [1, 2, 3], [8, 9], []):
        with dask_local_scheduler():
            got = dask.compute(mixed_total(items, is_big, square, double))[0]
        assert got == expected_total(items), (
            f"mixed_total({items}) computed {got!r}; expected {expected_total(items)} "
            "(slow(item) for big items, fast(item) for the others, summed)."
        )


def test_only_the_slow_branch_is_a_task():
    import dask

    slow = CallLog(square)
    graph = mixed_total(ITEMS, is_big, slow, double)
    assert not slow.calls, (
        f"`slow` already ran on {slow.calls} while the graph was being built; expected no "
        "call before compute. Delay the slow function itself: `dask.delayed(slow)(item)`."
    )
    with dask_compute_counter() as counter:
        (value,) = dask.compute(graph)
    assert value == expected_total(ITEMS), (
        f"mixed_total computed {value!r}; expected {expected_total(ITEMS)}."
    )
    big = sum(is_big(x) for x in ITEMS)
    assert counter.tasks == big + 1, (
        f"the graph ran {counter.tasks} tasks; expected {big + 1}: one per big item plus the "
        "sum. Decide the branch now, on the real item, and call the cheap `fast` directly: "
        "a task for cheap work only adds scheduling overhead."
    )
