import statistics
from functools import reduce

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from one_pass_mean import add_value, mean_one_pass, merge

values = st.lists(st.integers(-1000, 1000), max_size=40)


def test_mean_reads_its_input_once():
    got = mean_one_pass(iter([3.7, 1.7, 8.9, 0.5]))
    assert got == pytest.approx(3.7), (
        f"mean_one_pass of a one-shot iterator gave {got!r}; expected 3.7. An iterator can "
        "be read only once: keep a running (sum, count) instead of calling sum() and len()."
    )
    with pytest.raises(ValueError):
        mean_one_pass([])


@settings(max_examples=60, deadline=None)
@given(values, values)
def test_reducing_chunks_then_merging_equals_reducing_everything(left, right):
    whole = reduce(add_value, left + right, (0, 0))
    parts = merge(reduce(add_value, left, (0, 0)), reduce(add_value, right, (0, 0)))
    assert parts == whole, (
        f"merging the (sum, count) of two chunks gave {parts}, but reducing everything gave "
        f"{whole}. merge must add sums and add counts, so any split gives the same answer: "
        "that is what lets workers reduce chunks in parallel."
    )
    assert merge((0, 0), whole) == whole, "(0, 0) must be the neutral start value."


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=40))
def test_matches_statistics_mean(numbers):
    assert mean_one_pass(iter(numbers)) == pytest.approx(statistics.mean(numbers))
