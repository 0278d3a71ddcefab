"""Kata shared_sum: workers sum parts of one NumPy array in shared memory, never pickled."""

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from multiprocessing.shared_memory import SharedMemory

import numpy as np


def exact_sum(part: np.ndarray) -> int:
    """The exact sum of an integer array, as a Python int."""
    return int(part.sum())


def sum_part(name: str, length: int, dtype: str, start: int, stop: int,
             part_sum: Callable[[np.ndarray], int]) -> int:
    """In a worker: attach the segment `name` (holding `length` items of `dtype`) and return
    part_sum of the items start:stop, read in place (no copy)."""
    # TODO: write sum_part; the lesson is README.md, kata shared_sum
    raise NotImplementedError("TODO: sum_part (kata shared_sum)")


def parallel_sum_shared(array: np.ndarray, workers: int, mp_context: BaseContext | None = None,
                        part_sum: Callable[[np.ndarray], int] = exact_sum) -> int:
    """The sum of a 1-D integer array, computed by `workers` processes.

    Copy the array once into a SharedMemory segment, then give each worker only the
    segment's name and the bounds of its part: `workers` contiguous parts that together
    cover the array, one task each, each summed by part_sum in the worker. Close and unlink
    the segment afterwards, also when a part fails. An empty array sums to 0.
    """
    # TODO: write parallel_sum_shared; the lesson is README.md, kata shared_sum
    raise NotImplementedError("TODO: parallel_sum_shared (kata shared_sum)")
