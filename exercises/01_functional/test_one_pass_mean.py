"""Kata one_pass_mean: what the lesson says it proves, and the test that checks each claim.

- `add_value` folds one value into a (sum, count) pair: test_add_value_folds_one_value.
- `merge` adds the sums and the counts of two partial pairs, so any split of the data into
  chunks, reduced separately and merged, gives the same answer, with (0, 0) as the neutral
  start: test_reducing_chunks_then_merging_equals_reducing_everything (the pairs are the
  test's own, so a wrong add_value does not cost this test).
- `mean_one_pass` reads a one-shot iterator once and gives the mean, with the lesson's
  sentence rather than a raw TypeError when it reads twice: test_mean_reads_its_input_once,
  test_matches_statistics_mean; that sentence only when the same code works on a list, any
  other TypeError reported as it is, with the mean expected; no values raise ValueError:
  test_no_values_raise_value_error.
"""

import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from one_pass_mean import add_value, mean_one_pass, merge

values = st.lists(st.integers(-1000, 1000), max_size=40)
checked = settings(max_examples=40, deadline=None, report_multiple_bugs=False)


def _pair(numbers: list[int]) -> tuple[int, int]:
    return sum(numbers), len(numbers)


def _mean(numbers: list) -> float:
    try:
        return mean_one_pass(iter(numbers))
    except TypeError as error:
        failure = f"TypeError: {error}"
    try:
        mean_one_pass(list(numbers))
    except Exception:  # noqa: BLE001 - it fails on a list too: not about reading once
        raise AssertionError(
            f"mean_one_pass of {numbers} raised {failure}, on a list too (not only on a "
            f"one-shot iterator); expected their mean, {statistics.mean(numbers)!r}: a "
            "running (sum, count), then sum / count."
        ) from None
    raise AssertionError(
        f"mean_one_pass of a one-shot iterator raised {failure}, though it works on a list. "
        "An iterator can be read only once and has no len(): keep a running (sum, count) "
        "instead of calling sum() and len(), e.g. `reduce(add_value, values, (0.0, 0))`."
    )


@checked
@given(st.integers(-1000, 1000), st.integers(0, 50), st.integers(-1000, 1000))
def test_add_value_folds_one_value(total, count, value):
    got = add_value((total, count), value)
    assert tuple(got) == (total + value, count + 1), (
        f"add_value(({total}, {count}), {value}) gave {got!r}; expected "
        f"({total + value}, {count + 1}): add the value to the sum and 1 to the count."
    )


@checked
@given(values, values)
def test_reducing_chunks_then_merging_equals_reducing_everything(left, right):
    parts = merge(_pair(left), _pair(right))
    whole = _pair(left + right)
    assert tuple(parts) == whole, (
        f"merging the (sum, count) of two chunks, {_pair(left)} and {_pair(right)}, gave "
        f"{parts}, but the whole data has {whole}. merge must add sums and add counts, so any "
        "split gives the same answer: that is what lets workers reduce chunks in parallel."
    )
    neutral = merge((0, 0), whole)
    assert tuple(neutral) == whole, f"merge((0, 0), {whole}) gave {neutral}; (0, 0) is neutral."


def test_mean_reads_its_input_once():
    got = _mean([3.7, 1.7, 8.9, 0.5])
    assert got == pytest.approx(3.7), (
        f"mean_one_pass of a one-shot iterator gave {got!r}; expected 3.7. An iterator can "
        "be read only once: keep a running (sum, count) instead of calling sum() and len()."
    )


def test_no_values_raise_value_error():
    try:
        got = mean_one_pass(iter([]))
    except ValueError:
        return
    except ZeroDivisionError:
        raise AssertionError(
            "mean_one_pass of no values raised ZeroDivisionError; expected ValueError. Check "
            "the count before dividing: `if count == 0: raise ValueError(...)`."
        ) from None
    raise AssertionError(
        f"mean_one_pass of no values returned {got!r}; expected ValueError: no values have "
        "no mean."
    )


@checked
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=40))
def test_matches_statistics_mean(numbers):
    got = _mean(numbers)
    expected = statistics.mean(numbers)
    assert got == pytest.approx(expected), (
        f"mean_one_pass of {numbers} gave {got!r}; expected their mean, {expected!r}."
    )
