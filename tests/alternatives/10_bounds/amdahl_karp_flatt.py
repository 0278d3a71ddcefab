"""Kata amdahl in another style: the speedup as n / (1 + s (n - 1)), the same law multiplied
through by n, and s as the mean of each run's Karp-Flatt metric (its own estimate of s)."""

from statistics import fmean


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    return workers / (1 + serial_fraction * (workers - 1))


def serial_fraction(speedups: dict[int, float]) -> float:
    estimates = [(1 / s - 1 / n) / (1 - 1 / n) for n, s in speedups.items() if n != 1]
    if not estimates:
        raise ValueError("needs a speedup measured on two workers or more")
    return min(max(fmean(estimates), 0.0), 1.0)
