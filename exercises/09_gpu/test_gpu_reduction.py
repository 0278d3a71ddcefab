import math

import numpy as np
from gpu_reduction import column_means, rms

from graders.support.ecosystem import CountingDevice, DeviceArray, call_on_device

M = np.arange(12, dtype="f8").reshape(4, 3)


def test_reductions_on_numpy():
    got = rms(np.array([3.0, 4.0]))
    assert math.isclose(float(got), math.sqrt(12.5)), (
        f"rms([3, 4]) gave {got!r}; expected sqrt((9 + 16) / 2) = {math.sqrt(12.5):.4f}."
    )
    means = column_means(M)
    assert isinstance(means, np.ndarray) and np.allclose(means, [4.5, 5.5, 6.5]), (
        f"column_means gave {means!r}; expected array([4.5, 5.5, 6.5]), one mean per column "
        "(axis=0)."
    )


def test_results_stay_on_the_device():
    device = CountingDevice()
    x, m = device.asarray(np.array([3.0, 4.0])), device.asarray(M)
    results = [call_on_device(rms, x), call_on_device(column_means, m)]
    assert all(isinstance(r, DeviceArray) for r in results), (
        f"on device arrays the reductions returned {[type(r).__name__ for r in results]}; "
        "expected device arrays (a 0-d array for rms). Converting to float() copies the value "
        "to the host and waits for the GPU: return the array and let the caller read it."
    )
    assert device.transfers.to_host == 0, (
        f"the reductions copied data back to the host {device.transfers.to_host} time(s); "
        "expected 0."
    )
    assert math.isclose(float(results[0]._data), math.sqrt(12.5)), "rms's value is wrong."
