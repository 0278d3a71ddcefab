"""Kata mr_wordcount: map, shuffle and reduce by hand on the course's three records."""

from collections import defaultdict
from collections.abc import Callable, Iterable


def wc_map(record: list[str]) -> list[tuple[str, int]]:
    """The mapper: every word of one record becomes the pair (word, 1), in order."""
    # TODO: write wc_map; the lesson is README.md, kata mr_wordcount
    raise NotImplementedError("TODO: wc_map (kata mr_wordcount)")


def shuffle(pairs: Iterable[tuple]) -> dict:
    """The shuffle: group the pairs by key, {key: [every value of that key, in order]}."""
    # TODO: write shuffle; the lesson is README.md, kata mr_wordcount
    raise NotImplementedError("TODO: shuffle (kata mr_wordcount)")


def wc_reduce(key: str, values: list[int]) -> tuple[str, int]:
    """The reducer: one key and all of its values become (key, total)."""
    # TODO: write wc_reduce; the lesson is README.md, kata mr_wordcount
    raise NotImplementedError("TODO: wc_reduce (kata mr_wordcount)")


def map_reduce(records: Iterable, mapper: Callable, reducer: Callable) -> list[tuple]:
    """Map every record, shuffle all the pairs, reduce each key once; sorted by key."""
    # TODO: write map_reduce; the lesson is README.md, kata mr_wordcount
    raise NotImplementedError("TODO: map_reduce (kata mr_wordcount)")
