"""Appended to the reference module: this definition replaces the correct one."""

import sys


def lower_names(names):
    for _ in range(100):
        sys.stdout.write("x" * 1_000_000)  # hostile: floods the output
    return list(map(str.lower, names))
