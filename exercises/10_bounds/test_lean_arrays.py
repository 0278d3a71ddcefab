"""Kata lean_arrays: what the lesson says it proves, and the test that checks each claim.

- `normalise_columns(a)` gives every column mean 0 and standard deviation 1 (population,
  ddof=0), for float64 and float32 arrays of varied shapes: test_normalise_columns_values.
- It works in place: the result shares memory with `a` (np.shares_memory), `a` itself holds
  the normalised values, its dtype is kept, and on a strided view (every other row of a
  bigger array) the rows outside the view are untouched:
  test_normalise_columns_changes_a_in_place.
- `stack_chunks(chunks, total, dtype)` returns the chunks' values joined in order, in
  `dtype`, with empty chunks among them; the result has `dtype` even when the chunks come in
  a wider one (float64 chunks, values float32 holds exactly, with dtype float32), and with
  no chunks at all (total 0) it is an empty array of `dtype`:
  test_stack_chunks_joins_in_order.
- It holds little more than the result while reading (at most HELD_SHARE of the result's
  bytes; each chunk is under 8 % of it, and the test's generator makes no temporaries and
  is warmed up first): the test's own chunk generator samples the memory
  traced while the kata reads it, which the kata cannot reach, beside the traced peak; a
  stopped, restarted or cleared trace is caught by a marker traced from before the call, and
  a reset peak by `reset_peak` swapped for a recorder during the call and by a module naming
  it:
  test_stack_chunks_holds_little_more_than_the_result.
"""

import random
import sys

import numpy as np
import pytest
from lean_arrays import normalise_columns, stack_chunks

from graders.support.bounds_support import chunk_values, names_reset_peak, sampled_chunks
from graders.support.traced_memory import traced

HELD_SHARE = 1.3  # of the result's bytes; a list of the chunks and then a join needs 2


def expected_normalised(a: np.ndarray) -> np.ndarray:
    wide = a.astype(np.float64)
    return (wide - wide.mean(axis=0)) / wide.std(axis=0)


def random_matrix(rng: random.Random, dtype: type) -> np.ndarray:
    shape = (rng.randint(50, 400), rng.randint(2, 9))
    values = np.random.default_rng(rng.randint(0, 10**6)).normal(rng.uniform(-50, 50),
                                                                  rng.uniform(1, 20), shape)
    return values.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_normalise_columns_values(dtype):
    a = random_matrix(random.Random(), dtype)
    expected = expected_normalised(a)
    got = normalise_columns(a)
    tolerance = 1e-4 if dtype == np.float32 else 1e-9
    assert isinstance(got, np.ndarray) and got.shape == a.shape, (
        f"normalise_columns returned {type(got).__name__} of shape "
        f"{getattr(got, 'shape', None)}; expected the {a.shape} array it was given."
    )
    assert np.allclose(got.astype(np.float64), expected, atol=tolerance), (
        f"normalise_columns gave columns with means {np.round(got.mean(axis=0), 3)} and "
        f"standard deviations {np.round(got.std(axis=0), 3)}; expected 0 and 1 in every "
        "column. Use the column statistics, `mean(axis=0)` and `std(axis=0)` (population "
        "standard deviation, the default ddof=0)."
    )


def test_normalise_columns_changes_a_in_place():
    rng = random.Random()
    base = random_matrix(rng, np.float32)
    untouched = base[1::2].copy()
    a = base[::2]
    expected = expected_normalised(a)
    got = normalise_columns(a)
    assert got is not None and np.shares_memory(got, a), (
        "normalise_columns returned an array that does not share memory with `a`: a copy "
        "as large as the input. Change `a` itself with `a -= ...` and `a /= ...` (they "
        "write into the array), then return `a`."
    )
    assert got.dtype == np.float32 and np.allclose(a, expected, atol=1e-4), (
        f"normalise_columns returned dtype {got.dtype} for a float32 `a`, and `a` now has "
        f"column means {np.round(a.mean(axis=0), 3)}; expected `a` itself normalised and "
        "still float32. An `astype` or `a = a - ...` makes a new array and leaves `a` "
        "unchanged."
    )
    assert np.array_equal(base[1::2], untouched), (
        "normalise_columns was given every other row of a bigger array (a view) and changed "
        "rows outside it; expected only the view's rows to change."
    )


def random_chunks(rng: random.Random) -> tuple[list[int], np.dtype, int]:
    """Chunk sizes (some empty), a dtype and a seed for the values."""
    sizes = [rng.randint(5_000, 20_000) for _ in range(rng.randint(60, 90))]
    for where in rng.sample(range(len(sizes)), 3):
        sizes[where] = 0
    dtype = np.dtype(rng.choice([np.float32, np.int32, np.int64]))  # never the default
    return sizes, dtype, rng.randint(0, 10**6)


def test_stack_chunks_joins_in_order():
    sizes, dtype, seed = random_chunks(random.Random())
    got = stack_chunks(sampled_chunks(sizes, dtype, seed), sum(sizes), dtype)
    expected = chunk_values(sizes, dtype, seed)
    assert isinstance(got, np.ndarray) and got.dtype == dtype, (
        f"stack_chunks returned {type(got).__name__} of dtype {getattr(got, 'dtype', None)}; "
        f"expected an array of dtype {dtype}, the one it was given."
    )
    assert got.shape == expected.shape and np.array_equal(got, expected), (
        f"stack_chunks returned {got.shape[0]} values; expected the {expected.shape[0]} "
        "values of the chunks in order (some chunks are empty). Copy each chunk to the next "
        "free position of the result: `out[start:start + len(chunk)] = chunk`."
    )
    wide = [chunk.astype(np.float64) for chunk in
            sampled_chunks(sizes[:5], np.dtype(np.float32), seed)]
    got = stack_chunks(iter(wide), sum(sizes[:5]), np.dtype(np.float32))
    assert isinstance(got, np.ndarray) and got.dtype == np.float32, (
        f"stack_chunks returned {type(got).__name__} of dtype {getattr(got, 'dtype', None)} "
        "for float64 chunks and dtype float32; expected float32, the dtype it was given, "
        "not the chunks' dtype: set up the result with np.empty(total, dtype=dtype)."
    )
    assert np.array_equal(got, np.concatenate(wide)), (
        "stack_chunks changed the values of float64 chunks that float32 holds exactly; "
        "expected them copied in order."
    )
    for dtype in (np.dtype(np.int32), np.dtype(np.float32)):
        got = stack_chunks(iter([]), 0, dtype)
        assert isinstance(got, np.ndarray) and got.shape == (0,) and got.dtype == dtype, (
            f"stack_chunks(no chunks, total 0, {dtype}) returned {got!r}; expected an empty "
            f"array of dtype {dtype}: set up the result from total and dtype, before the "
            "first chunk arrives."
        )


def test_stack_chunks_holds_little_more_than_the_result():
    sizes, dtype, seed = random_chunks(random.Random())
    total = sum(sizes)
    chunk_values([1], dtype, seed)  # NumPy's first draw sets itself up: not the kata's memory
    with traced() as sampled:
        got = stack_chunks(sampled_chunks(sizes, dtype, seed, sampled), total, dtype)
    module = sys.modules[stack_chunks.__module__]
    assert not names_reset_peak(module), (
        "lean_arrays names tracemalloc's reset_peak, which would hide the peak this test "
        "measures. Remove it from the module (measure your own code in a separate script)."
    )
    assert not sampled.tampered, (
        "tracemalloc was stopped, restarted or reset while stack_chunks ran, so its memory "
        "could not be measured. Leave tracemalloc alone."
    )
    result = total * dtype.itemsize
    held = sampled.held
    assert held <= HELD_SHARE * result, (
        f"stack_chunks held up to {held / 1e6:.1f} MB to join {len(sizes)} chunks into a "
        f"{result / 1e6:.1f} MB result; expected at most {HELD_SHARE} times the result. "
        "Keeping every chunk (a list) holds all the data once, and joining them at the end "
        "(np.concatenate, np.append, np.hstack) holds it a second time. Set up the result "
        "once with np.empty(total, dtype=dtype) and copy each chunk into its slice as it "
        "arrives."
    )
    assert got.shape == (total,), f"stack_chunks returned {got.shape}; expected ({total},)."
