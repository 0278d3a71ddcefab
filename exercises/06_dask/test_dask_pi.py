import math

from dask_pi import pi_estimate

SAMPLES = 4_000_000
CHUNK = 500_000


def test_estimate_is_lazy_and_chunked():
    import dask

    estimate = pi_estimate(SAMPLES, CHUNK, seed=1)
    assert dask.is_dask_collection(estimate), (
        f"pi_estimate returned {type(estimate).__name__} {estimate!r}: it was computed "
        "already (or never used dask). Return the lazy dask value and let the caller compute."
    )
    tasks = len(estimate.__dask_graph__())
    chunks = SAMPLES // CHUNK
    assert tasks >= chunks, (
        f"the graph has {tasks} tasks; expected at least one per chunk ({chunks}). Make the "
        "random arrays with `chunks=chunk` so each chunk is a task the workers share."
    )


def test_estimate_is_close_to_pi(dask_client):
    import dask

    estimate = pi_estimate(SAMPLES, CHUNK, seed=2)
    value = float(dask.compute(estimate)[0]) if dask.is_dask_collection(estimate) else estimate
    assert abs(value - math.pi) < 0.01, (
        f"pi_estimate gave {value}; expected within 0.01 of pi. The fraction of points with "
        "x*x + y*y <= 1 estimates pi / 4: multiply it by 4."
    )
    again = pi_estimate(SAMPLES, CHUNK, seed=2)
    again = float(dask.compute(again)[0]) if dask.is_dask_collection(again) else again
    assert again == value, (
        f"two estimates with seed=2 differ ({value} and {again}); expected the same value. "
        "Use `dask.array.random.default_rng(seed)`."
    )
