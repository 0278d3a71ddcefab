"""Alternative mr_combiner: Counters for sums and counts, one chained loop to merge."""

import itertools
from collections import Counter
from collections.abc import Iterable


def sum_count(pairs: Iterable[tuple[str, float]]) -> list[tuple[str, tuple[float, int]]]:
    sums: Counter = Counter()
    counts: Counter = Counter()
    for key, value in pairs:
        sums[key] += value
        counts[key] += 1
    return [(key, (sums[key], counts[key])) for key in sorted(counts)]


def merge_sum_counts(
    partials: Iterable[list[tuple[str, tuple[float, int]]]],
) -> list[tuple[str, tuple[float, int]]]:
    merged: dict[str, tuple[float, int]] = {}
    for key, (total, count) in itertools.chain.from_iterable(partials):
        old_total, old_count = merged.get(key, (0, 0))
        merged[key] = (old_total + total, old_count + count)
    return sorted(merged.items())


def mean_per_key(chunks: Iterable[list[tuple[str, float]]]) -> dict[str, float]:
    merged = merge_sum_counts(map(sum_count, chunks))
    return {key: total / count for key, (total, count) in merged}
