import math

import numpy as np
from gpu_pipeline import LIMIT, clip_outliers, score, standardise

from graders.support.ecosystem import CountingDevice, call_on_device

DATA = np.concatenate([np.random.default_rng(9).standard_normal(5000), [40.0, -35.0]])


def reference_score(data: np.ndarray) -> float:
    z = np.clip((data - data.mean()) / data.std(), -LIMIT, LIMIT)
    return float(np.mean(z * z))


def test_steps_on_numpy():
    z = standardise(DATA)
    assert isinstance(z, np.ndarray) and math.isclose(float(z.mean()), 0.0, abs_tol=1e-9) and (
        math.isclose(float(z.std()), 1.0)
    ), "standardise(x) should have mean 0 and standard deviation 1: (x - mean) / std."
    clipped = clip_outliers(np.array([-5.0, 0.5, 4.0]), 3.0)
    assert np.allclose(clipped, [-3.0, 0.5, 3.0]), (
        f"clip_outliers([-5, 0.5, 4], 3) gave {clipped!r}; expected array([-3., 0.5, 3.])."
    )


def test_score_on_numpy():
    got = score(DATA.tolist(), np)
    assert isinstance(got, float) and math.isclose(got, reference_score(DATA)), (
        f"score gave {got!r}; expected the float {reference_score(DATA):.6f}."
    )


def test_data_crosses_once_each_way():
    device = CountingDevice()
    got = call_on_device(score, DATA, device)
    moved = device.transfers
    assert (moved.to_device, moved.to_host) == (1, 1), (
        f"the data went to the device {moved.to_device} time(s) and back {moved.to_host} "
        "time(s); expected once each way. Every round trip between steps costs a copy over "
        "the PCIe bus and a wait: move the data with xp.asarray once, run every step on the "
        "device, and read back only the final float."
    )
    assert math.isclose(got, reference_score(DATA)), f"score gave {got}; expected the reference."
