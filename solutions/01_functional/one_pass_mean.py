"""Kata one_pass_mean: a mean in one pass with an associative (sum, count) reduce."""

from collections.abc import Iterable
from functools import reduce

SumCount = tuple[float, int]


def add_value(acc: SumCount, value: float) -> SumCount:
    """Fold one value into a (sum, count) pair."""
    ### BEGIN SOLUTION
    return acc[0] + value, acc[1] + 1
    ### END SOLUTION


def merge(left: SumCount, right: SumCount) -> SumCount:
    """Combine two partial (sum, count) results, e.g. from two workers."""
    ### BEGIN SOLUTION
    return left[0] + right[0], left[1] + right[1]
    ### END SOLUTION


def mean_one_pass(values: Iterable[float]) -> float:
    """The mean of `values`, reading them exactly once (they may be a one-shot iterator).

    Raises ValueError for no values.
    """
    ### BEGIN SOLUTION
    total, count = reduce(add_value, values, (0.0, 0))
    if count == 0:
        raise ValueError("mean of no values")
    return total / count
    ### END SOLUTION
