"""Kata streaming: process data in chunks so memory stays small however big the input is."""

from collections.abc import Iterable


def count_long_words(lines: Iterable[str], min_length: int) -> int:
    """How many words across all lines have at least `min_length` letters.

    `lines` may be far larger than memory: read it one line at a time, keep only a count.
    """
    ### BEGIN SOLUTION
    return sum(1 for line in lines for word in line.split() if len(word) >= min_length)
    ### END SOLUTION
