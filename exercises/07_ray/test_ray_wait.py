"""Kata ray_wait: results as they finish.

Claims the lesson makes, and the test that checks each:
- `as_they_finish` returns `fn(item)` for every item in the order the tasks finish, which
  the test decides (all the tasks meet first, then sleep for different times) and which
  is neither the items' order nor the sorted order: test_results_in_finishing_order;
- every call ran in a Ray worker, not in the test's process (threads in the test's process
  finish in the same order): same test (pids).
"""

import os
import random

from ray_wait import as_they_finish

from graders.support.ray_support import meet_then, meeting


def test_results_in_finishing_order(ray_session):
    values = random.sample(["kiwi", "fig", "plum", "lime", "pear", "date", "yuzu"], 4)
    delays = [1.8, 0.0, 1.2, 0.6]  # all four meet first, then finish 0.6 s apart
    while sorted(values) in ([v for _, v in sorted(zip(delays, values, strict=True))],
                             values):
        random.shuffle(values)
    with meeting(len(values)) as (name, _):
        items = [(value, delay, name) for value, delay in zip(values, delays, strict=True)]
        results = as_they_finish(meet_then, items)
    got = [result[0] for result in results]
    expected = [value for _, value in sorted(zip(delays, values, strict=True))]
    assert got == expected, (
        f"as_they_finish returned {got}; expected {expected}, the order in which the tasks "
        f"finished (they slept {delays} s after starting together; the items were {values}). "
        "`ray.get(refs)` keeps submission order: loop with "
        "`ready, pending = ray.wait(pending, num_returns=1)` instead."
    )
    assert os.getpid() not in {result[3] for result in results}, (
        "some calls ran in the test's own process; expected every call in a Ray task. "
        "Start each task with `ray.remote(fn).remote(item)` and wait on the refs with "
        "ray.wait, rather than calling fn directly (in a loop or in threads)."
    )
