"""Kata laziness: what the lesson says it proves, and the test that checks each claim.

- `lazy_map(func, items)` calls `func` only when a result is asked for, exactly once per
  result, and returns an iterator: test_lazy_map_computes_nothing_until_consumed; it reads
  an item only when its result is asked for, so it works on an endless input:
  test_lazy_map_reads_items_only_on_demand; it gives one result per item, whatever the
  result is (None, 0 and False too: no sentinel ends it early):
  test_lazy_map_gives_every_result.
- `first_n(items, n)` returns the first n items as a list for any n (0 too) and reads no more
  of `items` than that, so it works on an endless iterator; a shorter input gives all its
  items: test_first_n_stops_early_on_an_endless_input, test_first_n_takes_any_n.

Each test drives the function under test with the test's own iterators, never with the
kata's other function, so one mistake costs one test.
"""

import itertools

import pytest
from laziness import first_n, lazy_map


class CountingSquare:
    """x * x that counts its calls, to see when work really happens."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, x: int) -> int:
        self.calls += 1
        return x * x


class ReadTooFar(Exception):
    """Raised by Source when more items are read than allowed."""


class Source:
    """An endless one-shot iterator 0, 1, 2, ... that counts how many items were read, and
    stops the test (ReadTooFar) once more than `allowed` are read."""

    def __init__(self, allowed: int = 10_000) -> None:
        self.allowed = allowed
        self.read = 0

    def __iter__(self) -> "Source":
        return self

    def __next__(self) -> int:
        if self.read >= self.allowed:
            raise ReadTooFar
        self.read += 1
        return self.read - 1


def test_lazy_map_computes_nothing_until_consumed():
    square = CountingSquare()
    result = lazy_map(square, [1, 2, 3])
    assert square.calls == 0, (
        f"lazy_map already called the function {square.calls} time(s) before anyone asked for "
        "a result; expected 0. Return the lazy `map(...)` object instead of a list."
    )
    assert iter(result) is result, "lazy_map should return an iterator (map objects are)."
    assert next(result) == 1 and square.calls == 1, (
        "asking for the first result should call the function exactly once."
    )
    rest = list(result)
    assert rest == [4, 9] and square.calls == 3, (
        f"the remaining results were {rest!r} after {square.calls} call(s) in all; expected "
        "[4, 9] after 3: one call per result."
    )


def test_lazy_map_reads_items_only_on_demand():
    source = Source(allowed=100)
    try:
        results = lazy_map(abs, source)
        read_before = source.read
        got = [next(results) for _ in range(3)]
    except ReadTooFar:
        raise AssertionError(
            "lazy_map read the whole (endless) input before returning; read each item only "
            "when its result is asked for: `map(func, items)` does."
        ) from None
    assert read_before == 0 and got == [0, 1, 2] and source.read == 3, (
        f"lazy_map had read {read_before} item(s) before any result was asked for and "
        f"{source.read} after 3 results {got!r}; expected 0, then 3 and [0, 1, 2]."
    )


def test_lazy_map_gives_every_result():
    items = [4, 1, 0, 3, 6, 2]
    results = {4: "four", 1: None, 0: 0, 3: None, 6: False, 2: "two"}
    got = list(lazy_map(results.get, iter(items)))
    expected = ["four", None, 0, None, False, "two"]
    assert got == expected, (
        f"lazy_map(a function giving {expected!r}, six items) gave {got!r}; expected one "
        "result per item, whatever it is: None, 0 and False are results like any other, "
        "not the end (`iter(callable, None)` stops at the first None). `map(func, items)` "
        "ends only when the items do."
    )


def _first_n(source: Source, n: int) -> list:
    try:
        return first_n(source, n)
    except ReadTooFar:
        raise AssertionError(
            f"first_n(items, {n}) kept reading an endless iterator (it read {source.read} "
            f"items); it must stop after {n}. Try itertools.islice(items, n)."
        ) from None


def test_first_n_stops_early_on_an_endless_input():
    source = Source()
    got = _first_n(source, 4)
    assert got == [0, 1, 2, 3], f"first_n(0, 1, 2, ..., 4) gave {got!r}; expected [0, 1, 2, 3]."
    assert source.read == 4, (
        f"first_n read {source.read} items to return 4; it must stop after 4. "
        "Try itertools.islice."
    )


@pytest.mark.parametrize("n", [0, 1, 7])
def test_first_n_takes_any_n(n):
    source = Source()
    got = _first_n(source, n)
    assert got == list(range(n)) and source.read == n, (
        f"first_n(0, 1, 2, ..., {n}) gave {got!r} after reading {source.read} item(s); "
        f"expected {list(range(n))!r} after reading exactly {n}."
    )
    try:
        letters = first_n("abc", 5)
    except (StopIteration, RuntimeError, TypeError) as error:
        raise AssertionError(
            f"first_n('abc', 5) raised {type(error).__name__}: {error}; expected "
            "['a', 'b', 'c']. Accept any iterable and stop at its end: "
            "`list(itertools.islice(items, n))` does both."
        ) from None
    assert letters == ["a", "b", "c"], (
        f"first_n('abc', 5) gave {letters!r}; expected ['a', 'b', 'c']: a shorter input "
        "gives all its items, and any iterable (a string, a list) is accepted."
    )
    assert isinstance(first_n(itertools.count(), n), list), "first_n must return a list."
