"""Probes for the 10_bounds katas: workloads whose bound is known, and a memory sampler.

- `workload(runs, cpu_seconds, wait_seconds, hold_bytes)` does a fixed amount of CPU work,
  waits, and holds memory, then records the CPU and wall time it really took. The test
  reads that record to know what the kata should have seen, on this machine, right now.
- `pipeline(hot)` spends almost all of its own time in one named stage; cProfile sees
  which one whatever the machine's load, because the others do 40 times less work.
- `sampled_chunks` samples the traced memory (graders/support/traced_memory.py) while a
  kata reads its input, from inside the test's own generator, which the kata cannot reach;
  `names_reset_peak` catches a module that names the reset of the traced peak.
"""

from __future__ import annotations

import ast
import inspect
import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

import numpy as np

from graders.support.fix_support import wait_on_socket
from graders.support.traced_memory import Sampled

T = TypeVar("T")

# --- workloads with a known bound ----------------------------------------------------------


@dataclass
class Run:
    """What one call of `workload` measured of itself."""

    cpu: float
    wall: float

    @property
    def cpu_share(self) -> float:
        return self.cpu / self.wall if self.wall > 0 else 0.0


def workload(runs: list[Run], cpu_seconds: float, wait_seconds: float,
             hold_bytes: int) -> int:
    """Fill `hold_bytes` of memory, burn `cpu_seconds` of CPU time, wait `wait_seconds` on a
    socket that never answers, free the memory, and append what it took to `runs`."""
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    held = bytearray(b"\x01") * hold_bytes  # written, so the pages are really used
    total = 0
    while time.process_time() - cpu_start < cpu_seconds:
        total += sum(range(1000))
    wait_on_socket(wait_seconds)
    del held
    runs.append(Run(time.process_time() - cpu_start, time.perf_counter() - wall_start))
    return total


# --- a profile with one hot stage ---------------------------------------------------------

HOT_WORK = 800_000  # loop steps of the hot stage
COLD_WORK = 20_000  # loop steps of every other stage
TINY_CALLS = 3_000  # calls of a tiny helper: the most calls, but little time


def tiny(x: int) -> int:
    return x + 1


# Each stage has its own loop (not a shared helper): cProfile charges own time to the
# function whose code runs, so a shared helper would hide which stage was hot.


def parse_rows(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def clean_values(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def score_items(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


def merge_groups(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i % 7
    return total


STAGE_FUNCTIONS = (parse_rows, clean_values, score_items, merge_groups)
STAGES = tuple(stage.__name__ for stage in STAGE_FUNCTIONS)


def pipeline(hot: str) -> int:
    """Run every stage once; the stage named `hot` does 40 times the work of the others.
    A tiny helper is called the most often, and `pipeline` itself has the largest
    cumulative time, so only the own time (tottime) names the hot stage."""
    total = 0
    for i in range(TINY_CALLS):
        total += tiny(i)
    for stage in STAGE_FUNCTIONS:
        total += stage(HOT_WORK if stage.__name__ == hot else COLD_WORK)
    return total


def alone_in_a_process(fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` in a fresh spawned process whose only Python thread is its main thread.
    Since Python 3.12 cProfile records every thread of its process, so in the test's own
    process the grader's waiting threads would be profiled beside the kata's code."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(fn, *args).result()


# --- memory sampled from inside the test's generator --------------------------------------

def _chunk(rng: np.random.Generator, size: int, dtype: np.dtype) -> np.ndarray:
    """A chunk made directly in `dtype`: no temporary array beside it."""
    if np.issubdtype(dtype, np.integer):
        return rng.integers(0, 1000, size=size, dtype=dtype)
    return rng.random(size, dtype=dtype)


def sampled_chunks(sizes: list[int], dtype: np.dtype, seed: int,
                   sampled: Sampled | None = None) -> Iterator[np.ndarray]:
    """Chunks made on demand (values from `seed`), sampling the memory the kata holds,
    when `sampled` is given, before each one is made and after the last."""
    rng = np.random.default_rng(seed)
    for size in sizes:
        if sampled is not None:
            sampled.sample()
        yield _chunk(rng, size, dtype)
    if sampled is not None:
        sampled.sample()


def chunk_values(sizes: list[int], dtype: np.dtype, seed: int) -> np.ndarray:
    """The values `sampled_chunks` gives, joined: what the kata must return."""
    rng = np.random.default_rng(seed)
    return np.concatenate([_chunk(rng, size, dtype) for size in sizes])


def names_reset_peak(module: ModuleType) -> bool:
    """True when the kata's code names `reset_peak` (an import, an alias, a call): reset, the
    traced peak would forget the memory the kata held. Comments and docstrings don't count."""
    tree = ast.parse(inspect.getsource(module))
    return any(isinstance(node, ast.Name) and node.id == "reset_peak"
               or isinstance(node, ast.Attribute) and node.attr == "reset_peak"
               or isinstance(node, ast.alias) and node.name == "reset_peak"
               for node in ast.walk(tree))
