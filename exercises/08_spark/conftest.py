"""Start the spark engine once for the whole test session (see graders/support/engines.py)."""

from pathlib import Path

import pytest

from graders.support import engines

engines.prepare_environment()  # before the engine is imported anywhere


@pytest.fixture(scope="session")
def spark():
    """A SparkSession on local[2], or on SPARK_MASTER_URL."""
    yield from engines.spark_session()


def pytest_collection_modifyitems(items):
    """pyspark warns about pandas 3 on every DataFrame it makes; that is not the student's."""
    here = Path(__file__).parent
    quiet = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas")
    for item in items:
        if here in item.path.parents:
            item.add_marker(quiet)
