"""What `gpu_pi` proves, and the test that checks each claim.

- The estimate is 4 * inside / samples for the number of samples asked: for 7, 13 and
  2,000,003 samples it is a multiple of 4 / samples (so no sample count is capped), and for
  the largest it lies within five standard errors of pi (test_estimate_on_numpy).
- The seed decides the points: the same seed gives the same estimate, different seeds
  give different ones (test_seed_decides_the_points).
- On a pretend GPU the points are made on the device (nothing is copied host->device),
  the device computes at least the 2 * samples coordinates, and exactly one number is
  read back: counted by the device, outside the kata (test_samples_are_made_on_the_device).
  The device's generator draws other numbers than NumPy's for the same seed, as CuPy's
  does, so an estimate equal to NumPy's on the host for two seeds was drawn on the host,
  whatever work the device did beside it.
- On a real GPU it runs with cupy as xp (test_runs_on_cupy).
"""

import math

import numpy as np
from gpu_pi import estimate_pi

from graders.support.gpu_support import call_on_device, cupy_or_not_gradable, pretend_device


def standard_error(samples: int) -> float:
    inside = math.pi / 4
    return 4 * math.sqrt(inside * (1 - inside) / samples)


def test_estimate_on_numpy():
    for samples in (7, 13, 2_000_003):
        got = estimate_pi(samples, 3, np)
        hits = got * samples / 4
        assert isinstance(got, float) and abs(hits - round(hits)) < 1e-9 and 0 <= hits <= samples, (
            f"estimate_pi({samples}, 3, numpy) gave {got!r}; expected a float that is 4 * "
            f"(points inside) / {samples}: draw exactly `samples` points and count them."
        )
    tolerance = 5 * standard_error(samples)
    assert abs(got - math.pi) < tolerance, (
        f"estimate_pi({samples}, 3, numpy) gave {got}; expected within {tolerance:.4f} of pi "
        "(five standard errors): 4 * (points with x*x + y*y <= 1) / samples, with x and y "
        "drawn independently."
    )


def test_seed_decides_the_points():
    first = [estimate_pi(5_000, seed, np) for seed in (7, 8, 9, 10)]
    again = [estimate_pi(5_000, seed, np) for seed in (7, 8, 9, 10)]
    assert first == again, (
        f"two runs with seeds 7..10 gave {first} and {again}; expected the same: draw with "
        "`xp.random.default_rng(seed)`."
    )
    assert len(set(first)) > 1, (
        f"seeds 7, 8, 9 and 10 all gave {first[0]}; expected different points for "
        "different seeds: pass `seed` to `xp.random.default_rng`."
    )


def test_samples_are_made_on_the_device():
    samples = 200_000
    device, ledger = pretend_device()
    got = call_on_device(estimate_pi, samples, 1, device)
    assert ledger.to_device == 0, (
        f"{ledger.to_device} array(s) were copied from the host to the device; expected 0. "
        "Draw the random points on the device with `xp.random.default_rng(seed)`, not with "
        "NumPy followed by xp.asarray."
    )
    assert ledger.device_elements >= 2 * samples, (
        f"the device computed {ledger.device_elements} values; expected at least the "
        f"2 x {samples} coordinates: make the points with the `xp` you were given and test "
        "them there, not with NumPy on the host."
    )
    assert ledger.to_host == 1, (
        f"data was copied back to the host {ledger.to_host} time(s); expected once, for the "
        "final count: count on the device with xp.count_nonzero, then read that one number."
    )
    tolerance = 5 * standard_error(samples)
    assert isinstance(got, float) and abs(got - math.pi) < tolerance, (
        f"the estimate {got!r} is not a float within {tolerance:.4f} of pi."
    )
    on_device = [got, call_on_device(estimate_pi, samples, 2, pretend_device()[0])]
    on_host = [estimate_pi(samples, seed, np) for seed in (1, 2)]
    assert on_device != on_host, (
        f"on the device, seeds 1 and 2 gave {on_device}, exactly what NumPy gives on the "
        "host for them, though the device's generator draws other numbers (as CuPy's "
        "does); expected the estimate from the points drawn on the device: count them with "
        "xp.count_nonzero and read back only that count."
    )


def test_runs_on_cupy():
    cupy = cupy_or_not_gradable()
    got = estimate_pi(2_000_000, 0, cupy)
    assert isinstance(got, float) and abs(got - math.pi) < 5 * standard_error(2_000_000), (
        f"estimate_pi(2_000_000, 0, cupy) gave {got!r}; expected a float close to pi."
    )
