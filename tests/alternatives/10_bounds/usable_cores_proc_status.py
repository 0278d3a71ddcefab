"""Kata usable_cores in another style: Linux's own list of allowed cores, read from /proc."""

import os


def usable_cores() -> int:
    """The number of cores this process may run on: the Cpus_allowed_list of
    /proc/self/status where there is one (Linux), else `os.cpu_count()`; 1 when even that is
    unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Cpus_allowed_list:"):
                    return sum(_span(part) for part in line.split(":", 1)[1].strip().split(","))
    except OSError:  # no /proc: macOS, Windows
        pass
    return os.cpu_count() or 1


def _span(part: str) -> int:
    """How many cores "3" or "0-5" names."""
    low, _, high = part.partition("-")
    return int(high or low) - int(low) + 1
