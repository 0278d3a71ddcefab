import math

import numpy as np
from gpu_pi import estimate_pi

from graders.support.ecosystem import CountingDevice, call_on_device


def test_estimate_on_numpy():
    got = estimate_pi(2_000_000, 0, np)
    assert isinstance(got, float), f"estimate_pi returned {type(got).__name__}; expected float."
    assert abs(got - math.pi) < 0.01, (
        f"estimate_pi(2_000_000, 0, numpy) gave {got}; expected within 0.01 of pi: "
        "4 * (points with x*x + y*y <= 1) / samples."
    )
    assert estimate_pi(100_000, 7, np) == estimate_pi(100_000, 7, np), (
        "two runs with seed=7 differ; use `xp.random.default_rng(seed)`."
    )


def test_samples_are_made_on_the_device():
    device = CountingDevice()
    got = call_on_device(estimate_pi, 200_000, 1, device)
    moved = device.transfers
    assert moved.to_device == 0, (
        f"{moved.to_device} array(s) were copied from the host to the device; expected 0. "
        "Draw the random points on the device with `xp.random.default_rng(seed)`, not with "
        "NumPy followed by xp.asarray."
    )
    assert moved.to_host <= 1, (
        f"data was copied back to the host {moved.to_host} times; expected once, for the "
        "final count."
    )
    assert abs(got - math.pi) < 0.03, f"the estimate {got} is far from pi."
