"""Kata mr_combiner: the (sum, count) combiner, and why it makes a parallel mean exact.

What the lesson says the kata proves, and the test that checks each claim:

- sum_count: (key, (sum, count)) sorted by key, on the notebook's pairs and on pairs whose
  keys first arrive out of order, zeros and negative values included:
  test_sum_count_matches_course, test_sum_count_sorted_by_key.
- merge_sum_counts: merging the partial results of any split of the pairs equals combining
  them all at once, from any iterable of partials: test_merging_chunks_equals_the_whole
  (hypothesis; the partials come from the test's own combiner, so a mistake in sum_count
  does not cost this test).
- mean_per_key: the exact mean per key whatever the chunks' sizes (the average of the
  averages is wrong), with true division: test_mean_per_key_on_uneven_chunks,
  test_mean_per_key_for_any_chunking (hypothesis).
- mean_per_key combines each chunk on its own, as a combiner inside each map task does: when
  it calls sum_count (the test's own, swapped in to record its calls), it calls it once per
  chunk, on that chunk's pairs, never on all the pairs at once:
  test_each_chunk_is_combined_on_its_own. (A mean_per_key that never calls sum_count must
  still give the right means there: its combining cannot be seen.)
"""

import mr_combiner
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mr_combiner import mean_per_key, merge_sum_counts, sum_count

from graders.support.mapreduce_support import ANIMAL_PAIRS, ANIMAL_SUM_COUNTS, returned

KEYS = st.sampled_from(["pirate", "panda", "pink", "penguin"])
PAIRS = st.lists(st.tuples(KEYS, st.integers(-1000, 1000)), max_size=30)
EXAMPLES = settings(max_examples=40, deadline=None, database=None, derandomize=True)


def chunked(pairs, cuts):
    """Split `pairs` at the positions in `cuts` (arbitrary chunk sizes, some empty)."""
    bounds = sorted({0, len(pairs), *(c % (len(pairs) + 1) for c in cuts)})
    return [pairs[a:b] for a, b in zip(bounds, bounds[1:], strict=False)] or [[]]


def reference_sum_count(pairs):
    """The test's own combiner: what sum_count should return."""
    totals = {}
    for key, value in pairs:
        total, count = totals.get(key, (0, 0))
        totals[key] = (total + value, count + 1)
    return sorted(totals.items())


def as_tuples(result, call):
    return [(key, tuple(pair)) for key, pair in returned(result, call, "a sorted list")]


def test_sum_count_matches_course():
    got = sum_count(ANIMAL_PAIRS)
    assert as_tuples(got, "sum_count") == ANIMAL_SUM_COUNTS, (
        f"sum_count({list(ANIMAL_PAIRS)!r}) returned {got!r}; the notebook's desired "
        f"output is {ANIMAL_SUM_COUNTS!r}: (key, (sum, count)) sorted by key."
    )


def test_sum_count_sorted_by_key():
    pairs = [("pirate", 2), ("panda", 0), ("pink", -3), ("panda", 5), ("pirate", 0)]
    got = sum_count(iter(pairs))
    expected = [("panda", (5, 2)), ("pink", (-3, 1)), ("pirate", (2, 2))]
    assert as_tuples(got, "sum_count") == expected, (
        f"sum_count of {pairs!r} (as an iterator) returned {got!r}; expected {expected!r}: "
        "sorted by key although pirate arrived first, every value counted (zeros too)."
    )


@EXAMPLES
@given(pairs=PAIRS, cuts=st.lists(st.integers(0, 30), max_size=5))
def test_merging_chunks_equals_the_whole(pairs, cuts):
    chunks = chunked(pairs, cuts)
    partials = [reference_sum_count(chunk) for chunk in chunks]
    got = merge_sum_counts(iter(partials))
    expected = reference_sum_count(pairs)
    assert as_tuples(got, "merge_sum_counts") == expected, (
        f"merging the partial results {partials!r} gave {got!r}, but combining all the "
        f"pairs at once gives {expected!r}. Merging must add sums to sums and counts to "
        "counts (sorted by key): that is why a combiner may run on any chunk, on any worker."
    )


def test_mean_per_key_on_uneven_chunks():
    chunks = [[("panda", 0), ("panda", 0), ("panda", 0)], [("panda", 4), ("pink", 3)],
              [("pink", 4)]]
    got = returned(mean_per_key(chunks), "mean_per_key", "a dict")
    expected = {"panda": 1.0, "pink": 3.5}
    if got.get("panda") == pytest.approx(2.0):
        raise AssertionError(
            f"mean_per_key({chunks!r}) gave panda {got['panda']!r}: that is averaging the "
            "chunks' averages (0 and 4). panda's values are 0, 0, 0, 4, whose mean is 1.0. "
            "Combine each chunk to (sum, count), merge, and divide once."
        )
    values = {"panda": [0, 0, 0, 4], "pink": [3, 4]}
    wrong = [key for key in expected if got.get(key) != pytest.approx(expected[key])]
    extra = sorted(set(got) - set(expected))
    if wrong:
        key = wrong[0]
        floor = sum(values[key]) // len(values[key])
        how = ("Divide the merged sum by the merged count with true division (/), not //."
               if got.get(key) == floor and floor != expected[key] else
               "Every value counts, zeros included: merge the partials by adding their sums "
               "and their counts (a partial whose sum is 0 still has a count), then divide "
               "once, at the end.")
        why = (f"{key} got {got.get(key)!r}, but its values are "
               f"{', '.join(map(str, values[key]))}, whose mean is {expected[key]}. {how}")
    else:
        why = f"it holds key(s) {extra} that no pair has: return one mean per key of the pairs."
    assert got == pytest.approx(expected), (
        f"mean_per_key({chunks!r}) returned {got!r}; expected {expected!r}: {why}"
    )


@EXAMPLES
@given(pairs=PAIRS.filter(bool), cuts=st.lists(st.integers(0, 30), max_size=5))
def test_mean_per_key_for_any_chunking(pairs, cuts):
    chunks = chunked(pairs, cuts)
    got = mean_per_key(iter(chunks))
    totals = {}
    for key, value in pairs:
        totals.setdefault(key, []).append(value)
    expected = {key: sum(values) / len(values) for key, values in totals.items()}
    assert got == pytest.approx(expected), (
        f"mean_per_key({chunks!r}) returned {got!r}; the mean of every value per key is "
        f"{expected!r}. The answer must not depend on how the pairs were split into chunks."
    )


def test_each_chunk_is_combined_on_its_own(monkeypatch):
    chunks = [[("panda", 2), ("pink", 1)], [("pink", 5)], [("panda", 4), ("pirate", 0)]]
    combined: list[list] = []

    def recorded_sum_count(pairs):
        pairs = list(pairs)
        combined.append(pairs)
        return reference_sum_count(pairs)

    monkeypatch.setattr(mr_combiner, "sum_count", recorded_sum_count)
    got = returned(mr_combiner.mean_per_key(iter(chunks)), "mean_per_key", "a dict")
    if not combined:  # combined without sum_count: only the answer shows
        expected = {"panda": 3.0, "pink": 3.0, "pirate": 0.0}
        assert got == pytest.approx(expected), (
            f"mean_per_key({chunks!r}) returned {got!r} without calling sum_count; expected "
            f"{expected!r}: combine each chunk on its own with sum_count, merge the partial "
            "results with merge_sum_counts, then divide."
        )
        return
    assert sorted(combined) == sorted(chunks), (
        f"mean_per_key({chunks!r}) called sum_count {len(combined)} time(s), on "
        f"{[len(pairs) for pairs in combined]} pairs (it returned {got!r}); expected once per "
        f"chunk, on each chunk's own {[len(chunk) for chunk in chunks]} pairs. A combiner runs "
        "inside each map task, on that task's pairs only: combine each chunk on its own with "
        "sum_count, then merge the partial results with merge_sum_counts."
    )
