import functools

import pytest
from partial_application import make_scaler, populations_in_thousands

from graders.data import CITIES


def test_make_scaler_is_a_partial():
    triple = make_scaler(3)
    assert triple(2) == 6, f"make_scaler(3)(2) gave {triple(2)!r}; expected 6."
    assert isinstance(triple, functools.partial), (
        f"make_scaler returned a {type(triple).__name__}; the kata asks for "
        "functools.partial(scale, factor=factor), which pickles to worker processes "
        "where a lambda cannot."
    )


def test_populations_in_thousands():
    got = populations_in_thousands(CITIES)
    assert got == pytest.approx([3700.0, 1700.0, 8900.0, 500.0]), (
        f"populations_in_thousands gave {got!r}; expected [3700.0, 1700.0, 8900.0, 500.0]."
    )
