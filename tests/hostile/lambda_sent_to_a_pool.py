"""Appended to the reference module: this definition replaces the correct one."""

from concurrent.futures import ProcessPoolExecutor


def lower_names(names):
    with ProcessPoolExecutor(2) as pool:
        return list(pool.map(lambda name: name.lower(), names))  # hostile: not picklable
