"""Kata amdahl, wrong: fits 1/S against 1/n with an intercept of its own (two unknowns), so
one run cannot determine s; statistics.linear_regression needs two points."""

import statistics


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    return 1.0 / (serial_fraction + (1.0 - serial_fraction) / workers)


def serial_fraction(speedups: dict[int, float]) -> float:
    line = statistics.linear_regression([1 / n for n in speedups],
                                        [1 / s for s in speedups.values()])
    return min(1.0, max(0.0, line.intercept))
