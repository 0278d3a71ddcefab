import tracemalloc
from collections.abc import Iterator

from streaming import count_long_words

LINES = 200_000
PEAK_LIMIT = 2_000_000  # bytes; holding all lines would need about 30 MB


def generated_lines(n: int) -> Iterator[str]:
    """A large input made on the fly: each line has 3 words of 10+ letters and 3 short ones."""
    for i in range(n):
        yield f"parallelism {i:08d} concurrency the of asynchronous a {i % 7}"


def test_counts_long_words():
    got = count_long_words(iter(["a bb ccc dddd", "eeee"]), 4)
    assert got == 2, f"count_long_words(['a bb ccc dddd', 'eeee'], 4) gave {got}; expected 2."


def test_memory_stays_small_on_a_large_stream():
    tracemalloc.start()
    try:
        got = count_long_words(generated_lines(LINES), 10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got == 3 * LINES, f"counted {got} long words; expected {3 * LINES}."
    assert peak < PEAK_LIMIT, (
        f"peak memory was {peak / 1e6:.1f} MB for {LINES} lines; expected under "
        f"{PEAK_LIMIT / 1e6:.0f} MB. Something kept every line (a list, .readlines(), "
        "a list comprehension): count as you go with a generator expression instead."
    )
