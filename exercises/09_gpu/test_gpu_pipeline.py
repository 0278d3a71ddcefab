"""What `gpu_pipeline` proves, and the test that checks each claim.

- standardise is (x - mean) / std with the population std (ddof=0), so the result has
  mean 0 and std 1, for a long and a very short input (test_standardise_on_numpy).
- clip_outliers limits to [-limit, limit] for the limit it is given (two values), and to
  LIMIT by default (test_clip_outliers_on_numpy).
- score is the mean of the squares of the clipped, standardised data, as a float, for a
  list and for a NumPy array (test_score_on_numpy).
- On a device array both steps run on the device and copy nothing either way
  (test_steps_stay_on_the_device).
- score copies the data to the device once and one number back, and the device does the
  work (at least two full passes over the data): counted by the device, outside the kata;
  and the answer is computed from the device's copy, which the pretend device alters on
  arrival (it squares the values), so an answer computed from the host's data, beside
  decoy work on the device, shows (test_data_crosses_once_each_way).
- On a real GPU score runs with cupy as xp (test_runs_on_cupy).
"""

import math

import numpy as np
from gpu_pipeline import LIMIT, clip_outliers, score, standardise

from graders.support.gpu_support import (
    DeviceArray,
    call_on_device,
    cupy_or_not_gradable,
    kind,
    place,
    pretend_device,
)

RNG = np.random.default_rng(9)
DATA = np.concatenate([RNG.normal(4.0, 2.5, 5000), [40.0, -35.0]])
SHORT = np.array([2.0, 9.0, -4.0, 0.5, 7.0])


def reference_score(data: np.ndarray) -> float:
    z = np.clip((data - data.mean()) / data.std(), -LIMIT, LIMIT)
    return float(np.mean(z * z))


def test_standardise_on_numpy():
    for x in (DATA, SHORT):
        z = standardise(x)
        assert isinstance(z, np.ndarray) and z.shape == x.shape, (
            f"standardise returned {kind(z)}; expected a NumPy array of shape {x.shape}."
        )
        expected = (x - x.mean()) / x.std()
        spread = float(z.std())
        assert np.allclose(z, expected, rtol=1e-12, atol=1e-12), (
            f"standardise gave values with mean {float(z.mean()):.6g} and std {spread:.6g}; "
            "expected mean 0 and std 1: (x - mean) / std"
            + (", with the population std (ddof=0, the default), not the sample std "
               "(ddof=1)" if math.isclose(spread, math.sqrt((x.size - 1) / x.size)) else "")
            + "."
        )


def test_clip_outliers_on_numpy():
    z = RNG.normal(0.0, 2.0, 200)
    for limit in (2.5, 0.75):
        got = clip_outliers(z, limit)
        assert isinstance(got, np.ndarray) and np.array_equal(got, np.clip(z, -limit, limit)), (
            f"clip_outliers(z, {limit}) returned {kind(got)} whose values run from "
            f"{np.min(got):.3g} to {np.max(got):.3g}; expected every value limited to "
            f"[-{limit}, {limit}]: use the `limit` argument."
        )
    got = clip_outliers(z)
    assert np.array_equal(got, np.clip(z, -LIMIT, LIMIT)), (
        f"clip_outliers(z) without a limit should clip to [-LIMIT, LIMIT] = [-{LIMIT}, {LIMIT}]."
    )


def test_score_on_numpy():
    for host in (DATA.tolist(), DATA[::-1].copy()):
        got = score(host, np)
        assert isinstance(got, float) and math.isclose(got, reference_score(DATA), rel_tol=1e-12), (
            f"score gave {got!r} for a {type(host).__name__}; expected the float "
            f"{reference_score(DATA):.9f}: the mean of z*z, z the clipped, standardised data."
        )


def test_steps_stay_on_the_device():
    device, ledger = pretend_device()
    x = place(device, DATA)
    z = call_on_device(standardise, x)
    clipped = call_on_device(clip_outliers, z, 2.0) if isinstance(z, DeviceArray) else None
    assert isinstance(z, DeviceArray) and isinstance(clipped, DeviceArray), (
        f"on device arrays the steps returned {kind(z)} and {kind(clipped)}; expected device "
        "arrays: compute with the array's methods or its namespace and return the result."
    )
    assert (ledger.to_host, ledger.to_device) == (0, 0), (
        f"the steps copied data device->host {ledger.to_host} time(s) and host->device "
        f"{ledger.to_device} time(s); expected 0 and 0: keep the mean and std as device "
        "arrays (no float()), and compute with them there."
    )


def test_data_crosses_once_each_way():
    device, ledger = pretend_device(arriving=np.square)
    got = call_on_device(score, DATA, device)
    assert (ledger.to_device, ledger.to_host) == (1, 1), (
        f"the data went to the device {ledger.to_device} time(s) and back {ledger.to_host} "
        "time(s); expected once each way. Every round trip between steps costs a copy over "
        "the PCIe bus and a wait: move the data with xp.asarray once, run every step on the "
        "device, and read back only the final float."
    )
    assert ledger.device_elements >= 2 * DATA.size, (
        f"the device computed {ledger.device_elements} values for {DATA.size} data points; "
        "expected at least two full passes there: run standardise and clip_outliers on the "
        "device array, not on the host data."
    )
    on_host, on_device = score(DATA, np), score(np.square(DATA), np)
    assert not (isinstance(got, float) and math.isclose(got, on_host, rel_tol=1e-12)
                and not math.isclose(on_host, on_device, rel_tol=1e-12)), (
        f"score on the device gave {got!r}, its answer for the data on the host. The test's "
        "device squares its copy of the data on arrival, so that an answer computed there "
        "differs from one computed on the host: the answer was computed on the host, whatever "
        "ran on the device beside it. Compute every step on the array `xp.asarray` returned."
    )
    assert isinstance(got, float) and math.isclose(got, on_device, rel_tol=1e-12), (
        f"score on the device gave {got!r}; expected the float {on_device!r}, what score gives "
        "on NumPy for the device's copy of the data (the test's device squares the values on "
        "arrival, to see where the answer was computed). A step that reads the host data "
        "instead of the device array gives another value."
    )


def test_runs_on_cupy():
    cupy = cupy_or_not_gradable()
    got = score(DATA, cupy)
    assert isinstance(got, float) and math.isclose(got, reference_score(DATA), rel_tol=1e-9), (
        f"score(DATA, cupy) gave {got!r}; expected the float {reference_score(DATA):.9f}."
    )
