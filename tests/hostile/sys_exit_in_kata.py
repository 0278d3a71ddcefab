"""Appended to the reference module: this definition replaces the correct one."""

import sys


def apply_to(func, data):
    sys.exit(3)  # hostile
