"""Kata ray_pi: Monte-Carlo pi, one task per batch of samples.

Claims the lesson makes, and the test that checks each:
- `count_inside(samples, seed)` follows the recipe exactly, for several samples and seeds:
  test_count_inside_follows_the_recipe;
- `estimate_pi(tasks, n)` combines one count per seed 0 .. tasks - 1, for several task
  counts and sizes (so no parameter can be ignored), and returns a number, not a ref:
  test_estimate_combines_one_task_per_seed;
- each count runs in its own Ray task, not in the test's process: the same test swaps
  `count_inside` for a probe that notes its process and task (a solution that never calls
  `count_inside` leaves no notes and is not judged on this).
"""

import math
import os
import random

import pytest
import ray_pi
from ray_pi import count_inside, estimate_pi

from graders.support.ray_support import (
    PID_LOG,
    meeting,
    noting_count_inside,
    quarter_circle_count,
)


@pytest.mark.parametrize("samples", [1, 10_007])
def test_count_inside_follows_the_recipe(samples):
    seed = random.randrange(1, 10**6)
    got = count_inside(samples, seed)
    expected = quarter_circle_count(samples, seed)
    assert got == expected, (
        f"count_inside({samples}, seed={seed}) gave {got}; expected {expected}. Use "
        "`rng = numpy.random.default_rng(seed)`, draw x then y with `rng.random(samples)`, "
        "and count the points with x*x + y*y <= 1."
    )


@pytest.mark.parametrize(("tasks", "samples"), [(3, 200_003), (5, 100_000)])
def test_estimate_combines_one_task_per_seed(ray_session, monkeypatch, tasks, samples):
    monkeypatch.setattr(ray_pi, "count_inside", noting_count_inside)
    with meeting(1, name=PID_LOG) as (_, log):
        estimate = estimate_pi(tasks, samples)
        notes = ray_session.get(log.noted.remote())
    assert not isinstance(estimate, ray_session.ObjectRef), (
        "estimate_pi returned an ObjectRef. Did you call ray.get?"
    )
    expected = 4.0 * sum(quarter_circle_count(samples, s) for s in range(tasks)) / (tasks * samples)
    assert math.isclose(estimate, expected, rel_tol=1e-12), (
        f"estimate_pi({tasks}, {samples}) gave {estimate}; expected {expected}: task i counts "
        "with seed=i for i in range(tasks), and the estimate is 4 * (sum of the counts) / "
        "(tasks * samples_per_task)."
    )
    assert os.getpid() not in {pid for pid, _ in notes}, (
        "count_inside ran in the test's own process; expected each count in a Ray task. "
        "`remote_count = ray.remote(count_inside)`, then "
        "`remote_count.remote(samples_per_task, seed)` for every seed."
    )
    task_ids = {task for _, task in notes}
    assert not notes or len(task_ids) == tasks, (
        f"the counts for {tasks} seeds ran in {len(task_ids)} Ray task(s); expected one task "
        "per seed, so that they can run side by side: "
        "`[remote_count.remote(samples_per_task, seed) for seed in range(tasks)]`."
    )
