"""Start the ray engine once for the whole test session (see graders/support/engines.py)."""

import pytest

from graders.support import engines

engines.prepare_environment()  # before the engine is imported anywhere


@pytest.fixture(scope="session")
def ray_session():
    """The ray module, initialised here (4 logical CPUs) or on RAY_ADDRESS."""
    yield from engines.ray_session()

