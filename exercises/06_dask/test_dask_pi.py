"""Kata dask_pi: Monte-Carlo pi on chunked random arrays.

Claims the lesson makes, and the test that checks each:
- `pi_estimate` returns a lazy dask value whose graph has a task per chunk, so the
  workers share the sampling, and it runs no computation while building it (no compute,
  no persist: dask's scheduler is never started during the call):
  test_estimate_is_lazy_and_chunked (several sizes);
- the value is exactly the recipe's (x then y from `dask.array.random.default_rng(seed)`
  with `chunks=chunk`, 4 * inside / samples), for every samples, chunk (including a last
  chunk that is smaller) and seed: test_estimate_follows_the_recipe, computed on the
  cluster; so every parameter is used and nothing can be hard-coded;
- the estimate is close to pi and the same seed gives the same value:
  test_estimate_is_close_to_pi.
"""

import math
import random

import pytest
from dask_pi import pi_estimate

from graders.support.ecosystem import dask_compute_counter

CASES = [(4_000_000, 500_000), (1_000_003, 250_000)]  # samples, chunk


def recipe(samples: int, chunk: int, seed: int) -> float:
    import dask
    import dask.array as da

    rng = da.random.default_rng(seed)
    x = rng.random(samples, chunks=chunk)
    y = rng.random(samples, chunks=chunk)
    return float(dask.compute(4 * (x * x + y * y <= 1.0).sum() / samples)[0])


def value_of(estimate) -> float:
    import dask

    return float(dask.compute(estimate)[0]) if dask.is_dask_collection(estimate) else estimate


@pytest.mark.parametrize(("samples", "chunk"), CASES)
def test_estimate_is_lazy_and_chunked(samples, chunk):
    import dask

    with dask_compute_counter() as counter:
        estimate = pi_estimate(samples, chunk, seed=random.randrange(1000))
    assert dask.is_dask_collection(estimate), (
        f"pi_estimate returned {type(estimate).__name__} {estimate!r}: it was computed "
        "already (or never used dask). Return the lazy dask value and let the caller compute."
    )
    tasks = len(estimate.__dask_graph__())
    chunks = math.ceil(samples / chunk)
    assert tasks >= chunks, (
        f"the graph has {tasks} tasks; expected at least one per chunk ({chunks}). Make the "
        "random arrays with `chunks=chunk` so each chunk is a task the workers share, and "
        "return the lazy value itself: a `.persist()` computes it now and leaves a graph "
        "of its finished results."
    )
    assert counter.computes == 0, (
        f"pi_estimate started dask's scheduler {counter.computes} time(s) while it built the "
        f"estimate (a compute or persist of x, y or the value); expected 0. Return the lazy "
        "expression `4 * inside / samples` without computing or persisting anything: the "
        "caller computes it once, and the whole graph (sampling and counting) runs then, "
        "chunk by chunk on the workers."
    )


@pytest.mark.parametrize(("samples", "chunk"), CASES)
def test_estimate_follows_the_recipe(dask_client, samples, chunk):
    seed = random.randrange(1, 1000)
    value = value_of(pi_estimate(samples, chunk, seed))
    expected = recipe(samples, chunk, seed)
    assert math.isclose(value, expected, rel_tol=1e-12), (
        f"pi_estimate({samples}, chunk={chunk}, seed={seed}) gave {value}; the recipe gives "
        f"{expected}. Draw x, then y, with `rng = dask.array.random.default_rng(seed)` and "
        "`rng.random(samples, chunks=chunk)` (the chunks decide which numbers are drawn), "
        "count x*x + y*y <= 1 and return 4 * inside / samples."
    )


def test_estimate_is_close_to_pi(dask_client):
    seed = random.randrange(1000)
    value = value_of(pi_estimate(4_000_000, 500_000, seed))
    assert abs(value - math.pi) < 0.005, (
        f"pi_estimate gave {value}; expected within 0.005 of pi (6 standard errors at 4 "
        "million samples). The fraction of points with x*x + y*y <= 1 estimates pi / 4: "
        "multiply it by 4."
    )
    again = value_of(pi_estimate(4_000_000, 500_000, seed))
    assert again == value, (
        f"two estimates with seed={seed} differ ({value} and {again}); expected the same "
        "value. Use `dask.array.random.default_rng(seed)`."
    )
