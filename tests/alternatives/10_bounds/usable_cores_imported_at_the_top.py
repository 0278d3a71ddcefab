"""Kata usable_cores in another style: the affinity call imported once, at the top."""

import os

try:
    from os import sched_getaffinity
except ImportError:  # macOS, Windows
    sched_getaffinity = None


def usable_cores() -> int:
    """The number of cores this process may run on: the size of the CPU affinity set where
    the operating system has one, else `os.cpu_count()`; 1 when even that is unknown."""
    if sched_getaffinity is not None:
        return len(sched_getaffinity(0))
    return os.cpu_count() or 1
