"""Kata find_bound: what the lesson says it proves, and the test that checks each claim.

- `diagnose(fn, *args, memory_budget=...)` names the bound of a workload whose bound the
  test knows: a workload that burns CPU is "cpu", one that waits on a socket is "io", one
  whose peak memory is above the budget is "memory" even when it also computes or waits.
  Amounts of work, waiting, memory and budget vary on every run, and every workload is the
  same function, so neither a fixed answer nor a guess from a name can pass. The rule is a
  share, neither an amount nor a majority: a brief CPU-bound workload (under CPU_SHARE
  seconds of CPU) is "cpu", so is one that computes for about a third of its time, and a
  long waiting one (over CPU_SHARE seconds of CPU) is "io": test_diagnose_names_the_bound.
- The budget is the caller's: the same workload is "memory" under a smaller budget and not
  under a larger one, and its peak counts even though it frees its memory before returning:
  test_diagnose_uses_the_budget_and_the_peak (here only memory or not is graded: filling
  40 MB takes CPU time of its own).
- A busy machine stretches a CPU-bound program's wall time, not its CPU time: the workload
  records the CPU and wall time it really had, and where the machine was too busy for even
  that to show a CPU-bound program (CPU time under 1.5 × CPU_SHARE of its wall time), the
  test says not-gradable instead of failing.
- `hottest(fn, *args)` returns the name of the function with the largest own time, on a
  pipeline where a varied stage does about 90 % of the work, beside a helper called the most
  often and a driver with the largest cumulative time, run in a fresh process of one thread
  (cProfile sees every thread since Python 3.12): test_hottest_names_the_hot_stage.
"""

import random

import pytest
from find_bound import diagnose, hottest

import graders
from graders.support.bounds_support import STAGES, Run, alone_in_a_process, pipeline, workload

CPU_SHARE = 0.1  # the lesson's rule: CPU time at least this share of wall time is CPU-bound
MB = 1_000_000
BUSY_FIX = "run the test again when the machine is less busy"


def workload_for(kind: str, rng: random.Random) -> tuple[tuple, int]:
    """The arguments of a workload whose bound is `kind`, and the memory budget."""
    budget = rng.randint(20, 40) * MB
    if kind == "memory":  # above the budget, and it also computes and waits
        hold = budget + rng.randint(15, 40) * MB
        return (rng.uniform(0.1, 0.2), rng.uniform(0.0, 0.05), hold), budget
    small = rng.randint(1, 3) * MB
    if kind == "cpu":
        return (rng.uniform(0.15, 0.25), rng.uniform(0.0, 0.02), small), budget
    if kind == "cpu-brief":  # under CPU_SHARE seconds of CPU in all, yet CPU-bound
        return (rng.uniform(0.03, 0.06), 0.0, small), budget
    if kind == "cpu-mixed":  # computing about a third of its time: CPU-bound
        return (rng.uniform(0.07, 0.09), rng.uniform(0.12, 0.15), small), budget
    if kind == "io-long":  # over CPU_SHARE seconds of CPU in all, yet waiting most
        return (rng.uniform(0.11, 0.12), rng.uniform(4.0, 4.5), small), budget
    return (rng.uniform(0.0, 0.005), rng.uniform(0.2, 0.35), small), budget


def assert_share_shows(kind: str, runs: list[Run]) -> None:
    """Not-gradable when the workload's own record cannot show its bound on this machine."""
    assert runs, "diagnose never called the workload; call fn(*args) once and measure it."
    shares = [run.cpu_share for run in runs]
    if kind == "cpu" and min(shares) < 1.5 * CPU_SHARE:
        graders.not_gradable(f"the machine is so busy that a CPU-bound workload had CPU for "
                             f"only {min(shares):.2f} of its wall time", BUSY_FIX)
    if kind == "io" and max(shares) > 0.5 * CPU_SHARE:
        graders.not_gradable(f"the machine charged a waiting workload {max(shares):.2f} of "
                             "its wall time in CPU", BUSY_FIX)


@pytest.mark.parametrize("case", ["cpu", "io", "memory", "cpu-brief", "cpu-mixed", "io-long"])
def test_diagnose_names_the_bound(case):
    rng = random.Random()
    (cpu, wait, hold), budget = workload_for(case, rng)
    kind = case.split("-")[0]
    runs: list[Run] = []
    got = diagnose(workload, runs, cpu, wait, hold, memory_budget=budget)
    if kind != "memory":
        assert_share_shows(kind, runs)
    shares = ", ".join(f"{run.cpu:.2f} s CPU in {run.wall:.2f} s wall" for run in runs)
    assert got == kind, (
        f"diagnose gave {got!r} for a workload that computes for {cpu:.2f} s of CPU time, "
        f"waits {wait:.2f} s on a socket and holds {hold / MB:.0f} MB, with memory_budget="
        f"{budget / MB:.0f} MB (it measured itself: {shares}); expected {kind!r}. First the "
        "memory: the peak from tracemalloc.get_traced_memory() above the budget is "
        f"'memory'. Then CPU time (time.process_time) against wall time (time.perf_counter): "
        f"at least {CPU_SHARE} of it is 'cpu', less is 'io'."
    )


@pytest.mark.parametrize("budget_mb", [20, 80])
def test_diagnose_uses_the_budget_and_the_peak(budget_mb):
    hold = 40 * MB
    got = diagnose(workload, [], 0.0, 0.5, hold, memory_budget=budget_mb * MB)
    over = hold > budget_mb * MB
    expected = "'memory'" if over else "'cpu' or 'io'"
    assert (got == "memory") == over, (
        f"diagnose gave {got!r} for a workload that waits 0.5 s and holds {hold / MB:.0f} MB "
        f"for a while (freed before it returns), with memory_budget={budget_mb} MB; expected "
        f"{expected}. Compare the PEAK (tracemalloc.get_traced_memory()[1]), not the memory "
        "still held after the call, with the memory_budget you were given."
    )


def test_hottest_names_the_hot_stage():
    rng = random.Random()
    for hot in rng.sample(STAGES, 2):
        got = alone_in_a_process(hottest, pipeline, hot)
        assert got == hot, (
            f"hottest(pipeline, {hot!r}) gave {got!r}; expected {hot!r}, the stage that does "
            "about 90 % of the work. Rank the functions by own time ('tottime'), "
            "not by cumulative time (that is the driver, pipeline) nor by calls "
            "(that is the tiny helper), and return the function's name."
        )
