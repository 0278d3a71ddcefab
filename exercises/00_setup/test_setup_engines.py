import importlib

import pytest

from graders.capabilities import INSTALL


@pytest.mark.parametrize("engine", ["dask", "distributed", "ray", "pyspark", "nbgrader"])
def test_engine_imports(engine):
    try:
        importlib.import_module(engine)
    except ImportError as error:
        raise AssertionError(
            f"`import {engine}` failed ({error}). Fix: {INSTALL[engine]}"
        ) from None
