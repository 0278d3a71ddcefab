"""Alternative for kata tumbling_window: itertools.groupby over the events that are on time."""

from collections import Counter
from collections.abc import Hashable, Iterable, Iterator
from itertools import groupby


def _on_time(events: Iterable[tuple[int, Hashable]],
             window: int) -> Iterator[tuple[int, Hashable]]:
    """(window start, key) of each event, dropping those older than the newest window."""
    newest = None
    for time, key in events:
        start = time // window * window
        if newest is None or start >= newest:
            newest = start
            yield start, key


def tumbling_counts(events: Iterable[tuple[int, Hashable]],
                    window: int) -> Iterator[tuple[int, dict]]:
    for start, group in groupby(_on_time(events, window), key=lambda event: event[0]):
        yield start, dict(Counter(key for _, key in group))
