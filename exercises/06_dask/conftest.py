"""Start the dask engine once for the whole test session (see graders/support/engines.py)."""

import pytest

from graders.capabilities import has_module
from graders.support import engines

engines.prepare_environment()  # before the engine is imported anywhere


@pytest.fixture(scope="session")
def dask_client():
    """A dask distributed Client: a LocalCluster here, or DASK_SCHEDULER_ADDRESS."""
    yield from engines.dask_client()


@pytest.fixture(scope="session", autouse=True)
def dask_threads():
    """dask's threaded scheduler, its threads started before any test: a `.compute()` in a
    kata then uses threads that belong to the session, not to the kata."""
    if not has_module("dask"):
        yield None
        return
    from graders.support.dask_support import start_session_pool

    yield start_session_pool()
