"""Appended to the reference module: this definition replaces the correct one."""

from concurrent.futures import ProcessPoolExecutor


def apply_to(func, data):
    with ProcessPoolExecutor(1) as pool:
        return pool.submit(int, "not a number").result()  # hostile: raises in the worker
