"""Kata streaming: process data in chunks so memory stays small however big the input is."""

from collections.abc import Iterable


def count_long_words(lines: Iterable[str], min_length: int) -> int:
    """How many words across all lines have at least `min_length` letters.

    `lines` may be far larger than memory: read it one line at a time, keep only a count.
    """
    # TODO: write count_long_words; the lesson is README.md, kata streaming
    raise NotImplementedError("TODO: count_long_words (kata streaming)")
