"""Kata amdahl: how much faster can more workers make a program, and how much of it is serial."""


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    """The best speedup on `workers` workers of a program whose `serial_fraction` (0 to 1) of
    the work cannot be split: 1 / (s + (1 - s) / n)."""
    # TODO: write amdahl_speedup; the lesson is README.md, kata amdahl
    raise NotImplementedError("TODO: amdahl_speedup (kata amdahl)")


def serial_fraction(speedups: dict[int, float]) -> float:
    """The serial fraction s, from 0 to 1, that best explains measured speedups
    {workers: speedup}: the least-squares s in 1/S - 1/n = s * (1 - 1/n), kept within [0, 1].
    Runs on one worker say nothing about s; with no run on more than one, raise ValueError."""
    # TODO: write serial_fraction; the lesson is README.md, kata amdahl
    raise NotImplementedError("TODO: serial_fraction (kata amdahl)")
