"""Kata amdahl: how much faster can more workers make a program, and how much of it is serial."""


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    """The best speedup on `workers` workers of a program whose `serial_fraction` (0 to 1) of
    the work cannot be split: 1 / (s + (1 - s) / n)."""
    ### BEGIN SOLUTION
    return 1.0 / (serial_fraction + (1.0 - serial_fraction) / workers)
    ### END SOLUTION


def serial_fraction(speedups: dict[int, float]) -> float:
    """The serial fraction s, from 0 to 1, that best explains measured speedups
    {workers: speedup}: the least-squares s in 1/S - 1/n = s * (1 - 1/n), kept within [0, 1].
    Runs on one worker say nothing about s; with no run on more than one, raise ValueError."""
    ### BEGIN SOLUTION
    points = [(1 - 1 / n, 1 / s - 1 / n) for n, s in speedups.items() if n > 1]
    if not points:
        raise ValueError("no speedup measured on more than one worker: nothing to fit")
    fit = sum(x * y for x, y in points) / sum(x * x for x, _ in points)
    return min(1.0, max(0.0, fit))
    ### END SOLUTION
