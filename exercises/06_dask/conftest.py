"""Start the dask engine once for the whole test session (see graders/support/engines.py)."""

import pytest

from graders.support import engines

engines.prepare_environment()  # before the engine is imported anywhere


@pytest.fixture(scope="session")
def dask_client():
    """A dask distributed Client: a LocalCluster here, or DASK_SCHEDULER_ADDRESS."""
    yield from engines.dask_client()
