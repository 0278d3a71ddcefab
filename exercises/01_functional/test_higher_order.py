"""Kata higher_order: what the lesson says it proves, and the test that checks each claim.

- `apply_to(func, data)` calls the function it is given, once, on the data as one argument
  (that very object, not a copy), and returns its result:
  test_apply_to_calls_the_function_it_is_given.
- `compose(f, g)` is a new function computing f(g(x)), right to left:
  test_compose_applies_right_to_left; it takes any number of functions, none included
  (then it returns its input unchanged): test_compose_takes_any_number_of_functions; the
  composed function calls each function once per call (a repeated argument too: no cache),
  can be called again, takes any value (an unhashable list too), and never calls anything
  until it is called: test_composed_function_is_reusable.
"""

from higher_order import apply_to, compose


def add_one(x: int) -> int:
    return x + 1


def double(x: int) -> int:
    return x * 2


class Recorded:
    """A function that records every argument it is called with."""

    def __init__(self, func) -> None:
        self.func = func
        self.calls: list = []

    def __call__(self, value):
        self.calls.append(value)
        return self.func(value)


def test_apply_to_calls_the_function_it_is_given():
    try:
        got = (apply_to(sum, [1, 2, 3]), apply_to(len, [1, 2, 3]))
    except TypeError as error:
        raise AssertionError(
            f"apply_to(sum, [1, 2, 3]) raised TypeError: {error}. apply_to should just call "
            "the function it receives on the data, as one argument: `return func(data)`."
        ) from None
    assert got == (6, 3), (
        f"apply_to(sum, [1, 2, 3]) and apply_to(len, [1, 2, 3]) gave {got}; expected (6, 3). "
        "apply_to should just call the function it receives on the data."
    )
    recorded = Recorded(max)
    data = [4, 9, 2]
    result = apply_to(recorded, data)
    called_with_data = len(recorded.calls) == 1 and recorded.calls[0] is data
    assert called_with_data and result == 9, (
        f"apply_to(max, [4, 9, 2]) returned {result!r} after calling max with "
        f"{recorded.calls!r}; expected one call with the list itself (that very object, "
        "not a copy) and its result, 9: `return func(data)`."
    )


def test_compose_applies_right_to_left():
    got = compose(add_one, double)(5)
    assert got == 11, (
        f"compose(add_one, double)(5) gave {got}; expected add_one(double(5)) == 11. "
        "The last function is applied first, like f(g(x))."
    )
    other = compose(double, add_one)(-4)
    assert other == -6, (
        f"compose(double, add_one)(-4) gave {other}; expected double(add_one(-4)) == -6."
    )


def _composed(funcs, value):
    try:
        return compose(*funcs)(value)
    except (IndexError, TypeError) as error:
        names = ", ".join(f.__name__ for f in funcs)
        raise AssertionError(
            f"compose({names})({value!r}) raised {type(error).__name__}: {error}. compose "
            "takes any number of functions (`def compose(*funcs)`); loop over "
            "`reversed(funcs)`, starting from the value itself, so that no functions give "
            "the value back unchanged."
        ) from None


def test_compose_takes_any_number_of_functions():
    assert _composed((), 7) == 7, "compose() with no functions should return its input unchanged."
    assert _composed((double,), 7) == 14, "compose(double)(7) should be double(7) == 14."
    got = _composed((str, add_one, double, add_one), 1)
    assert got == "5", (
        f"compose(str, add_one, double, add_one)(1) gave {got!r}; expected "
        "str(add_one(double(add_one(1)))) == '5'."
    )


def test_composed_function_is_reusable():
    inner, outer = Recorded(double), Recorded(add_one)
    composed = compose(outer, inner)
    assert inner.calls == [] and outer.calls == [], (
        "compose called the functions before the composed function was called; it should "
        "only build a new function."
    )
    got = [composed(3), composed(10), composed(3)]
    assert got == [7, 21, 7] and inner.calls == [3, 10, 3] and outer.calls == [6, 20, 6], (
        f"three calls of compose(add_one, double) on 3, 10 and 3 again gave {got!r}, calling "
        f"double with {inner.calls!r} and add_one with {outer.calls!r}; expected [7, 21, 7], "
        "each function once per call on the value of the previous one, a repeated argument "
        "too (no cache: the functions may have effects or give a new answer each time). "
        "Keep no state between calls."
    )
    lengths = Recorded(len)
    try:
        got = compose(lengths, sorted)([3, 1, 2])
    except TypeError as error:
        raise AssertionError(
            f"compose(len, sorted)([3, 1, 2]) raised TypeError: {error}; expected 3. The "
            "composed function takes any value, an unhashable list too: just call the "
            "functions in turn (a cache such as functools.lru_cache needs hashable arguments)."
        ) from None
    assert got == 3 and lengths.calls == [[1, 2, 3]], (
        f"compose(len, sorted)([3, 1, 2]) gave {got!r}, calling len with {lengths.calls!r}; "
        "expected 3, after one call of len with [1, 2, 3]."
    )
