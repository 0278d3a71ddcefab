"""Kata find_bound: measure what limits a program before you try to speed it up."""

import cProfile
import pstats
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

MEMORY_BUDGET = 100_000_000  # bytes: a program that needs more is memory-bound
CPU_SHARE = 0.1  # busy at least this share of the wall time: CPU-bound; less: IO-bound


def diagnose(fn: Callable[..., Any], *args: Any, memory_budget: int = MEMORY_BUDGET) -> str:
    """Call `fn(*args)` once and say what bounds it: "memory" when its peak traced memory
    is above `memory_budget` bytes, else "cpu" when its CPU time is at least CPU_SHARE of
    its wall time, else "io" (it spent most of its time waiting)."""
    ### BEGIN SOLUTION
    tracemalloc.start()
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    try:
        fn(*args)
        cpu = time.process_time() - cpu_start
        wall = time.perf_counter() - wall_start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    if peak > memory_budget:
        return "memory"
    return "cpu" if cpu >= CPU_SHARE * wall else "io"
    ### END SOLUTION


def hottest(fn: Callable[..., Any], *args: Any) -> str:
    """Profile `fn(*args)` and return the name of the function with the largest own time
    (time spent in its own code, not in the functions it calls)."""
    ### BEGIN SOLUTION
    profiler = cProfile.Profile()
    profiler.runcall(fn, *args)
    functions = pstats.Stats(profiler).get_stats_profile().func_profiles
    return max(functions, key=lambda name: functions[name].tottime)
    ### END SOLUTION
