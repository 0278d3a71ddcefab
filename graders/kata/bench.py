"""`kata bench TOPIC`: measure speedup for 1..N workers and draw it.

The workload is CPU-bound pure Python (counting primes by trial division), split into
equal chunks and run serially, on a thread pool and on a process pool of 1..N workers.
Pools are started and warmed before the clock starts; each time is the best of a few runs.
An Amdahl's-law curve S(n) = 1 / (f + (1 - f) / n) is fitted to the process speedups; the
fitted serial fraction f says how much of the work did not parallelise here.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import Progress
from rich.table import Table
from rich.text import Text

from graders.capabilities import gil_enabled, usable_cores
from graders.support.speedup import count_primes_in_range, split_range

# Topics with a bench, and what each measures.
BENCHES = {
    "02_threading": "threads against processes on CPU-bound work (the GIL)",
    "03_multiprocessing": "serial, threads and processes on CPU-bound work",
}
CHUNKS_PER_WORKER = 8
BAR_WIDTH = 20


def count_primes(bounds: tuple[int, int]) -> int:
    """How many primes lie in [low, high): the 03_multiprocessing kata's CPU-bound work."""
    return count_primes_in_range(*bounds)


@dataclass
class BenchResult:
    """Best times in seconds per worker count, speedups and the Amdahl fit."""

    topic: str
    size: int
    workers: list[int]
    serial: float
    threads: list[float]
    processes: list[float]
    serial_fraction: float
    gil_enabled: bool
    usable_cores: int
    load: float | None = None  # the 1-minute load average when the bench started

    def speedups(self, times: list[float]) -> list[float]:
        return [self.serial / t for t in times]

    def amdahl(self) -> list[float]:
        return [amdahl_speedup(self.serial_fraction, n) for n in self.workers]


def amdahl_speedup(serial_fraction: float, workers: int) -> float:
    return 1.0 / (serial_fraction + (1.0 - serial_fraction) / workers)


def fit_serial_fraction(workers: list[int], speedups: list[float]) -> float:
    """Least-squares f in 1/S - 1/n = f (1 - 1/n), clamped to [0, 1]."""
    pairs = [(1 - 1 / n, 1 / s - 1 / n) for n, s in zip(workers, speedups, strict=True) if n > 1]
    denominator = sum(a * a for a, _ in pairs)
    if denominator == 0:
        return 0.0
    return min(1.0, max(0.0, sum(a * b for a, b in pairs) / denominator))


def timed(run: Callable[[], int], expected: int) -> float:
    """Seconds one run took; the run must count the expected number of primes."""
    start = time.perf_counter()
    found = run()
    elapsed = time.perf_counter() - start
    if found != expected:
        raise RuntimeError(f"the benchmark counted {found} primes, expected {expected}")
    return elapsed


def warm(pool: Executor, workers: int) -> None:
    """Start every worker before the clock starts."""
    list(pool.map(count_primes, [(0, 50)] * workers * 2))


def measure(topic: str, max_workers: int, size: int, repeat: int,
            console: Console) -> BenchResult:
    """Threads and processes for 1..max_workers, each round interleaved with a serial run.

    Interleaving spreads a busy machine's noise over every series alike; each time is the
    best of `repeat` rounds, the serial time the best of all rounds.
    """
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    work = split_range(size, CHUNKS_PER_WORKER * max_workers)
    expected = sum(map(count_primes, work))
    counts = list(range(1, max_workers + 1))
    serial, threads, processes = [], [], []
    with Progress(console=console, transient=True) as shown:
        task = shown.add_task("measuring", total=len(counts) * repeat)
        for n in counts:
            with ThreadPoolExecutor(n) as thread_pool, ProcessPoolExecutor(n) as process_pool:
                warm(thread_pool, n)
                warm(process_pool, n)
                runs = (lambda: sum(map(count_primes, work)),
                        lambda: sum(thread_pool.map(count_primes, work)),
                        lambda: sum(process_pool.map(count_primes, work)))
                rounds = []
                for _ in range(repeat):
                    rounds.append([timed(run, expected) for run in runs])
                    shown.advance(task)
            serial.extend(r[0] for r in rounds)
            threads.append(min(r[1] for r in rounds))
            processes.append(min(r[2] for r in rounds))
    result = BenchResult(topic, size, counts, min(serial), threads, processes, 0.0,
                         gil_enabled(), usable_cores(), load)
    result.serial_fraction = fit_serial_fraction(counts, result.speedups(processes))
    return result


def series(result: BenchResult) -> dict[str, list[float]]:
    """Speedup per worker count for every line of the chart."""
    return {
        "serial": [1.0 for _ in result.workers],
        "threads": result.speedups(result.threads),
        "processes": result.speedups(result.processes),
        "ideal": [float(n) for n in result.workers],
        f"Amdahl fit (serial fraction {result.serial_fraction:.2f})": result.amdahl(),
    }


def draw_chart(result: BenchResult, path: Path) -> None:
    """A PNG: measured speedups against ideal and against the Amdahl fit."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    styles = {"serial": ":", "threads": "o-", "processes": "s-", "ideal": "--"}
    figure, axes = pyplot.subplots(figsize=(7, 4.5), dpi=100)
    for name, values in series(result).items():
        axes.plot(result.workers, values, styles.get(name, "-."), label=name)
    axes.set_xlabel("workers")
    axes.set_ylabel("speedup over serial")
    axes.set_xticks(result.workers)
    gil = "GIL on" if result.gil_enabled else "free-threaded, GIL off"
    axes.set_title(f"{result.topic}: prime count below {result.size} ({gil}, "
                   f"{result.usable_cores} usable cores)")
    axes.legend()
    axes.grid(alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    pyplot.close(figure)


def write_data(result: BenchResult, path: Path) -> None:
    """The measurements and every series as JSON beside the chart."""
    data = {**asdict(result), "series": series(result)}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def terminal_table(result: BenchResult) -> Table:
    """Speedup (and best time) per worker count, with a bar for the processes."""
    table = Table(title=f"kata bench {result.topic}: serial {result.serial:.3f} s",
                  title_justify="left")
    for column in ("workers", "threads", "processes", "Amdahl fit", "processes vs ideal"):
        table.add_column(column, no_wrap=True)
    top = max(max(result.workers), *result.speedups(result.processes))
    for index, n in enumerate(result.workers):
        threads, processes = result.threads[index], result.processes[index]
        speedup = result.serial / processes
        filled = round(BAR_WIDTH * speedup / top)
        ideal = round(BAR_WIDTH * n / top)
        table.add_row(str(n), f"x{result.serial / threads:.2f} ({threads:.2f} s)",
                      f"x{speedup:.2f} ({processes:.2f} s)",
                      f"x{amdahl_speedup(result.serial_fraction, n):.2f}",
                      Text("#" * filled, style="green") + Text(
                          "." * max(ideal - filled, 0) + f" x{n}", style="dim"))
    return table


def explain(result: BenchResult) -> str:
    """One paragraph that reads the chart."""
    best_threads = max(result.speedups(result.threads))
    best_processes = max(result.speedups(result.processes))
    text = (f"Best speedup: threads x{best_threads:.2f}, processes x{best_processes:.2f}. "
            f"Amdahl fit: serial fraction f = {result.serial_fraction:.2f}")
    if result.serial_fraction < 0.01:
        text += ": the work parallelised (almost) perfectly."
    else:
        text += f", so no number of workers can beat x{1 / result.serial_fraction:.1f} here."
    if result.gil_enabled:
        text += " With the GIL on, threads take turns on CPU work; processes do not."
    else:
        text += " The GIL is off (free-threaded build): threads can speed up CPU work too."
    if result.usable_cores < 2:
        text += " Only one usable core: no speedup is possible on this machine."
    if result.load is not None and result.load >= result.usable_cores:
        text += (f" The machine was busy (load {result.load:.1f} on {result.usable_cores} "
                 "cores): other programs took CPU time, so these numbers are noisy; "
                 "run it again on a quiet machine.")
    return text
