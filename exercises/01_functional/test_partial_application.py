"""Kata partial_application: what the lesson says it proves, and the test that checks each claim.

- `make_scaler(factor)` is a one-argument function multiplying by that factor (any factor:
  fractions, zero, negatives): test_make_scaler_multiplies_by_its_factor; it is a
  `functools.partial` of the module-level `scale`, so it pickles, which is how it travels to
  worker processes: test_make_scaler_is_a_partial.
- `populations_in_thousands(cities)` gives every population times 1000 (not rounded), in
  input order, for any cities and a one-shot iterator: test_populations_in_thousands.
"""

import functools
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from partial_application import make_scaler, populations_in_thousands

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


def test_populations_in_thousands():
    got = populations_in_thousands(CITIES)
    assert got == pytest.approx([3700.0, 1700.0, 8900.0, 500.0]), (
        f"populations_in_thousands gave {got!r}; expected [3700.0, 1700.0, 8900.0, 500.0]."
    )
    others = [City("Quito", 2.75, "sa"), City("Osaka", 0.0, "as"), City("Accra", 0.1255, "af")]
    got = populations_in_thousands(iter(others))
    assert got == pytest.approx([2750.0, 0.0, 125.5]) and isinstance(got, list), (
        f"populations_in_thousands of three other cities (a one-shot iterator) gave {got!r}; "
        "expected the list [2750.0, 0.0, 125.5], each population times 1000 (not rounded), "
        "in input order."
    )
