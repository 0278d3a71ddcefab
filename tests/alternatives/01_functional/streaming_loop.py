"""Alternative for kata streaming: an explicit loop with a running count."""

from collections.abc import Iterable


def count_long_words(lines: Iterable[str], min_length: int) -> int:
    count = 0
    for line in lines:
        for word in line.split():
            if len(word) >= min_length:
                count += 1
    return count
