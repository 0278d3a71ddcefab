"""Mutant of kata pool_map: threads instead of processes (one process, one GIL)."""

from concurrent.futures import ThreadPoolExecutor


def parallel_map(fn, items, workers, mp_context=None):
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items))
