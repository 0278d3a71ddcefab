"""Kata ray_pi: Monte-Carlo pi, one task per batch of samples.

Claims the lesson makes, and the test that checks each:
- `count_inside(samples, seed)` follows the recipe exactly, for several samples and seeds:
  test_count_inside_follows_the_recipe;
- `estimate_pi(tasks, n)` combines one count per seed 0 .. tasks - 1, for several task
  counts and sizes (so no parameter can be ignored), and returns a number, not a ref:
  test_estimate_combines_one_task_per_seed.
Not checked: that the counts ran in Ray workers (the kata's own `count_inside` runs there,
and the test has no probe inside it).
"""

import math
import random

import numpy as np
import pytest
from ray_pi import count_inside, estimate_pi


def reference_count(samples: int, seed: int) -> int:
    rng = np.random.default_rng(seed)
    x = rng.random(samples)
    y = rng.random(samples)
    return int(np.count_nonzero(x * x + y * y <= 1.0))


@pytest.mark.parametrize("samples", [1, 10_007])
def test_count_inside_follows_the_recipe(samples):
    seed = random.randrange(1, 10**6)
    got = count_inside(samples, seed)
    expected = reference_count(samples, seed)
    assert got == expected, (
        f"count_inside({samples}, seed={seed}) gave {got}; expected {expected}. Use "
        "`rng = numpy.random.default_rng(seed)`, draw x then y with `rng.random(samples)`, "
        "and count the points with x*x + y*y <= 1."
    )


@pytest.mark.parametrize(("tasks", "samples"), [(3, 200_003), (5, 100_000)])
def test_estimate_combines_one_task_per_seed(ray_session, tasks, samples):
    estimate = estimate_pi(tasks, samples)
    assert not isinstance(estimate, ray_session.ObjectRef), (
        "estimate_pi returned an ObjectRef. Did you call ray.get?"
    )
    expected = 4.0 * sum(reference_count(samples, s) for s in range(tasks)) / (tasks * samples)
    assert math.isclose(estimate, expected, rel_tol=1e-12), (
        f"estimate_pi({tasks}, {samples}) gave {estimate}; expected {expected}: task i counts "
        "with seed=i for i in range(tasks), and the estimate is 4 * (sum of the counts) / "
        "(tasks * samples_per_task)."
    )
