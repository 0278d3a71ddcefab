"""Kata amdahl in another style: running sums in one loop, and ifs for the range."""


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    """The best speedup on `workers` workers of a program whose `serial_fraction` (0 to 1) of
    the work cannot be split: 1 / (s + (1 - s) / n)."""
    return 1.0 / (serial_fraction + (1.0 - serial_fraction) / workers)


def serial_fraction(speedups: dict[int, float]) -> float:
    """The serial fraction s, from 0 to 1, that best explains measured speedups
    {workers: speedup}: the least-squares s in 1/S - 1/n = s * (1 - 1/n), kept within [0, 1].
    Runs on one worker say nothing about s; with no run on more than one, raise ValueError."""
    sxy = sxx = 0.0
    for n, speedup in speedups.items():
        if n == 1:
            continue
        x = 1 - 1 / n
        sxy += x * (1 / speedup - 1 / n)
        sxx += x * x
    if sxx == 0:
        raise ValueError("no multi-worker runs")
    s = sxy / sxx
    if s < 0:
        return 0.0
    if s > 1:
        return 1.0
    return s
