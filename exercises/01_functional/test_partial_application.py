"""Kata partial_application: what the lesson says it proves, and the test that checks each claim.

- `make_scaler(factor)` is a one-argument function multiplying by that factor (any factor:
  fractions, zero, negatives): test_make_scaler_multiplies_by_its_factor; it is a
  `functools.partial` of the module-level `scale`, so it pickles, which is how it travels to
  worker processes: test_make_scaler_is_a_partial.
- `populations_in_thousands(cities)` gives every population times 1000 (not rounded), in
  input order, for any cities and a one-shot iterator, each scaled by the specialised
  `scale` (make_scaler(1000)), not multiplied inline nor by `scale` called directly:
  test_populations_in_thousands. There the module's make_scaler (and a thousands scaler
  made at import) is replaced by a right one that counts its calls, so a mistake in
  make_scaler costs only make_scaler's tests.
"""

import functools
import pickle

import partial_application
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from partial_application import make_scaler, populations_in_thousands, scale

from graders.data import CITIES, City

numbers = st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=40, deadline=None, report_multiple_bugs=False)
@given(factor=numbers, value=numbers)
def test_make_scaler_multiplies_by_its_factor(factor, value):
    got = make_scaler(factor)(value)
    assert got == pytest.approx(value * factor), (
        f"make_scaler({factor!r})({value!r}) gave {got!r}; expected {value * factor!r}. "
        "The scaler multiplies by the factor it was made with: "
        "`functools.partial(scale, factor=factor)`."
    )


def test_make_scaler_is_a_partial():
    triple = make_scaler(3)
    assert triple(2) == 6, f"make_scaler(3)(2) gave {triple(2)!r}; expected 6."
    assert isinstance(triple, functools.partial), (
        f"make_scaler returned a {type(triple).__name__}; the kata asks for "
        "functools.partial(scale, factor=factor), which pickles to worker processes "
        "where a lambda cannot."
    )
    try:
        copy = pickle.loads(pickle.dumps(triple))
    except (pickle.PicklingError, AttributeError, TypeError) as error:
        raise AssertionError(
            f"make_scaler(3) could not be pickled ({type(error).__name__}: {error}), so it "
            "could never be sent to a worker process. Make a partial of the module-level "
            "`scale`, not of a lambda or a nested function."
        ) from None
    assert copy(5) == 15, f"make_scaler(3), pickled and unpickled, gave {copy(5)!r} for 5."


def counted_scale(factors: list, value: float, factor: float) -> float:
    """scale, noting the factor of every call in `factors`."""
    factors.append(factor)
    return scale(value, factor)


def is_a_thousands_scaler(candidate: object) -> bool:
    try:
        return isinstance(candidate, functools.partial) and candidate(2) == 2000
    except Exception:
        return False


def test_populations_in_thousands(monkeypatch):
    factors: list = []  # one per population scaled by a function make_scaler gave

    def right_make_scaler(factor: float) -> functools.partial:
        return functools.partial(counted_scale, factors, factor=factor)

    monkeypatch.setattr(partial_application, "make_scaler", right_make_scaler)
    for name, value in list(vars(partial_application).items()):
        if is_a_thousands_scaler(value):  # a scaler made once, at import
            monkeypatch.setattr(partial_application, name, right_make_scaler(1000))
    got = populations_in_thousands(CITIES)
    others = [City("Quito", 2.75, "sa"), City("Osaka", 0.0, "as"), City("Accra", 0.1255, "af")]
    got_others = populations_in_thousands(iter(others))
    assert got == pytest.approx([3700.0, 1700.0, 8900.0, 500.0]), (
        f"populations_in_thousands gave {got!r}; expected [3700.0, 1700.0, 8900.0, 500.0]."
    )
    assert got_others == pytest.approx([2750.0, 0.0, 125.5]) and isinstance(got_others, list), (
        f"populations_in_thousands of three other cities (a one-shot iterator) gave "
        f"{got_others!r}; "
        "expected the list [2750.0, 0.0, 125.5], each population times 1000 (not rounded), "
        "in input order."
    )
    count = len(CITIES) + len(others)
    assert factors == [1000] * count, (
        f"{len(factors)} of {count} populations were scaled by a function make_scaler gave"
        + (f", with the factors {sorted(set(factors))}" if set(factors) - {1000} else "")
        + "; expected every one by make_scaler(1000)'s function: "
        "map(make_scaler(1000), populations), not multiplied inline nor by calling scale "
        "directly."
    )
