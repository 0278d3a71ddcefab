"""Kata mr_combiner: the (sum, count) combiner, and why it makes a parallel mean exact."""

from collections.abc import Iterable


def sum_count(pairs: Iterable[tuple[str, float]]) -> list[tuple[str, tuple[float, int]]]:
    """Combine (key, value) pairs into (key, (sum of values, count of values)), sorted by key."""
    # TODO: write sum_count; the lesson is README.md, kata mr_combiner
    raise NotImplementedError("TODO: sum_count (kata mr_combiner)")


def merge_sum_counts(
    partials: Iterable[list[tuple[str, tuple[float, int]]]],
) -> list[tuple[str, tuple[float, int]]]:
    """Merge several sum_count results into one, as if sum_count had seen every pair."""
    # TODO: write merge_sum_counts; the lesson is README.md, kata mr_combiner
    raise NotImplementedError("TODO: merge_sum_counts (kata mr_combiner)")


def mean_per_key(chunks: Iterable[list[tuple[str, float]]]) -> dict[str, float]:
    """The mean value of each key over every chunk, as parallel workers would compute it.

    Combine each chunk on its own (one chunk per worker), merge the partial results, and
    divide only at the very end.
    """
    # TODO: write mean_per_key; the lesson is README.md, kata mr_combiner
    raise NotImplementedError("TODO: mean_per_key (kata mr_combiner)")
