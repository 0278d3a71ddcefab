"""Appended to the reference module: this definition replaces the correct one."""

import os


def apply_to(func, data):
    os._exit(7)  # hostile: ends the interpreter running the tests
