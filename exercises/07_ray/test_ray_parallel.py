"""Kata ray_parallel: submit every task before waiting for any.

Claims the lesson makes, and the test that checks each:
- the results are `fn(item)` for every item, in item order, whatever order the tasks
  finish in: test_results_in_item_order_from_ray_workers;
- every call ran in a Ray worker, not in the test's process: same test (pids);
- all the tasks run at the same time (exactly as many at once as there are tasks, here no
  more than Ray's 4 logical CPUs), shown by a meeting point that opens only when every
  task is inside it at once, without any clock: test_all_tasks_run_at_once;
- the whole batch takes about one task's time, not the sum: test_total_time_well_under_the
  _serial_bound, timed against the reference on the same warm workers, interleaved over
  several rounds; not-gradable when the reference cannot show it here.
"""

import os
import random

import pytest
from ray_parallel import run_in_parallel

import graders
from graders.support.ray_support import compare, meet_then, meeting

SLEEPS = [1.0, 1.0, 1.0, 1.0]  # Ray was started with 4 logical CPUs: all 4 fit at once


def batch(size: int, name: str) -> list[tuple]:
    """Items for meet_then: values unlike their positions, later items finish first."""
    values = random.sample(range(-50, 50), size)
    return [(value, 0.3 * (size - index), name) for index, value in enumerate(values)]


@pytest.mark.parametrize("size", [3, 4])
def test_results_in_item_order_from_ray_workers(ray_session, size):
    with meeting(size) as (name, _):
        items = batch(size, name)
        results = run_in_parallel(meet_then, items)
    values = [result[0] for result in results]
    expected = [value for value, _, _ in items]
    assert values == expected, (
        f"run_in_parallel returned the values {values}; expected {expected}, in the order "
        "of the items (the tasks were made to finish last-first). `ray.get(refs)` on the "
        "list of refs keeps the items' order."
    )
    assert os.getpid() not in {result[3] for result in results}, (
        "some calls ran in the test's own process; expected every call in a Ray worker. "
        "Call the remote function with `.remote(item)`, not directly."
    )


@pytest.mark.parametrize("size", [2, 4])
def test_all_tasks_run_at_once(ray_session, size):
    with meeting(size) as (name, point):
        run_in_parallel(meet_then, [(value, 0.0, name) for value in range(size)])
        peak = ray_session.get(point.peak.remote())
    assert peak == size, (
        f"at most {peak} of the {size} tasks were running at the same moment; expected all "
        f"{size} at once (Ray has 4 CPUs for them). Did you call ray.get inside the "
        "submission loop? It waits for each task before starting the next: submit every "
        "task first, then call ray.get once on the list of refs."
    )


@pytest.mark.timing
def test_total_time_well_under_the_serial_bound(ray_session):
    outcome = compare(run_in_parallel, SLEEPS)
    if outcome.verdict == "not-gradable":
        graders.not_gradable(outcome.message, "rerun on a machine that is less busy")
    assert outcome.verdict == "passed", f"run_in_parallel: {outcome.message}"
