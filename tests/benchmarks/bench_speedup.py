"""Benchmark the headline speedup grading of kata cpu_speedup: how often is it wrong?

Runs the grading of `graders.support.speedup` many times against the reference solution and
against its mutants that are wrong about speed (threads instead of processes, a serial loop,
a pool of one, a sieve in the parent that is faster than the cores allow), and prints
the false-fail rate (the reference judged failed), the false-pass rate (a mutant judged
passed), the not-gradable rate and the measured speedups. It can load the machine itself
with busy background processes, which it starts and stops:

    .venv/bin/python tests/benchmarks/bench_speedup.py --trials 200 --scenario one-busy

Each trial is one grading: serial, threads, reference and every implementation run
interleaved, REPEATS times each, on pools kept warm for the whole run; every implementation
is judged on the same timings.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import statistics
import sys
import time
import tomllib
import types
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from busy import SCENARIOS, start_busy, stop_busy  # noqa: E402  (the script's own folder)

from graders.capabilities import gil_enabled, usable_cores  # noqa: E402
from graders.support import speedup  # noqa: E402

SOLUTION = REPOSITORY / "solutions" / "03_multiprocessing" / "cpu_speedup.py"
MUTANTS = REPOSITORY / "tests" / "mutants" / "03_multiprocessing.toml"
SPEED_MUTANTS = ("threads_instead_of_processes", "serial_loop", "a_pool_of_one",
                 "sieve_in_the_parent")


def load_module(name: str, text: str) -> types.ModuleType:
    module = types.ModuleType(name)
    exec(compile(text, f"<{name}>", "exec"), module.__dict__)
    return module


def implementations() -> dict[str, types.ModuleType]:
    """The reference and the cpu_speedup mutants that are wrong about speed."""
    text = SOLUTION.read_text()
    found = {"reference": load_module("bench_reference", text)}
    for entry in tomllib.loads(MUTANTS.read_text())["mutants"]:
        if entry["kata"] != "cpu_speedup" or entry["name"] not in SPEED_MUTANTS:
            continue
        if "source" in entry:
            mutated = (MUTANTS.with_suffix("") / entry["source"]).read_text()
        else:
            mutated = text
            for old, new in entry["replace"]:
                mutated = mutated.replace(old, new)
        found[entry["name"]] = load_module(f"bench_{entry['name']}", mutated)
    return found


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    low, high = min(values), max(values)
    return f"{statistics.median(values):.2f} ({low:.2f}-{high:.2f})"


def run(trials: int, scenario: str, start_method: str) -> None:
    students = implementations()
    context = multiprocessing.get_context(start_method)
    workers = speedup.default_workers()
    busy = start_busy(SCENARIOS[scenario])
    verdicts: dict[str, list[str]] = {name: [] for name in students}
    speedups: dict[str, list[float]] = {name: [] for name in ["serial", "threads", *students]}
    began = time.perf_counter()
    try:
        time.sleep(0.5 if busy else 0)
        pools = speedup.Pools(students, context, workers)
        try:
            for _ in range(trials):
                times = speedup.measure_round(students, pools)
                for name in students:
                    outcome = speedup.Outcome(
                        {k: times[k] for k in ("serial", "threads", "reference")}
                        | {"student": times[name]}, workers, usable_cores())
                    verdicts[name].append(speedup.judge(outcome).verdict)
                for name in speedups:
                    speedups[name].append(min(times["serial"]) / min(times[name]))
        finally:
            pools.close()
    finally:
        stop_busy(busy)
    report(scenario, start_method, workers, trials, verdicts, speedups,
           time.perf_counter() - began)


def report(scenario: str, start_method: str, workers: int, trials: int,
           verdicts: dict[str, list[str]], speedups: dict[str, list[float]],
           seconds: float) -> None:
    print(f"scenario {scenario}: {trials} trials in {seconds:.0f} s, {workers} workers, "
          f"{usable_cores()} usable cores, start method {start_method}, Python "
          f"{platform.python_version()} ({'GIL' if gil_enabled() else 'free-threaded'}), "
          f"{time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{'implementation':34} {'passed':>7} {'failed':>7} {'not-gr.':>7}  wrong")
    for name, seen in verdicts.items():
        counts = {v: seen.count(v) for v in ("passed", "failed", "not-gradable")}
        wrong = counts["failed"] if name == "reference" else counts["passed"]
        kind = "false fails" if name == "reference" else "false passes"
        print(f"{name:34} {counts['passed']:7} {counts['failed']:7} "
              f"{counts['not-gradable']:7}  {wrong} {kind} ({100 * wrong / trials:.1f} %)")
    rate = verdicts["reference"].count("not-gradable") / trials
    print(f"not-gradable rate: {100 * rate:.1f} %")
    print("speedup over serial, median (min-max), best of "
          f"{speedup.REPEATS} per trial; the limit is {min(workers, usable_cores())}x:")
    for name, values in speedups.items():
        print(f"  {name:32} {spread(values)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=200)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="idle")
    parser.add_argument("--start-method", default="forkserver",
                        choices=multiprocessing.get_all_start_methods())
    args = parser.parse_args()
    run(args.trials, args.scenario, args.start_method)


if __name__ == "__main__":
    main()
