import math

from dask_array_stats import mean_and_std

from graders.support.ecosystem import PeakMemory, dask_compute_counter, dask_local_scheduler

LARGE = 200_000_000  # 1.6 GB of float64 if it were ever materialised
CHUNK = 2_000_000  # 16 MB per chunk


def exact(n: int) -> tuple[float, float]:
    """The mean and standard deviation of 0, 1, ..., n - 1."""
    return (n - 1) / 2, math.sqrt((n * n - 1) / 12)


def test_statistics_are_right():
    import dask.array as da

    n = 1_000_000
    x = da.arange(n, chunks=100_000, dtype="f8")
    with dask_local_scheduler():
        mean, std = mean_and_std(x)
    want_mean, want_std = exact(n)
    assert math.isclose(mean, want_mean, rel_tol=1e-9) and math.isclose(
        std, want_std, rel_tol=1e-6
    ), f"mean_and_std gave ({mean}, {std}); expected ({want_mean}, {want_std:.3f})."


def test_memory_stays_small_on_a_huge_array():
    import dask.array as da

    x = da.arange(LARGE, chunks=CHUNK, dtype="f8")
    with dask_compute_counter() as counter, PeakMemory() as memory:
        mean, std = mean_and_std(x)
    want_mean, want_std = exact(LARGE)
    assert math.isclose(mean, want_mean, rel_tol=1e-9) and math.isclose(
        std, want_std, rel_tol=1e-6
    ), f"mean_and_std gave ({mean}, {std}); expected ({want_mean}, {want_std:.1f})."
    limit = x.nbytes // 4
    assert memory.growth < limit, (
        f"memory grew by {memory.growth / 1e6:.0f} MB for an array of {x.nbytes / 1e6:.0f} "
        f"MB; expected under {limit / 1e6:.0f} MB. Did you turn the dask array into a NumPy "
        "array (`x.compute()`, `np.asarray(x)`)? Keep it lazy: `x.mean()` and `x.std()` are "
        "reduced chunk by chunk."
    )
    assert counter.computes == 1, (
        f"mean_and_std called compute {counter.computes} times; expected 1. Compute both "
        "statistics together, `dask.compute(x.mean(), x.std())`, so each chunk is made once."
    )
