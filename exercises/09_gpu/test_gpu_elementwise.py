"""What `gpu_elementwise` proves, and the test that checks each claim.

- sigmoid and hypotenuse compute the right values on NumPy, for inputs no lesson shows
  (random, negative, 1-D and 2-D), and return NumPy arrays, not lists
  (test_sigmoid_on_numpy, test_hypotenuse_on_numpy).
- The same code runs unchanged on a device array (a pretend GPU with CuPy's rules), gives
  a device array with the values it gives on NumPy, and moves nothing between host and
  device: counted by the device, outside the kata (test_sigmoid_stays_on_the_device,
  test_hypotenuse_stays_on_the_device).
- On a real GPU: the results are CuPy arrays (test_runs_unchanged_on_cupy) and sigmoid is
  faster than NumPy on 20 million elements (test_gpu_is_faster_on_a_large_array).
"""

import numpy as np
import pytest
from gpu_elementwise import hypotenuse, sigmoid

import graders
from graders.support.gpu_support import (
    DeviceArray,
    best_time,
    call_on_device,
    cupy_or_not_gradable,
    kind,
    peek,
    place,
    pretend_device,
)

RNG = np.random.default_rng(2026)
INPUTS = [RNG.uniform(-20.0, 20.0, 97), RNG.uniform(-8.0, 8.0, (6, 5))]


def reference_sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def assert_array_like(got, x: np.ndarray, name: str) -> None:
    assert isinstance(got, np.ndarray) and got.shape == x.shape, (
        f"{name} returned {kind(got)}; expected a NumPy array of shape {x.shape} for a "
        "NumPy input: compute with whole-array operations, same library in, same out."
    )


def test_sigmoid_on_numpy():
    for x in INPUTS:
        got = sigmoid(x)
        assert_array_like(got, x, "sigmoid")
        # atol: (1 + tanh(x/2)) / 2 is as right, but loses relative precision near 0
        assert np.allclose(got, reference_sigmoid(x), rtol=1e-9, atol=1e-12), (
            f"sigmoid gave {got.ravel()[:3]}... for {x.ravel()[:3]}...; expected "
            f"{reference_sigmoid(x).ravel()[:3]}...: 1 / (1 + exp(-x))."
        )


def test_hypotenuse_on_numpy():
    for x in INPUTS:
        y = RNG.uniform(-30.0, 30.0, x.shape)
        got = hypotenuse(x, y)
        assert_array_like(got, x, "hypotenuse")
        expected = np.sqrt(x * x + y * y)
        assert np.allclose(got, expected, rtol=1e-12, atol=0), (
            f"hypotenuse gave {got.ravel()[:3]}... for x={x.ravel()[:3]}..., "
            f"y={y.ravel()[:3]}...; expected {expected.ravel()[:3]}...: sqrt(x*x + y*y)."
        )


def check_stays_on_the_device(name: str, fn, *hosts: np.ndarray) -> None:
    device, ledger = pretend_device()
    got = call_on_device(fn, *(place(device, h) for h in hosts))
    moved = (ledger.to_host, ledger.to_device)
    assert isinstance(got, DeviceArray), (
        f"on device arrays {name} returned {kind(got)}; expected a device array: compute "
        "with the input's own namespace (or operators) and return its result."
    )
    assert moved == (0, 0), (
        f"{name} copied data device->host {moved[0]} time(s) and host->device {moved[1]} "
        "time(s); expected 0 and 0: an elementwise kernel reads nothing back (float(), "
        ".item(), .tolist(), .get(), printing) and sends nothing over."
    )
    on_host = fn(*hosts)
    assert np.allclose(peek(got), on_host, rtol=1e-12, atol=0), (
        f"{name} gave different values on the device than on NumPy for the same input; "
        "expected the same computation on both."
    )


def test_sigmoid_stays_on_the_device():
    check_stays_on_the_device("sigmoid", sigmoid, INPUTS[1])


def test_hypotenuse_stays_on_the_device():
    check_stays_on_the_device("hypotenuse", hypotenuse, INPUTS[1], INPUTS[1][::-1] + 1.0)


def test_runs_unchanged_on_cupy():
    cupy = cupy_or_not_gradable()
    x, y = INPUTS[0], INPUTS[0][::-1].copy()
    results = {"sigmoid": (sigmoid(cupy.asarray(x)), reference_sigmoid(x)),
               "hypotenuse": (hypotenuse(cupy.asarray(x), cupy.asarray(y)), np.hypot(x, y))}
    for name, (got, expected) in results.items():
        assert isinstance(got, cupy.ndarray), (
            f"{name}(cupy arrays) returned {type(got).__name__}; expected a cupy.ndarray."
        )
        assert np.allclose(cupy.asnumpy(got), expected, rtol=1e-12), f"{name}'s values are wrong."


@pytest.mark.timing
def test_gpu_is_faster_on_a_large_array():
    cupy = cupy_or_not_gradable()
    host = np.random.default_rng(0).standard_normal(20_000_000)
    device = cupy.asarray(host)
    sync = cupy.cuda.Device().synchronize
    cpu = best_time(lambda: sigmoid(host), lambda: None)
    gpu = best_time(lambda: sigmoid(device), sync)
    if gpu < cpu:
        return
    reference = best_time(lambda: 1.0 / (1.0 + cupy.exp(-device)), sync)
    if reference >= cpu:
        graders.not_gradable(
            f"even the reference kernel took {reference:.4f} s on this GPU vs {cpu:.4f} s "
            "with NumPy", "rerun on a machine whose GPU is not busy",
        )
    raise AssertionError(
        f"sigmoid took {gpu:.4f} s on the GPU and {cpu:.4f} s with NumPy (the reference "
        f"kernel: {reference:.4f} s); expected the GPU to be faster. Does the data leave the "
        "GPU (cupy.asnumpy, float(), .get()) inside sigmoid?"
    )
