import itertools

from laziness import first_n, lazy_map


class CountingSquare:
    """x * x that counts its calls, to see when work really happens."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, x: int) -> int:
        self.calls += 1
        return x * x


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
    assert list(result) == [4, 9] and square.calls == 3


def test_first_n_stops_early_on_an_endless_input():
    square = CountingSquare()
    got = first_n(lazy_map(square, itertools.count()), 4)
    assert got == [0, 1, 4, 9], f"first_n(squares of 0, 1, 2, ..., 4) gave {got!r}."
    assert square.calls == 4, (
        f"first_n consumed {square.calls} items to return 4; it must stop after 4. "
        "Try itertools.islice."
    )
