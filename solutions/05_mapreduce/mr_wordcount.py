"""Kata mr_wordcount: map, shuffle and reduce by hand on the course's three records."""

from collections import defaultdict
from collections.abc import Callable, Iterable


def wc_map(record: list[str]) -> list[tuple[str, int]]:
    """The mapper: every word of one record becomes the pair (word, 1), in order."""
    ### BEGIN SOLUTION
    return [(word, 1) for word in record]
    ### END SOLUTION


def shuffle(pairs: Iterable[tuple]) -> dict:
    """The shuffle: group the pairs by key, {key: [every value of that key, in order]}."""
    ### BEGIN SOLUTION
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return dict(groups)
    ### END SOLUTION


def wc_reduce(key: str, values: list[int]) -> tuple[str, int]:
    """The reducer: one key and all of its values become (key, total)."""
    ### BEGIN SOLUTION
    return key, sum(values)
    ### END SOLUTION


def map_reduce(records: Iterable, mapper: Callable, reducer: Callable) -> list[tuple]:
    """Map every record, shuffle all the pairs, reduce each key once; sorted by key."""
    ### BEGIN SOLUTION
    pairs = [pair for record in records for pair in mapper(record)]
    groups = shuffle(pairs)
    return sorted(reducer(key, values) for key, values in groups.items())
    ### END SOLUTION
