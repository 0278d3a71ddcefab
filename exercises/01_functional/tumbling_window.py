"""Kata tumbling_window: stream processing, a windowed count over an endless event stream."""

from collections.abc import Hashable, Iterable, Iterator


def tumbling_counts(events: Iterable[tuple[int, Hashable]],
                    window: int) -> Iterator[tuple[int, dict]]:
    """Count the events of each key per tumbling window of `window` time units.

    `events` is a stream of `(time, key)` pairs in time order, possibly endless. The window
    that starts at `start` (a multiple of `window`) holds the times `start <= time < start +
    window`. Yield `(start, {key: count})` for each window that has events, as soon as the
    first event of a later window arrives (and the last window when the stream ends).
    An event older than the open window is late: its window was already given, so drop it.
    """
    # TODO: write tumbling_counts; the lesson is README.md, kata tumbling_window
    raise NotImplementedError("TODO: tumbling_counts (kata tumbling_window)")
