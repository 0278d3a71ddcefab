"""Kata dask_array_stats: mean and standard deviation of an array larger than memory.

Claims the lesson makes, and the test that checks each:
- the values are NumPy's `mean()` and `std()` (population, ddof=0) to 1e-9, on data of
  every size, chunking and scale (10 values, uneven chunks, negatives, an offset),
  which tells ddof=0 from ddof=1 and the mean of chunk means from the mean:
  test_statistics_match_numpy;
- on 200 million values (1.6 GB) with an offset and scale drawn per run (nothing printed
  in the lesson can be returned), the memory of the process stays far below the array's
  size, and compute runs once: test_memory_stays_small_on_a_huge_array.
"""

import math
import random

import numpy as np
import pytest
from dask_array_stats import mean_and_std

from graders.support.ecosystem import PeakMemory, dask_compute_counter, dask_local_scheduler

LARGE = 200_000_000  # 1.6 GB of float64 if it were ever materialised
CHUNK = 2_000_000  # 16 MB per chunk


def exact(n: int, scale: float, offset: float) -> tuple[float, float]:
    """The mean and standard deviation of offset + scale * (0, 1, ..., n - 1)."""
    return offset + scale * (n - 1) / 2, abs(scale) * math.sqrt((n * n - 1) / 12)


@pytest.mark.parametrize(("size", "chunk"), [(10, 3), (1001, 100), (50_000, 7_000)])
def test_statistics_match_numpy(size, chunk):
    import dask.array as da

    data = np.random.default_rng(random.randrange(10**6)).normal(-7.5, 3.0, size)
    with dask_local_scheduler():
        mean, std = mean_and_std(da.from_array(data, chunks=chunk))
    want_mean, want_std = float(data.mean()), float(data.std())
    assert math.isclose(mean, want_mean, rel_tol=1e-9), (
        f"mean_and_std gave the mean {mean!r} for {size} values in chunks of {chunk}; "
        f"expected {want_mean!r} (NumPy's data.mean()). The last chunk is smaller: averaging "
        "the chunks' means weighs it wrongly; use x.mean()."
    )
    ddof1 = float(data.std(ddof=1))
    assert math.isclose(std, want_std, rel_tol=1e-9), (
        f"mean_and_std gave the standard deviation {std!r} for {size} values; expected "
        f"{want_std!r} (NumPy's data.std(), the population deviation, ddof=0)"
        + (". You computed the sample deviation (ddof=1): use x.std() as it is."
           if math.isclose(std, ddof1, rel_tol=1e-9) else
           ". Use x.std(), the square root of the mean squared deviation.")
    )


def test_memory_stays_small_on_a_huge_array():
    import dask.array as da

    scale, offset = random.choice([-1, 1]) * random.uniform(0.5, 2), random.uniform(-1e3, 1e3)
    x = da.arange(LARGE, chunks=CHUNK, dtype="f8") * scale + offset
    with dask_compute_counter() as counter, PeakMemory() as memory:
        mean, std = mean_and_std(x)
    want_mean, want_std = exact(LARGE, scale, offset)
    assert math.isclose(mean, want_mean, rel_tol=1e-9, abs_tol=1e-6) and math.isclose(
        std, want_std, rel_tol=1e-9
    ), f"mean_and_std gave ({mean}, {std}); expected ({want_mean}, {want_std:.1f})."
    limit = x.nbytes // 4
    assert memory.growth < limit, (
        f"memory grew by {memory.growth / 1e6:.0f} MB for an array of {x.nbytes / 1e6:.0f} "
        f"MB; expected under {limit / 1e6:.0f} MB. Either the dask array became a NumPy "
        "array (`x.compute()`, `np.asarray(x)`), or every chunk was held in memory until "
        "another result was known: a two-pass deviation such as `((x - x.mean()) ** 2)` "
        "in the same compute keeps each chunk until the mean is done. Keep it lazy and one "
        "pass: `x.mean()` and `x.std()` are reduced chunk by chunk, each chunk dropped once "
        "summed."
    )
    assert counter.computes == 1, (
        f"mean_and_std called compute {counter.computes} times; expected 1. Compute both "
        "statistics together, `dask.compute(x.mean(), x.std())`, so each chunk is made once."
    )
