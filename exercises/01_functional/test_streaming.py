"""Kata streaming: what the lesson says it proves, and the test that checks each claim.

- `count_long_words(lines, min_length)` counts the words of at least `min_length` letters
  (a word of exactly `min_length` counts), for any `min_length`, splitting on any whitespace
  (tabs, runs of spaces, leading and trailing blanks, a line's own "\n" or "\r\n", a Unicode
  em space): test_counts_long_words, test_counts_across_irregular_whitespace.
- It keeps memory small however large the input is (60,000 generated lines): the test's
  own line generator samples the memory traced while the kata runs, which the kata cannot
  reset, and a kata that stops or restarts tracemalloc is caught:
  test_memory_stays_small_on_a_large_stream.
"""

from collections.abc import Iterator

import pytest
from streaming import count_long_words

from graders.support.traced_memory import Sampled, traced

LINES = 60_000
SAMPLE_EVERY = 1000
GROWTH_LIMIT = 2_000_000  # bytes; holding all lines needs about 7 MB


def sampled_lines(n: int, sampled: Sampled) -> Iterator[str]:
    """A large input made on the fly (3 words of 10+ letters a line) that samples, every
    SAMPLE_EVERY lines, how much traced memory the kata is holding beyond what was there
    before the call."""
    for i in range(n):
        if i % SAMPLE_EVERY == 0:
            sampled.sample()
        yield f"parallelism {i:08d} concurrency the of asynchronous a {i % 7}"


def test_counts_long_words():
    got = count_long_words(iter(["a bb ccc dddd", "eeee"]), 4)
    assert got == 2, f"count_long_words(['a bb ccc dddd', 'eeee'], 4) gave {got}; expected 2."


@pytest.mark.parametrize(("min_length", "expected"), [(3, 7), (4, 5), (5, 4), (9, 0)])
def test_counts_across_irregular_whitespace(min_length, expected):
    lines = ["  stream\tof  words ", "", "map\t\treduce   filter", "a bb ccc\n", "lazy",
             "ab\u2003cd\r\n"]
    got = count_long_words(iter(lines), min_length)
    assert got == expected, (
        f"count_long_words({lines!r}, {min_length}) gave {got}; expected {expected}: every "
        f"word of at least {min_length} letters (`>=`), where words are separated by any "
        "whitespace. `line.split()` with no argument splits on tabs, runs of spaces, a "
        "line's own '\\n' or '\\r\\n' and Unicode spaces, and drops them all; `split(' ')` "
        "does not, even after replacing tabs."
    )


def test_memory_stays_small_on_a_large_stream():
    with traced() as sampled:
        got = count_long_words(sampled_lines(LINES, sampled), 10)
    assert not sampled.tampered, (
        "tracemalloc was stopped, restarted or reset while count_long_words ran, so its memory "
        "could not be measured. Leave tracemalloc alone; count as you go instead."
    )
    held = sampled.held
    assert held < GROWTH_LIMIT, (
        f"count_long_words held up to {held / 1e6:.1f} MB while reading {LINES} lines; "
        f"expected under {GROWTH_LIMIT / 1e6:.0f} MB. Something kept every line (a list, "
        ".readlines(), a list comprehension): count as you go with a generator expression "
        "instead."
    )
    assert got == 3 * LINES, f"counted {got} long words; expected {3 * LINES}."
