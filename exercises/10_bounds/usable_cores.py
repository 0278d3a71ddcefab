"""Kata usable_cores: how many cores this process may really run on."""

import os


def usable_cores() -> int:
    """The number of cores this process may run on: `os.process_cpu_count()` where Python has
    it (3.13+), else the size of the CPU affinity set (`os.sched_getaffinity(0)`, Linux), else
    `os.cpu_count()`; 1 when even that is unknown (None)."""
    # TODO: write usable_cores; the lesson is README.md, kata usable_cores
    raise NotImplementedError("TODO: usable_cores (kata usable_cores)")
