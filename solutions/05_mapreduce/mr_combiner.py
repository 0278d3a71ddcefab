"""Kata mr_combiner: the (sum, count) combiner, and why it makes a parallel mean exact."""

from collections.abc import Iterable


def sum_count(pairs: Iterable[tuple[str, float]]) -> list[tuple[str, tuple[float, int]]]:
    """Combine (key, value) pairs into (key, (sum of values, count of values)), sorted by key."""
    ### BEGIN SOLUTION
    totals: dict[str, tuple[float, int]] = {}
    for key, value in pairs:
        total, count = totals.get(key, (0, 0))
        totals[key] = (total + value, count + 1)
    return sorted(totals.items())
    ### END SOLUTION


def merge_sum_counts(
    partials: Iterable[list[tuple[str, tuple[float, int]]]],
) -> list[tuple[str, tuple[float, int]]]:
    """Merge several sum_count results into one, as if sum_count had seen every pair."""
    ### BEGIN SOLUTION
    totals: dict[str, tuple[float, int]] = {}
    for partial in partials:
        for key, (part_total, part_count) in partial:
            total, count = totals.get(key, (0, 0))
            totals[key] = (total + part_total, count + part_count)
    return sorted(totals.items())
    ### END SOLUTION


def mean_per_key(chunks: Iterable[list[tuple[str, float]]]) -> dict[str, float]:
    """The mean value of each key over every chunk, as parallel workers would compute it.

    Combine each chunk on its own (one chunk per worker), merge the partial results, and
    divide only at the very end.
    """
    ### BEGIN SOLUTION
    partials = [sum_count(chunk) for chunk in chunks]
    merged = merge_sum_counts(partials)
    return {key: total / count for key, (total, count) in merged}
    ### END SOLUTION
