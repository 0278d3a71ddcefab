"""Kata usable_cores in another style (getattr): how many cores this process may really run on."""

import os


def usable_cores() -> int:
    """The number of cores this process may run on: `os.process_cpu_count()` where Python has
    it (3.13+), else the size of the CPU affinity set (`os.sched_getaffinity(0)`, Linux), else
    `os.cpu_count()`; 1 when even that is unknown (None)."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return count() or 1
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1
