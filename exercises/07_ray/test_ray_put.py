"""Kata ray_put: one copy of a large array for many tasks.

Claims the lesson makes, and the test that checks each:
- the result is `data[start:start + width].sum()` for every start, in the order of the
  starts (unsorted, first and last window, any width), as floats:
  test_window_sums_are_right;
- the large array goes into the object store exactly once for all the tasks (it counts
  its own serialisations: 0 means it never reached Ray, 8 means once per task):
  test_large_array_is_stored_once;
- each window is summed in its own Ray task, not in the test's process: the test swaps
  `window_sum` for a probe that notes its process and task (a solution that never calls
  `window_sum` leaves no notes and is not judged here): test_each_window_sums_in_its_own_task.
"""

import os
import random

import numpy as np
import pytest
import ray_put
from ray_put import window_sums

from graders.support.ecosystem import CountedArray
from graders.support.ray_support import PID_LOG, meeting, noting_window_sum


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


def test_each_window_sums_in_its_own_task(ray_session, monkeypatch):
    data = np.random.default_rng(random.randrange(10**6)).normal(size=1000)
    starts = random.sample(range(0, 990), random.choice([3, 5]))
    monkeypatch.setattr(ray_put, "window_sum", noting_window_sum)
    with meeting(1, name=PID_LOG) as (_, log):
        window_sums(data, starts, 10)
        notes = ray_session.get(log.noted.remote())
    assert os.getpid() not in {pid for pid, _ in notes}, (
        "window_sum ran in the test's own process; expected each window summed in a Ray "
        "task. Put the array once, then `ray.remote(window_sum).remote(ref, start, width)` "
        "for every start."
    )
    tasks = {task for _, task in notes}
    assert not notes or len(tasks) == len(starts), (
        f"the {len(starts)} windows were summed in {len(tasks)} Ray task(s); expected one "
        "task per start, so that they can run side by side: "
        "`[remote_sum.remote(ref, start, width) for start in starts]`."
    )
