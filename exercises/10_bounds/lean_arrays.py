"""Kata lean_arrays: change arrays in place and fill arrays set up ahead of time."""

from collections.abc import Iterable

import numpy as np


def normalise_columns(a: np.ndarray) -> np.ndarray:
    """Give every column of the 2-D array `a` mean 0 and standard deviation 1, in place:
    change `a` itself (keeping its dtype) and return it, without a copy."""
    # TODO: write normalise_columns; the lesson is README.md, kata lean_arrays
    raise NotImplementedError("TODO: normalise_columns (kata lean_arrays)")


def stack_chunks(chunks: Iterable[np.ndarray], total: int, dtype: np.dtype) -> np.ndarray:
    """Join the 1-D `chunks` (`total` values in all, of `dtype`) into one array, holding
    little more memory than the result while reading them."""
    # TODO: write stack_chunks; the lesson is README.md, kata lean_arrays
    raise NotImplementedError("TODO: stack_chunks (kata lean_arrays)")
