"""Appended to the reference module: this definition replaces the correct one."""

import multiprocessing

POOLS = []  # a module-level pool outlives the call, so garbage collection cannot close it


def lower_names(names):
    pool = multiprocessing.get_context("spawn").Pool(2)  # hostile: never closed
    POOLS.append(pool)
    return pool.map(str.lower, names)
