"""Mutant of mr_combiner: mean_per_key averages each chunk's average (not associative)."""

from collections.abc import Iterable


def sum_count(pairs: Iterable[tuple[str, float]]) -> list[tuple[str, tuple[float, int]]]:
    totals: dict[str, tuple[float, int]] = {}
    for key, value in pairs:
        total, count = totals.get(key, (0, 0))
        totals[key] = (total + value, count + 1)
    return sorted(totals.items())


def merge_sum_counts(
    partials: Iterable[list[tuple[str, tuple[float, int]]]],
) -> list[tuple[str, tuple[float, int]]]:
    totals: dict[str, tuple[float, int]] = {}
    for partial in partials:
        for key, (part_total, part_count) in partial:
            total, count = totals.get(key, (0, 0))
            totals[key] = (total + part_total, count + part_count)
    return sorted(totals.items())


def mean_per_key(chunks: Iterable[list[tuple[str, float]]]) -> dict[str, float]:
    # Each worker reduces its chunk to a mean; the means are then averaged: wrong whenever
    # the chunks hold different numbers of values.
    chunk_means: dict[str, list[float]] = {}
    for chunk in chunks:
        for key, (total, count) in sum_count(chunk):
            chunk_means.setdefault(key, []).append(total / count)
    return {key: sum(means) / len(means) for key, means in chunk_means.items()}
