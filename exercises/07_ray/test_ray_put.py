import numpy as np
from ray_put import window_sums

from graders.support.ecosystem import CountedArray


def test_window_sums_are_right(ray_session):
    data = np.arange(1000, dtype="f8")
    starts = [0, 10, 500]
    got = window_sums(data, starts, 5)
    expected = [float(data[s:s + 5].sum()) for s in starts]
    assert list(got) == expected, f"window_sums gave {got}; expected {expected}."


def test_large_array_is_stored_once(ray_session):
    data = np.arange(2_000_000, dtype="f8").view(CountedArray)  # 16 MB
    starts = list(range(0, 8000, 1000))
    CountedArray.pickles = 0
    got = window_sums(data, starts, 100)
    expected = [float(np.asarray(data)[s:s + 100].sum()) for s in starts]
    assert list(got) == expected, f"window_sums gave {got}; expected {expected}."
    assert CountedArray.pickles <= 1, (
        f"the 16 MB array was serialised {CountedArray.pickles} times for {len(starts)} "
        "tasks; expected once. Passing the array to each `.remote` call copies it into the "
        "object store every time: `ref = ray.put(data)` once, then pass `ref` to every task."
    )
