"""Appended to the reference module: this definition replaces the correct one."""

import os
from concurrent.futures import ProcessPoolExecutor


def apply_to(func, data):
    with ProcessPoolExecutor(1) as pool:
        return pool.submit(os._exit, 1).result()  # hostile: the worker dies
