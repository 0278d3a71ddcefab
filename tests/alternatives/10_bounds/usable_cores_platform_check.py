"""Kata usable_cores in another style: ask which platform this is first."""

import os
import sys


def usable_cores() -> int:
    """The number of cores this process may run on: the size of the CPU affinity set on
    Linux, else `os.cpu_count()`; 1 when even that is unknown."""
    if sys.platform.startswith("linux"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
