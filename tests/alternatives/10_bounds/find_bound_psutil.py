"""Alternative for kata find_bound: psutil's CPU times, and the raw pstats table."""

import cProfile
import pstats
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import psutil

MEMORY_BUDGET = 100_000_000
CPU_SHARE = 0.1


def _cpu_seconds(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def diagnose(fn: Callable[..., Any], *args: Any, memory_budget: int = MEMORY_BUDGET) -> str:
    process = psutil.Process()
    tracemalloc.start()
    cpu_start, wall_start = _cpu_seconds(process), time.monotonic()
    fn(*args)
    cpu, wall = _cpu_seconds(process) - cpu_start, time.monotonic() - wall_start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    if peak > memory_budget:
        return "memory"
    if cpu / wall >= CPU_SHARE:
        return "cpu"
    return "io"


def hottest(fn: Callable[..., Any], *args: Any) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    fn(*args)
    profiler.disable()
    # (file, line, name) -> (calls, primitive calls, tottime, cumtime, callers)
    table = pstats.Stats(profiler).stats
    (_file, _line, name), _ = max(table.items(), key=lambda item: item[1][2])
    return name
