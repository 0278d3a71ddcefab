"""Do threads speed up CPU-bound Python on this interpreter? The question of the GIL kata
(02 gil_speedup) and of cpu_speedup's thread baseline (03), asked of a free-threaded build
(issue 16 item 5).

    VENV/bin/python tests/benchmarks/free_threading.py [--runs 10]

Run it with the interpreter to check, in a venv where the project is installed. Each run:
- gil_speedup: the reference `thread_speedup` on the kata's CpuProbe, 8 calls in 2 threads,
  as test_threads_do_not_beat_serial_under_the_gil calls it: the speedup it returns, and the
  CPU seconds per second of wall time the threads used ("parallelism": at most 1 with a
  GIL, up to 2 without one, less when other programs take the cores);
- cpu_speedup: the primes count of graders.support.speedup (warm pools, the variants
  interleaved): serial, the reference code on a thread pool and on a process pool, each
  pool's gain over serial (median of the round's repeats).
It prints every run, the medians and the load average before and after. The numbers depend
on the load: on a busy machine the threads get less than the cores, so note the load.

Last, a proof that does not depend on the load: two threads spin for SPIN_SECONDS, each
noting its wall clock and its own CPU clock after every small step. A step during which a
thread's CPU clock advanced as fast as the wall clock is a stretch where it surely ran; the
seconds in which both threads ran such stretches at once are seconds of Python running in
parallel. With a GIL they are (close to) zero however idle the machine; without one they are
above zero however busy it is (the share grows with the cores the threads get).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import threading
import time
from pathlib import Path

from graders.capabilities import free_threaded_build, gil_enabled, usable_cores
from graders.support import speedup
from graders.support.parallel import CpuProbe, burn

REPOSITORY = Path(__file__).resolve().parents[2]
SPIN_SECONDS = 20.0
STEP_LOOPS = 300  # one step of spinning: tens of microseconds on an idle core
RAN = 0.9  # a step ran throughout when the thread's CPU clock gained this share of the wall's


def gil_kata_run() -> tuple[float, float]:
    """(speedup returned, parallelism of the threads) of one reference run of the GIL kata."""
    sys.path.insert(0, str(REPOSITORY / "solutions" / "02_threading"))
    from gil_speedup import thread_speedup  # the reference solution

    probe = CpuProbe()
    returned = thread_speedup(probe, n_tasks=8, workers=2)
    here = threading.get_ident()
    threaded = [r for r in probe.records if r.thread != here]
    span = max(r.end for r in threaded) - min(r.start for r in threaded)
    return returned, sum(r.cpu for r in threaded) / span


def pools_run(pools: speedup.Pools) -> tuple[float, float]:
    """(threads' gain, processes' gain) over serial: medians over one round's repeats."""
    times = speedup.measure_round({}, pools)
    threads = statistics.median(s / t for s, t in zip(times["serial"], times["threads"],
                                                      strict=True))
    processes = statistics.median(s / p for s, p in zip(times["serial"], times["reference"],
                                                        strict=True))
    return threads, processes


def spin(until: float, stretches: list[tuple[float, float]]) -> None:
    """Burn CPU in small steps until `until`; keep each step during which this thread ran."""
    wall, cpu = time.perf_counter(), time.thread_time()
    while wall < until:
        burn(STEP_LOOPS)
        now, now_cpu = time.perf_counter(), time.thread_time()
        if now_cpu - cpu >= RAN * (now - wall):
            stretches.append((wall, now))
        wall, cpu = now, now_cpu


def overlap(first: list[tuple[float, float]], second: list[tuple[float, float]]) -> float:
    """Seconds covered by a stretch of each list at once (each list sorted and disjoint)."""
    both, i, j = 0.0, 0, 0
    while i < len(first) and j < len(second):
        (a_start, a_end), (b_start, b_end) = first[i], second[j]
        both += max(0.0, min(a_end, b_end) - max(a_start, b_start))
        if a_end < b_end:
            i += 1
        else:
            j += 1
    return both


def parallel_seconds() -> tuple[float, float, float]:
    """(seconds both threads ran at once, seconds each ran on average, wall seconds)."""
    stretches: list[list[tuple[float, float]]] = [[], []]
    until = time.perf_counter() + SPIN_SECONDS
    threads = [threading.Thread(target=spin, args=(until, own)) for own in stretches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ran = statistics.mean(sum(end - start for start, end in own) for own in stretches)
    return overlap(*stretches), ran, SPIN_SECONDS


def load() -> float:
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("--runs", type=int, default=10)
    options = arguments.parse_args()
    print(f"Python {sys.version.split()[0]}, "
          f"{'free-threaded' if free_threaded_build() else 'GIL'} build, GIL "
          f"{'on' if gil_enabled() else 'off'}, {usable_cores()} usable cores, "
          f"start method {multiprocessing.get_start_method()}, load {load():.1f}", flush=True)
    pools = speedup.Pools({}, multiprocessing.get_context(), speedup.default_workers())
    rows = []
    try:
        for run in range(1, options.runs + 1):
            returned, parallelism = gil_kata_run()
            threads, processes = pools_run(pools)
            rows.append((returned, parallelism, threads, processes))
            print(f"run {run}: gil_speedup returned {returned:.2f}, threads used "
                  f"{parallelism:.2f} CPU s/s; primes: threads {threads:.2f}x, processes "
                  f"{processes:.2f}x over serial; load {load():.1f}", flush=True)
    finally:
        pools.close()
    medians = [statistics.median(column) for column in zip(*rows, strict=True)]
    print(f"medians of {len(rows)} runs: gil_speedup returned {medians[0]:.2f}, threads used "
          f"{medians[1]:.2f} CPU s/s; primes: threads {medians[2]:.2f}x, processes "
          f"{medians[3]:.2f}x over serial ({pools.workers} workers); load {load():.1f}")
    both, ran, wall = parallel_seconds()
    print(f"two spinning threads, {wall:g} s: each surely ran {ran:.2f} s, both at once "
          f"{both:.3f} s ({both / ran if ran else 0:.1%} of a thread's running time); load "
          f"{load():.1f}")


if __name__ == "__main__":
    main()
