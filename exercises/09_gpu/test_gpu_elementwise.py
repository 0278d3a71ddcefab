import numpy as np
import pytest
from gpu_elementwise import hypotenuse, sigmoid

import graders
from graders.support.ecosystem import (
    CountingDevice,
    DeviceArray,
    best_time,
    call_on_device,
    cupy_or_not_gradable,
)

X = np.linspace(-6.0, 6.0, 101)


def reference_sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def test_sigmoid_on_numpy():
    got = sigmoid(X)
    assert isinstance(got, np.ndarray) and got.shape == X.shape, (
        f"sigmoid returned {type(got).__name__}; expected a NumPy array of shape {X.shape} "
        "for a NumPy input (same library in, same library out)."
    )
    assert np.allclose(got, reference_sigmoid(X)), (
        f"sigmoid gave {got[:3]}... ; expected {reference_sigmoid(X)[:3]}...: 1 / (1 + exp(-x))."
    )


def test_hypotenuse_on_numpy():
    x, y = np.array([3.0, 5.0, 8.0]), np.array([4.0, 12.0, 15.0])
    got = hypotenuse(x, y)
    assert isinstance(got, np.ndarray) and np.allclose(got, [5.0, 13.0, 17.0]), (
        f"hypotenuse([3, 5, 8], [4, 12, 15]) gave {got!r}; expected array([5., 13., 17.])."
    )


def test_runs_unchanged_on_a_device_array():
    device = CountingDevice()
    x, y = device.asarray(X), device.asarray(X[::-1])
    device.transfers.to_device = 0
    results = [call_on_device(sigmoid, x), call_on_device(hypotenuse, x, y)]
    assert all(isinstance(r, DeviceArray) for r in results), (
        f"on device arrays the functions returned {[type(r).__name__ for r in results]}; "
        "expected device arrays: compute with the input's own namespace and return its result."
    )
    assert (device.transfers.to_host, device.transfers.to_device) == (0, 0), (
        f"the data crossed between host and device {device.transfers.to_host} + "
        f"{device.transfers.to_device} times; expected 0: an elementwise kernel stays on the "
        "device."
    )
    assert np.allclose(results[0]._data, reference_sigmoid(X)), "sigmoid's values are wrong."


def test_runs_unchanged_on_cupy():
    cupy = cupy_or_not_gradable()
    x = cupy.asarray(X)
    got = sigmoid(x)
    assert isinstance(got, cupy.ndarray), (
        f"sigmoid(cupy array) returned {type(got).__name__}; expected a cupy.ndarray."
    )
    assert np.allclose(cupy.asnumpy(got), reference_sigmoid(X)), "sigmoid's values are wrong."


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
