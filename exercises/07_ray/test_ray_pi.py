import math

import numpy as np
from ray_pi import count_inside, estimate_pi


def reference_count(samples: int, seed: int) -> int:
    rng = np.random.default_rng(seed)
    x = rng.random(samples)
    y = rng.random(samples)
    return int(np.count_nonzero(x * x + y * y <= 1.0))


def test_count_inside_follows_the_recipe():
    got = count_inside(10_000, 3)
    expected = reference_count(10_000, 3)
    assert got == expected, (
        f"count_inside(10000, seed=3) gave {got}; expected {expected}. Use "
        "`rng = numpy.random.default_rng(seed)`, draw x then y with `rng.random(samples)`, "
        "and count the points with x*x + y*y <= 1."
    )


def test_estimate_combines_one_task_per_seed(ray_session):
    tasks, samples = 4, 250_000
    estimate = estimate_pi(tasks, samples)
    assert not isinstance(estimate, ray_session.ObjectRef), (
        "estimate_pi returned an ObjectRef. Did you call ray.get?"
    )
    expected = 4.0 * sum(reference_count(samples, s) for s in range(tasks)) / (tasks * samples)
    assert math.isclose(estimate, expected, rel_tol=1e-12), (
        f"estimate_pi(4, 250000) gave {estimate}; expected {expected}: task i counts with "
        "seed=i, and the estimate is 4 * (sum of the counts) / (all samples)."
    )
    assert abs(estimate - math.pi) < 0.02, f"the estimate {estimate} is far from pi."
