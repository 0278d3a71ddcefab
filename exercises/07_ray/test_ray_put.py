"""Kata ray_put: one copy of a large array for many tasks.

Claims the lesson makes, and the test that checks each:
- the result is `data[start:start + width].sum()` for every start, in the order of the
  starts (unsorted, first and last window, any width), as floats:
  test_window_sums_are_right;
- the large array goes into the object store exactly once for all the tasks (it counts
  its own serialisations: 0 means it never reached Ray, 8 means once per task):
  test_large_array_is_stored_once.
"""

import random

import numpy as np
import pytest
from ray_put import window_sums

from graders.support.ecosystem import CountedArray


@pytest.mark.parametrize("width", [1, 7])
def test_window_sums_are_right(ray_session, width):
    data = np.random.default_rng(random.randrange(10**6)).normal(size=1000)
    starts = [500, 0, 1000 - width, 10]
    got = window_sums(data, starts, width)
    expected = [float(data[s:s + width].sum()) for s in starts]
    assert list(got) == pytest.approx(expected, rel=1e-12, abs=1e-12), (
        f"window_sums(data, {starts}, {width}) gave {got}; expected {expected}: the sum of "
        "data[start:start + width] for each start, in the order of the starts."
    )


def test_large_array_is_stored_once(ray_session):
    data = np.arange(2_000_000, dtype="f8").view(CountedArray)  # 16 MB
    starts = random.sample(range(0, 1_990_000, 1000), 8)
    width = random.choice([100, 250])
    CountedArray.pickles = 0
    got = window_sums(data, starts, width)
    expected = [float(np.asarray(data)[s:s + width].sum()) for s in starts]
    assert list(got) == expected, f"window_sums gave {got}; expected {expected}."
    assert CountedArray.pickles == 1, (
        f"the 16 MB array was serialised {CountedArray.pickles} times for {len(starts)} "
        "tasks; expected exactly once. "
        + ("It never reached Ray: compute each window in a Ray task, "
           "`ray.remote(window_sum).remote(ref, start, width)`." if CountedArray.pickles == 0
           else "Passing the array to each `.remote` call copies it into the object store "
           "every time: `ref = ray.put(data)` once, then pass `ref` to every task.")
    )
