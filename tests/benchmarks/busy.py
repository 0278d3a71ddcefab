"""Busy background processes for the field benchmarks: the load a student's laptop has when a
browser, a video call or a build runs beside the tests."""

from __future__ import annotations

import subprocess
import sys

SCENARIOS = {"idle": 0, "one-busy": 1, "two-busy": 2}


def start_busy(count: int) -> list[subprocess.Popen]:
    """`count` processes that each keep one core busy until stopped."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(count)]


def stop_busy(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        process.wait(timeout=10)
