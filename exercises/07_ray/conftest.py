"""Start the ray engine once for the whole test session (see graders/support/engines.py)."""

import pytest

from graders.support import engines

engines.prepare_environment()  # before the engine is imported anywhere


@pytest.fixture(scope="session")
def ray_session():
    """The ray module, initialised here (4 logical CPUs) or on RAY_ADDRESS."""
    yield from engines.ray_session()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item, call):
    """A test whose time ran out inside a Ray call: its tasks are cancelled before
    pytest formats the failure, so they do not run on into the next test."""
    engines.cancel_if_timed_out(call.excinfo)
