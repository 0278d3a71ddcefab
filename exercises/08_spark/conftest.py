"""Start the spark engine once for the whole test session (see graders/support/engines.py)."""

from pathlib import Path

import pytest

from graders.support import engines

engines.prepare_environment()  # before the engine is imported anywhere


@pytest.fixture(scope="session")
def spark():
    """A SparkSession on local[2], or on SPARK_MASTER_URL."""
    yield from engines.spark_session()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_makereport(item, call):
    """A test whose time ran out inside a Spark call: its job is cancelled, and its busy
    connection set aside, before pytest formats the failure (which calls Spark)."""
    engines.cancel_if_timed_out(call.excinfo)


def pytest_collection_modifyitems(items):
    """pyspark warns about pandas 3 on every DataFrame it makes; that is not the student's."""
    here = Path(__file__).parent
    quiet = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")
    for item in items:
        if here in item.path.parents:
            item.add_marker(quiet)
