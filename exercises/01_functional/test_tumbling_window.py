"""Kata tumbling_window: what the lesson says it proves, and the test that checks each claim.

- The result of each window equals a batch group-by of the same events (the test's own
  Counter over `(time // window * window, key)`): windows that start at multiples of
  `window` for any window size, an event exactly at a window's end belongs to the next
  window, ties and several keys are counted, a window with no events yields nothing, the
  last window comes out when the stream ends, and a window already given never changes
  afterwards: test_counts_match_a_batch_group_by_on_a_small_stream,
  test_counts_match_a_batch_group_by (hypothesis: gaps, ties, keys, window sizes).
- It is streaming, not batch: each window comes out as soon as the first event of a later
  window is read, never later (the test's endless source counts the events read when each
  result appears, so reading ahead, `list()` or `sorted()` of the input is caught):
  test_each_window_comes_out_as_soon_as_it_closes.
- The stated policy for late events: an event older than the open window is dropped, an
  out-of-order event inside the open window is counted, and no window is given twice:
  test_late_events_are_dropped_and_no_window_is_given_twice.
- Memory stays bounded over 10^6 events (10^5 windows). The test above bounds the events
  held (never more than one read ahead of the results); over the last 20,000 windows the
  test samples the memory traced between results, which the kata cannot reset (under
  200 kB: a set of the windows already given grows 640 kB there), and a kata that stops or
  restarts tracemalloc is caught: test_memory_stays_bounded_over_a_million_events.
"""

from collections import Counter
from collections.abc import Iterator
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tumbling_window import tumbling_counts

from graders.support.traced_memory import traced

Event = tuple[int, str]
checked = settings(max_examples=60, deadline=None, report_multiple_bugs=False)

MILLION = 1_000_000
WINDOWS = MILLION // 10
TRACED_WINDOWS = 20_000
GROWTH_LIMIT = 200_000  # bytes; the reference grows 156 B, a set of the traced windows'
# starts 640 kB, their counts about 4 MB
SAMPLE_EVERY = 1000  # results


def batch_counts(events: list[Event], window: int) -> list[tuple[int, dict]]:
    """The batch answer: group every event by (window start, key), then count."""
    counts = Counter((time // window * window, key) for time, key in events)
    starts = sorted({start for start, _ in counts})
    return [(start, {key: n for (s, key), n in counts.items() if s == start})
            for start in starts]


def streamed(events: list[Event], window: int) -> list:
    """Every result of the kata, collected first and only then read, as a batch user would."""
    return list(tumbling_counts(iter(events), window))


def plain(results: list) -> list[tuple[int, dict]]:
    return [(start, dict(counts)) for start, counts in results]


def _advice(results: list, expected: list) -> str:
    """Say what the difference between the results looks like (only what is true of it)."""
    got = plain(results)
    if got == expected[:-1]:
        return ("The last window is missing: when the stream ends, yield the window that is "
                "still open. ")
    if any(not counts for _, counts in got):
        return ("An empty window was yielded: a window with no events yields nothing (a "
                "batch group-by has no row for it either). ")
    if len({id(counts) for _, counts in results}) < len(results):
        return ("Several windows are one dict that kept changing after it was yielded: "
                "start a new dict for each window instead of clearing the old one. ")
    return ""


def _check(events: list[Event], window: int) -> None:
    results = streamed(events, window)
    got, expected = plain(results), batch_counts(events, window)
    assert got == expected, (
        f"tumbling_counts({events!r}, window={window}) gave {got!r}; expected {expected!r}, "
        f"the batch group-by of the same events. {_advice(results, expected)}The window "
        f"that starts at `start` (a multiple of {window}) holds `start <= time < start + "
        f"{window}`: compute it as `time // window * window`, so an event exactly at a "
        "window's end opens the next one."
    )


def test_counts_match_a_batch_group_by_on_a_small_stream():
    events = [(3, "b"), (3, "a"), (3, "b"), (9, "a"), (10, "c"), (14, "b"), (37, "a"),
              (40, "a")]
    _check(events, 10)
    _check(events, 7)
    _check([], 5)


@st.composite
def streams(draw) -> tuple[list[Event], int]:
    """Events in time order with gaps (several empty windows), ties and keys out of order."""
    window = draw(st.integers(1, 12))
    time = draw(st.integers(0, 50))
    events = []
    for gap, key in draw(st.lists(st.tuples(st.integers(0, 30), st.sampled_from("zyxa")),
                                  max_size=40)):
        time += gap
        events.append((time, key))
    return events, window


@checked
@given(streams())
def test_counts_match_a_batch_group_by(stream):
    _check(*stream)


class ReadTooFar(Exception):
    """Raised by Source when more events are read than any window needs."""


class Source:
    """An endless one-shot stream: two events per time unit ('a' then 'b'), counting how many
    were read, and stopping the test (ReadTooFar) after `allowed` reads."""

    def __init__(self, allowed: int = 10_000) -> None:
        self.allowed = allowed
        self.read = 0

    def __iter__(self) -> "Source":
        return self

    def __next__(self) -> Event:
        if self.read >= self.allowed:
            raise ReadTooFar
        self.read += 1
        return (self.read - 1) // 2, "ab"[(self.read - 1) % 2]


@pytest.mark.parametrize("window", [3, 8])
def test_each_window_comes_out_as_soon_as_it_closes(window):
    source = Source()
    results = tumbling_counts(source, window)
    for index in range(4):
        try:
            start, counts = next(results)
        except ReadTooFar:
            raise AssertionError(
                f"tumbling_counts read {source.allowed} events of an endless stream without "
                f"yielding window {index}. A stream never ends: do not `list()` or `sorted()` "
                "it; loop over it and `yield` each window as soon as it closes."
            ) from None
        closing = 2 * window * (index + 1) + 1  # events read when window `index` closes
        assert source.read == closing, (
            f"window {index} ([{start}, {start + window})) came out after {source.read} "
            f"events were read; expected after exactly {closing}: the first event of the "
            "next window closes it, so yield it then, before reading any further."
        )
        assert (start, dict(counts)) == (index * window, {"a": window, "b": window}), (
            f"window {index} gave {(start, dict(counts))!r}; expected "
            f"{(index * window, {'a': window, 'b': window})!r}."
        )


def test_late_events_are_dropped_and_no_window_is_given_twice():
    events = [(0, "a"), (5, "b"), (12, "a"), (3, "a"), (17, "b"), (11, "b"), (35, "a"),
              (21, "b"), (19, "a"), (36, "b")]
    got = plain(streamed(events, 10))
    expected = [(0, {"a": 1, "b": 1}), (10, {"a": 1, "b": 2}), (30, {"a": 1, "b": 1})]
    assert got == expected, (
        f"tumbling_counts({events!r}, window=10) gave {got!r}; expected {expected!r}. The "
        "policy: (3, 'a') arrives after window 0 was given, (21, 'b') and (19, 'a') after "
        "window 10 was closed by (35, 'a'), so they are late and dropped; (11, 'b') is out "
        "of order but its window is still open, so it counts. Drop an event whose window "
        "starts before the open window's start; never reopen or repeat a window."
    )


def million_events() -> Iterator[Event]:
    """10^6 events, ten per window of 10 time units, with two keys."""
    return ((time, "ab"[time % 2]) for time in range(MILLION))


def test_memory_stays_bounded_over_a_million_events():
    # Tracing slows every allocation, so only the last TRACED_WINDOWS are traced: a kata that
    # keeps past events or windows keeps growing there too.
    results = tumbling_counts(million_events(), 10)
    windows = sum(1 for _ in islice(results, WINDOWS - TRACED_WINDOWS))
    with traced() as sampled:
        for _ in results:
            windows += 1
            if windows % SAMPLE_EVERY == 0:
                sampled.sample()
    assert windows == WINDOWS, f"gave {windows} windows of 10^6 events; expected {WINDOWS}."
    assert not sampled.tampered, (
        "tracemalloc was stopped, restarted or reset while tumbling_counts ran, so its "
        "memory could not be measured. Leave tracemalloc alone; keep only the open window "
        "instead."
    )
    assert sampled.most < GROWTH_LIMIT, (
        f"tumbling_counts grew by {sampled.most / 1e3:.0f} kB over the last {TRACED_WINDOWS} "
        f"windows of {MILLION} events; expected under {GROWTH_LIMIT / 1e3:.0f} kB. "
        "Something kept past events or past windows (a list of events, a dict of every "
        "window, a set of the windows already given): keep only the open window's counts "
        "and start, and forget them once yielded."
    )
