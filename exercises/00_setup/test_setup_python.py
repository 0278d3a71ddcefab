import platform
import sys


def test_python_is_3_11_or_newer():
    assert sys.version_info >= (3, 11), (
        f"this is Python {platform.python_version()}; the course needs 3.11 or newer. "
        "Install Python 3.11+ and recreate the virtual environment with it."
    )
