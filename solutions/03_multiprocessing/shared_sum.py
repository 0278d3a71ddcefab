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
    ### BEGIN SOLUTION
    segment = SharedMemory(name=name)
    array = np.ndarray((length,), dtype=dtype, buffer=segment.buf)
    try:
        return part_sum(array[start:stop])
    finally:
        del array  # no view on the buffer may be left when the segment closes
        segment.close()
    ### END SOLUTION


def parallel_sum_shared(array: np.ndarray, workers: int, mp_context: BaseContext | None = None,
                        part_sum: Callable[[np.ndarray], int] = exact_sum) -> int:
    """The sum of a 1-D integer array, computed by `workers` processes.

    Copy the array once into a SharedMemory segment, then give each worker only the
    segment's name and the bounds of its part: `workers` contiguous parts that together
    cover the array, one task each, each summed by part_sum in the worker. Close and unlink
    the segment afterwards, also when a part fails. An empty array sums to 0.
    """
    ### BEGIN SOLUTION
    if len(array) == 0:
        return 0  # a SharedMemory segment cannot have size 0
    segment = SharedMemory(create=True, size=array.nbytes)
    try:
        shared = np.ndarray(array.shape, dtype=array.dtype, buffer=segment.buf)
        shared[:] = array
        del shared
        n = len(array)
        edges = [n * i // workers for i in range(workers + 1)]
        with ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) as pool:
            totals = [pool.submit(sum_part, segment.name, n, array.dtype.str, start, stop,
                                  part_sum)
                      for start, stop in zip(edges[:-1], edges[1:], strict=True)]
            return sum(total.result() for total in totals)
    finally:
        segment.close()
        segment.unlink()
    ### END SOLUTION
