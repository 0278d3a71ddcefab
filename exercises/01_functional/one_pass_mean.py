"""Kata one_pass_mean: a mean in one pass with an associative (sum, count) reduce."""

from collections.abc import Iterable
from functools import reduce

SumCount = tuple[float, int]


def add_value(acc: SumCount, value: float) -> SumCount:
    """Fold one value into a (sum, count) pair."""
    # TODO: write add_value; the lesson is README.md, kata one_pass_mean
    raise NotImplementedError("TODO: add_value (kata one_pass_mean)")


def merge(left: SumCount, right: SumCount) -> SumCount:
    """Combine two partial (sum, count) results, e.g. from two workers."""
    # TODO: write merge; the lesson is README.md, kata one_pass_mean
    raise NotImplementedError("TODO: merge (kata one_pass_mean)")


def mean_one_pass(values: Iterable[float]) -> float:
    """The mean of `values`, reading them exactly once (they may be a one-shot iterator).

    Raises ValueError for no values.
    """
    # TODO: write mean_one_pass; the lesson is README.md, kata one_pass_mean
    raise NotImplementedError("TODO: mean_one_pass (kata one_pass_mean)")
