import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mr_combiner import mean_per_key, merge_sum_counts, sum_count

from graders.support.mapreduce_support import ANIMAL_PAIRS, ANIMAL_SUM_COUNTS

KEYS = st.sampled_from(["panda", "pink", "pirate", "penguin"])
PAIRS = st.lists(st.tuples(KEYS, st.integers(-1000, 1000)), max_size=40)


def chunked(pairs, cuts):
    """Split `pairs` at the positions in `cuts` (arbitrary chunk sizes, some empty)."""
    bounds = sorted({0, len(pairs), *(c % (len(pairs) + 1) for c in cuts)})
    return [pairs[a:b] for a, b in zip(bounds, bounds[1:], strict=False)] or [[]]


def test_sum_count_matches_course():
    got = sum_count(ANIMAL_PAIRS)
    assert got == ANIMAL_SUM_COUNTS, (
        f"sum_count({list(ANIMAL_PAIRS)!r}) returned {got!r}; the notebook's desired "
        f"output is {ANIMAL_SUM_COUNTS!r}: (key, (sum, count)) sorted by key."
    )


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(pairs=PAIRS, cuts=st.lists(st.integers(0, 40), max_size=5))
def test_merging_chunks_equals_the_whole(pairs, cuts):
    chunks = chunked(pairs, cuts)
    got = merge_sum_counts([sum_count(chunk) for chunk in chunks])
    expected = sum_count(pairs)
    assert got == expected, (
        f"combining the chunks {chunks!r} separately then merging gave {got!r}, but "
        f"sum_count of all the pairs gives {expected!r}. Merging must add sums to sums and "
        "counts to counts: that is why a combiner may run on any chunk, on any worker."
    )


def test_mean_per_key_on_uneven_chunks():
    chunks = [[("panda", 0), ("panda", 0), ("panda", 0)], [("panda", 4), ("pink", 3)]]
    got = mean_per_key(chunks)
    expected = {"panda": 1.0, "pink": 3.0}
    assert got == pytest.approx(expected), (
        f"mean_per_key({chunks!r}) returned {got!r}; expected {expected!r}. panda's values "
        "are 0, 0, 0, 4, whose mean is 1.0; averaging the chunks' averages (0 and 4) gives "
        "2.0, which is wrong. Combine each chunk to (sum, count), merge, and divide once."
    )


@settings(max_examples=60, deadline=None, database=None, derandomize=True)
@given(pairs=PAIRS.filter(bool), cuts=st.lists(st.integers(0, 40), max_size=5))
def test_mean_per_key_for_any_chunking(pairs, cuts):
    chunks = chunked(pairs, cuts)
    got = mean_per_key(chunks)
    totals = {}
    for key, value in pairs:
        totals.setdefault(key, []).append(value)
    expected = {key: sum(values) / len(values) for key, values in totals.items()}
    assert got == pytest.approx(expected), (
        f"mean_per_key({chunks!r}) returned {got!r}; the mean of every value per key is "
        f"{expected!r}. The answer must not depend on how the pairs were split into chunks."
    )
