"""Kata usable_cores in another style: psutil's affinity, then the os calls."""

import os


def usable_cores() -> int:
    """The number of cores this process may run on: `os.process_cpu_count()` where Python has
    it (3.13+), else the size of the CPU affinity set (`os.sched_getaffinity(0)`, Linux), else
    `os.cpu_count()`; 1 when even that is unknown (None)."""
    try:
        import psutil
        return len(psutil.Process().cpu_affinity())
    except (ImportError, AttributeError):
        pass
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
