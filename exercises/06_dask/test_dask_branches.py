"""Kata dask_branches: decide on real values, delay only the slow branch.

Claims the lesson makes, and the test that checks each:
- the result is the sum of `slow(item)` for the items `is_big` picks and `fast(item)` for
  the others, for any `is_big` (not a threshold the kata guessed), any items (unsorted,
  negative, a repeated item that counts each time, none big, all big, none at all, a
  one-shot iterator):
  test_mixed_total_is_correct;
- the branch is decided on the real item while building: `is_big` and `fast` run then,
  `slow` never does: test_only_the_slow_branch_is_a_task;
- at compute time only `slow` runs, once per big item, and the graph holds one task per
  big item plus the sum (a final `+ fast_total` is allowed): same test.
"""

import random

import pytest
from dask_branches import mixed_total

from graders.support.dask_support import PhasedLog
from graders.support.ecosystem import dask_compute_counter, dask_local_scheduler


def slow(x: int) -> int:
    return x * x + 1


def fast(x: int) -> int:
    return 2 * x - 3


def is_odd(x: int) -> bool:
    return x % 2 == 1


def is_negative(x: int) -> bool:
    return x < 0


RULES = {"odd": is_odd, "negative": is_negative}


def expected_total(items, is_big) -> int:
    return sum(slow(x) if is_big(x) else fast(x) for x in items)


def build(items, is_big, slow_fn=slow, fast_fn=fast):
    """Call the kata, turning dask's TypeError on `if delayed:` into the lesson's advice."""
    try:
        return mixed_total(items, is_big, slow_fn, fast_fn)
    except TypeError as error:
        if "Delayed" not in str(error):
            raise
        raise AssertionError(
            f"mixed_total raised TypeError: {error}. A Delayed has no truth value yet: call "
            "`is_big(item)` on the real item (not a delayed one) to choose the branch."
        ) from error


def some_items() -> list[int]:
    return random.sample(range(-30, 30), 12)


def with_a_repeat(items: list[int]) -> list[int]:
    """`items` with one of them written again at a random place: each occurrence counts."""
    repeated = list(items)
    repeated.insert(random.randrange(len(items) + 1), random.choice(items))
    return repeated


@pytest.mark.parametrize("rule", sorted(RULES))
def test_mixed_total_is_correct(rule):
    import dask

    is_big = RULES[rule]
    mixed = with_a_repeat(some_items())
    for items in (mixed, [x for x in mixed if is_big(x)], [x for x in mixed if not is_big(x)],
                  []):
        with dask_local_scheduler():
            got = dask.compute(build(items, is_big))[0]
        assert got == expected_total(items, is_big), (
            f"mixed_total({items}) with is_big = {rule} computed {got!r}; expected "
            f"{expected_total(items, is_big)} (slow(item) where is_big(item), fast(item) for "
            "the others, summed, a repeated item once per occurrence). Ask `is_big` about "
            "each item; do not guess the rule, and do not drop repeats (no set(items))."
        )
    with dask_local_scheduler():
        got = dask.compute(build(iter(mixed), is_big))[0]
    assert got == expected_total(mixed, is_big), (
        f"mixed_total(iter({mixed})) with is_big = {rule} computed {got!r}; from a list it "
        f"should be {expected_total(mixed, is_big)}. `items` may be any iterable, here a "
        "one-shot iterator: loop over it once, choosing each item's branch as it comes (or "
        "make it a list first)."
    )


@pytest.mark.parametrize("rule", sorted(RULES))
def test_only_the_slow_branch_is_a_task(rule):
    import dask

    is_big = RULES[rule]
    items = some_items()
    slow_log, fast_log = PhasedLog(slow), PhasedLog(fast)
    graph = build(items, is_big, slow_log, fast_log)
    assert not slow_log.calls, (
        f"`slow` already ran on {slow_log.items('build')} while the graph was being built; "
        "expected no call before compute. Delay the slow function itself: "
        "`dask.delayed(slow)(item)`."
    )
    slow_log.phase = fast_log.phase = "compute"
    with dask_compute_counter() as counter:
        (value,) = dask.compute(graph)
    assert value == expected_total(items, is_big), (
        f"mixed_total computed {value!r}; expected {expected_total(items, is_big)}."
    )
    big = [x for x in items if is_big(x)]
    assert not fast_log.items("compute"), (
        f"`fast` ran as a task on {fast_log.items('compute')} during compute; expected it to "
        "run while building, on the real item: a task for cheap work only adds scheduling "
        "overhead. Call `fast(item)` directly and delay only `slow`."
    )
    assert sorted(slow_log.items("compute")) == sorted(big), (
        f"`slow` ran on {sorted(slow_log.items('compute'))} during compute; expected once per "
        f"big item, {sorted(big)}."
    )
    assert counter.tasks <= len(big) + 2, (
        f"the graph ran {counter.tasks} tasks for {len(big)} big items; expected one per big "
        f"item plus the sum (at most {len(big) + 2} with a final addition). Only slow work "
        "deserves a task: a task for cheap work only adds scheduling overhead."
    )
