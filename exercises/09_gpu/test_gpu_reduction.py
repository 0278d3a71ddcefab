"""What `gpu_reduction` proves, and the test that checks each claim.

- rms is sqrt(mean(x*x)) over every element, for random inputs with negative values, of
  several lengths and of two dimensions (test_rms_on_numpy).
- column_means is one mean per column (axis=0) as a NumPy array, not a list, for
  matrices that are not square (test_column_means_on_numpy).
- On a device array (a pretend GPU with CuPy's rules) each reduction returns a device
  array (0-d for rms) with the same values as on NumPy, and nothing is copied to or from
  the host: counted by the device, outside the kata (test_rms_stays_on_the_device,
  test_column_means_stay_on_the_device).
- On a real GPU the results are CuPy arrays (test_runs_unchanged_on_cupy).
"""

import math

import numpy as np
from gpu_reduction import column_means, rms

from graders.support.gpu_support import (
    DeviceArray,
    call_on_device,
    cupy_or_not_gradable,
    kind,
    peek,
    place,
    pretend_device,
)

RNG = np.random.default_rng(31)
VECTORS = [RNG.normal(-2.0, 5.0, n) for n in (7, 1000)] + [RNG.normal(1.0, 3.0, (5, 4))]
MATRICES = [RNG.normal(0.0, 10.0, shape) for shape in ((5, 3), (4, 9))]


def test_rms_on_numpy():
    for x in VECTORS:
        got = rms(x)
        expected = math.sqrt(float(np.mean(x * x)))
        assert isinstance(got, (np.ndarray, np.generic, float)) and np.ndim(got) == 0, (
            f"rms returned {kind(got)}; expected a single number (a 0-d array)."
        )
        assert math.isclose(float(got), expected, rel_tol=1e-12), (
            f"rms of an array of shape {x.shape} gave {float(got)!r}; expected {expected!r}: "
            "the square root of the mean of x*x over every element (x.size of them, not "
            "len(x))."
        )


def test_column_means_on_numpy():
    for m in MATRICES:
        got = column_means(m)
        expected = m.mean(axis=0)
        assert isinstance(got, np.ndarray) and got.shape == expected.shape, (
            f"column_means of a {m.shape} matrix returned {kind(got)}; expected a NumPy "
            f"array of shape {expected.shape}, one mean per column (axis=0)."
        )
        assert np.allclose(got, expected, rtol=1e-12, atol=0), (
            f"column_means gave {got}; expected {expected}: the mean of each column (axis=0)."
        )


def check_stays_on_the_device(name: str, fn, host: np.ndarray, shape: tuple) -> None:
    device, ledger = pretend_device()
    got = call_on_device(fn, place(device, host))
    moved = (ledger.to_host, ledger.to_device)
    assert isinstance(got, DeviceArray) and got.shape == shape, (
        f"on a device array {name} returned {kind(got)}; expected a device array of shape "
        f"{shape}. Converting the result (float(), .item(), .tolist()) copies it to the host "
        "and waits for the GPU: return the array and let the caller read it."
    )
    assert moved == (0, 0), (
        f"{name} copied data device->host {moved[0]} time(s) and host->device {moved[1]} "
        "time(s); expected 0 and 0: reduce on the device and return the device array."
    )
    assert np.allclose(peek(got), fn(host), rtol=1e-12, atol=0), (
        f"{name} gave different values on the device than on NumPy for the same input."
    )


def test_rms_stays_on_the_device():
    check_stays_on_the_device("rms", rms, VECTORS[1], ())


def test_column_means_stay_on_the_device():
    check_stays_on_the_device("column_means", column_means, MATRICES[1], (9,))


def test_runs_unchanged_on_cupy():
    cupy = cupy_or_not_gradable()
    got = [rms(cupy.asarray(VECTORS[1])), column_means(cupy.asarray(MATRICES[1]))]
    assert all(isinstance(r, cupy.ndarray) for r in got), (
        f"on CuPy arrays the reductions returned {[type(r).__name__ for r in got]}; "
        "expected cupy.ndarray results."
    )
    assert np.allclose(cupy.asnumpy(got[1]), MATRICES[1].mean(axis=0)), "wrong column means."
