"""The headline CPU-speedup grading of kata cpu_speedup, shared by its test and the benchmark.

Four variants count the primes below a limit, each over the same chunks:
serial (one loop here), threads (the reference code on a thread pool), reference (the
reference code on a process pool) and student (the kata's `make_pool` and
`count_primes_parallel`). Every pool is started and warmed before the clock runs; the
variants run interleaved, in a rotating order, REPEATS times, on a limit that changes from
one repeat to the next (so an answer remembered from an earlier call is wrong), and every
count is checked.

Two estimates of each variant's gain over the better of serial and threads:
- best of REPEATS: the fastest run of each variant (what an idle machine can do);
- paired: the median, over the repeats, of the gain within one repeat (robust to one lucky
  run, which on a loaded machine can be twice as fast as the others).

The reference calibrates the machine: when its gain is below MIN_REFERENCE_GAIN right now
by either estimate, nothing can be concluded and the verdict is not-gradable (one lucky
round of the reference on a busy machine must not make a fail of a pool that, in the
other rounds, was as slow as the reference).
Otherwise the student must reach at least half of the reference's gain by both estimates;
when the estimates disagree the run was too noisy to tell, which is not-gradable too. A fail
needs the student at or below a fifth of the reference's gain by both estimates (no parallel
speedup); a gain between a fifth and a half is within the noise of a busy machine (the
reference's own code has measured there), so it is not-gradable.
A gain above what the cores allow (IMPOSSIBLE_MARGIN x min(workers, usable cores)) by both
estimates cannot come from counting in parallel: it fails, unless the reference is above
that bound too (then the baseline was disturbed: not-gradable).
The pools get twice as many workers as usable cores, so that they keep their share of a
machine that other programs are also using (the speedup is still capped by the cores).
A busy machine must be other programs: threads or processes of this run other than the
pool being timed that use more than FOREIGN_SHARE CPU-seconds per second while the reference
runs (a kata that leaves work running to make the machine look busy) fail the check.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.context import BaseContext
from types import ModuleType

import psutil

from graders.capabilities import usable_cores
from graders.processes import thread_cpu_seconds

LIMIT = 100_000        # primes below LIMIT: about 0.13 s of serial work on an idle core
LIMIT_STEP = 1_013     # repeat r counts the primes below LIMIT + r * LIMIT_STEP
MEASURE_SECONDS = 15.0  # no new repeat starts after this: a busy machine gives fewer
REPEATS = 5
MIN_REFERENCE_GAIN = 1.3
SHARE_OF_REFERENCE_GAIN = 0.5  # a pass needs half the reference's gain above 1x
NO_GAIN_SHARE = 0.2  # a fail needs at most a fifth of it: in between, the runs cannot tell
MAX_SLOWER_THAN_REFERENCE = 1.25  # the student's best time may be at most this much slower
IMPOSSIBLE_MARGIN = 1.5  # a gain above this x min(workers, usable cores) is not parallelism
FOREIGN_SHARE = 0.25  # CPU-s/s left to other threads and processes of this run; idle: ~0.01


def count_primes_in_range(start: int, stop: int) -> int:
    """How many primes p satisfy start <= p < stop (the kata's own trial division)."""
    count = 0
    for n in range(max(start, 2), stop):
        divisor = 2
        while divisor * divisor <= n:
            if n % divisor == 0:
                break
            divisor += 1
        else:
            count += 1
    return count


def split_range(limit: int, chunks: int) -> list[tuple[int, int]]:
    edges = [limit * i // chunks for i in range(chunks + 1)]
    return list(zip(edges[:-1], edges[1:], strict=True))


def reference_count(limit: int, chunks: int, pool: Executor) -> int:
    """The reference solution: map the chunks over the pool, sum the counts."""
    starts, stops = zip(*split_range(limit, chunks), strict=True)
    return sum(pool.map(count_primes_in_range, starts, stops))


def serial_count(limit: int, chunks: int) -> int:
    return sum(count_primes_in_range(a, b) for a, b in split_range(limit, chunks))


def default_workers() -> int:
    """Two workers per usable core (at most 8 cores): a fair share against other load."""
    return 2 * max(1, min(usable_cores(), 8))


@dataclass
class Outcome:
    """Seconds of every repeat per variant, and what they mean."""

    times: dict[str, list[float]]
    workers: int
    usable: int
    verdict: str = ""      # "passed", "failed" or "not-gradable"
    message: str = ""
    reference_cpu: list[float] = field(default_factory=list)  # CPU s of its workers per repeat
    foreign_cpu: list[float] = field(default_factory=list)  # CPU s of the rest of this run
    repeats: int = REPEATS  # the rounds asked for; fewer in `times` when time ran out

    def best(self, variant: str) -> float:
        return min(self.times[variant])

    def gain(self, variant: str) -> float:
        """Best of REPEATS: how many times faster than the better of serial and threads."""
        return min(self.best("serial"), self.best("threads")) / self.best(variant)

    def paired_gain(self, variant: str) -> float:
        """The median over repeats of the same ratio, each repeat compared with itself."""
        per_repeat = zip(self.times["serial"], self.times["threads"], self.times[variant],
                         strict=True)
        return statistics.median(min(serial, threads) / seconds
                                 for serial, threads, seconds in per_repeat)

    def limit(self) -> float:
        """The most a pool can gain here: one worker per usable core."""
        return min(self.workers, self.usable)

    def impossible(self, variant: str) -> bool:
        """Faster than the cores allow, by both estimates: the work was not all done."""
        bound = IMPOSSIBLE_MARGIN * self.limit()
        return self.gain(variant) > bound and self.paired_gain(variant) > bound

    def reference_share(self) -> float | None:
        """CPU-seconds per second the reference's workers got in its fastest repeat."""
        if not self.reference_cpu:
            return None
        fastest = self.times["reference"].index(self.best("reference"))
        return self.reference_cpu[fastest] / self.best("reference")

    def foreign_share(self) -> float:
        """CPU-seconds per second that the rest of this run used while the reference ran."""
        seconds = sum(self.times["reference"][:len(self.foreign_cpu)])
        return sum(self.foreign_cpu) / seconds if seconds else 0.0

    def summary(self) -> str:
        # Serial and threads are one number: on a busy machine their difference is noise.
        one = min(self.best("serial"), self.best("threads"))
        return (f"best of {len(self.times['serial'])}: one process {one:.3f} s, reference "
                f"pool {self.best('reference'):.3f} s, yours {self.best('student'):.3f} s; "
                f"median of the rounds: reference {self.paired_gain('reference'):.2f}x, "
                f"yours {self.paired_gain('student'):.2f}x; {self.workers} workers, "
                f"{self.usable} usable cores")


def _warm(pool: Executor, workers: int, run: Callable[[int, int, Executor], int]) -> None:
    """Start every worker (and import everything) before any clock runs."""
    run(2 * workers, 2 * workers, pool)


def _runner(student: ModuleType) -> Callable[[int, int, Executor], int]:
    def run(limit: int, chunks: int, pool: Executor) -> int:
        return student.count_primes_parallel(limit, chunks, pool, count=count_primes_in_range)
    return run


def cpu_seconds(pool: ProcessPoolExecutor) -> float:
    """CPU time used so far by the pool's worker processes, read by the OS."""
    total = 0.0
    for pid in list(pool._processes or {}):  # the grader's own pool: its private map is fine
        try:
            times = psutil.Process(pid).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total


def foreign_cpu_seconds(pools: Pools) -> dict[tuple[str, int], float]:
    """CPU seconds so far of this process's other threads and of every process below it but
    the reference pool's workers, by thread or process id."""
    here = threading.get_native_id()
    found = {("thread", tid): seconds for tid, seconds in thread_cpu_seconds().items()
             if tid != here}
    timed = set(pools.reference._processes or {})  # the grader's own pool
    try:
        children = psutil.Process().children(recursive=True)
    except psutil.Error:
        children = []
    for child in children:
        if child.pid not in timed:
            with contextlib.suppress(psutil.Error):
                times = child.cpu_times()
                found[("process", child.pid)] = times.user + times.system
    return found


def _used_since(before: dict, after: dict) -> float:
    return sum(max(0.0, seconds - before.get(key, 0.0)) for key, seconds in after.items())


class Pools:
    """Warm pools for the reference, for threads, and for each student module (by name)."""

    def __init__(self, students: dict[str, ModuleType], mp_context: BaseContext | None,
                 workers: int) -> None:
        self.workers = workers
        self.reference = ProcessPoolExecutor(max_workers=workers, mp_context=mp_context)
        self.threads = ThreadPoolExecutor(max_workers=workers)
        self.students = {name: module.make_pool(workers, mp_context)
                         for name, module in students.items()}
        _warm(self.reference, workers, reference_count)
        for name, module in students.items():
            _warm(self.students[name], workers, _runner(module))

    def close(self) -> None:
        for pool in (self.reference, *self.students.values()):
            pool.shutdown(cancel_futures=True)
        self.threads.shutdown()


def measure_round(students: dict[str, ModuleType], pools: Pools, repeats: int = REPEATS,
                  limit: int = LIMIT, reference_cpu: list[float] | None = None,
                  seconds: float | None = None,
                  foreign_cpu: list[float] | None = None) -> dict[str, list[float]]:
    """Seconds of every repeat of serial, threads, reference and every student, interleaved.

    Repeat r counts the primes below limit + r * LIMIT_STEP, and every variant must count what
    the serial loop counted. With `reference_cpu`, the CPU seconds the reference's workers
    used in each repeat are appended to it, and with `foreign_cpu` what the rest of this run
    used meanwhile. With `seconds`, no repeat starts after that many seconds (a machine too
    busy to finish them all gives fewer).
    """
    began = time.perf_counter()
    chunks = 4 * pools.workers
    variants: dict[str, Callable[[int], int]] = {
        "serial": lambda n: serial_count(n, chunks),
        "threads": lambda n: reference_count(n, chunks, pools.threads),
        "reference": lambda n: reference_count(n, chunks, pools.reference),
    }
    for name, module in students.items():
        variants[name] = partial(_count_with, _runner(module), chunks, pools.students[name])
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for repeat in range(repeats):
        if seconds is not None and time.perf_counter() - began > seconds:
            break
        size = limit + repeat * LIMIT_STEP
        shift = repeat % len(names)
        counted = {}
        for name in names[shift:] + names[:shift]:
            cpu = cpu_seconds(pools.reference) if name == "reference" else 0.0
            others = foreign_cpu_seconds(pools) if name == "reference" else {}
            start = time.perf_counter()
            counted[name] = variants[name](size)
            times[name].append(time.perf_counter() - start)
            if name == "reference" and reference_cpu is not None:
                reference_cpu.append(cpu_seconds(pools.reference) - cpu)
            if name == "reference" and foreign_cpu is not None:
                foreign_cpu.append(_used_since(others, foreign_cpu_seconds(pools)))
        for name, got in counted.items():
            assert got == counted["serial"], (
                f"counting the primes below {size} in {chunks} chunks gave {got}, expected "
                f"{counted['serial']} ({'your pool' if name == 'student' else name}). Count "
                "every chunk of every call with the given `count`, and sum the counts; an "
                "answer kept from an earlier call is wrong for the next limit."
            )
    return times


def _count_with(run: Callable[[int, int, Executor], int], chunks: int, pool: Executor,
                limit: int) -> int:
    return run(limit, chunks, pool)


def measure(student: ModuleType, mp_context: BaseContext | None = None,
            workers: int | None = None, repeats: int = REPEATS) -> Outcome:
    """Time serial, threads, reference and the student's code, each in a warm pool."""
    workers = workers or default_workers()
    pools = Pools({"student": student}, mp_context, workers)
    cpu: list[float] = []
    foreign: list[float] = []
    try:
        times = measure_round({"student": student}, pools, repeats, reference_cpu=cpu,
                              seconds=MEASURE_SECONDS, foreign_cpu=foreign)
    finally:
        pools.close()
    return Outcome(times, workers, usable_cores(), reference_cpu=cpu, foreign_cpu=foreign,
                   repeats=repeats)


def needed_gain(reference_gain: float) -> float:
    """The gain a student's pool must reach: half of the reference's gain above 1x."""
    return 1 + SHARE_OF_REFERENCE_GAIN * (reference_gain - 1)


def no_gain(reference_gain: float) -> float:
    """The gain at or below which a student's pool shows no parallel speedup."""
    return 1 + NO_GAIN_SHARE * (reference_gain - 1)


def _reaches(outcome: Outcome, gain: Callable[[str], float]) -> bool:
    """Whether the student reaches the needed gain by this estimate."""
    return gain("student") >= needed_gain(gain("reference"))


def _shows_no_gain(outcome: Outcome, gain: Callable[[str], float]) -> bool:
    """Whether the student stays at or below the no-gain bound by this estimate."""
    return gain("student") <= no_gain(gain("reference"))


def _busy_cause(outcome: Outcome) -> str:
    """Why the reference could not show a speedup, from what the OS measured, if anything."""
    share = outcome.reference_share()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    said = f", load average {load:.1f}" if load is not None else ""
    if share is None:
        return f"other programs may be using the cores{said}"
    if share < 0.8 * outcome.limit():
        return (f"its {outcome.workers} workers got only {share:.1f} CPU-seconds per second "
                f"between them, where {outcome.usable} free cores give {outcome.limit():.0f}: "
                f"other programs were using the cores{said}")
    return (f"its workers got {share:.1f} CPU-seconds per second, yet one process was almost "
            f"as fast: the cores may be shared with other virtual machines{said}")


def judge(outcome: Outcome) -> Outcome:
    """Fill in the verdict and the sentence a student reads."""
    reference_gain = outcome.gain("reference")
    if outcome.foreign_share() > FOREIGN_SHARE:
        outcome.verdict = "failed"
        outcome.message = (
            f"while the reference pool was timed, threads or processes of this run other than "
            f"the pools being timed used {outcome.foreign_share():.2f} CPU-seconds per second "
            f"(at most {FOREIGN_SHARE} is idle), which makes any machine look busy. Do all the "
            "work inside count_primes_parallel, in the pool, and leave nothing running when it "
            f"returns ({outcome.summary()})")
        return outcome
    if outcome.impossible("student") and not outcome.impossible("reference"):
        outcome.verdict = "failed"
        outcome.message = (
            f"your pool was {outcome.gain('student'):.0f}x faster than one process, but "
            f"{outcome.workers} workers on {outcome.usable} usable cores can be at most "
            f"{outcome.limit():.0f}x faster (the reference was {reference_gain:.2f}x): that "
            "is not parallel counting. Count every chunk with the given `count`, on every "
            f"call, in the pool; no cached or precomputed answer ({outcome.summary()})")
        return outcome
    rounds = len(outcome.times["serial"])
    if rounds < outcome.repeats:
        outcome.verdict = "not-gradable"
        outcome.message = (
            f"only {rounds} of {outcome.repeats} rounds finished in {MEASURE_SECONDS:.0f} s (a "
            "round takes about half a second on an idle machine), so it is too busy to measure a "
            f"speedup right now: {_busy_cause(outcome)}")
        return outcome
    paired_reference = outcome.paired_gain("reference")
    if (min(reference_gain, paired_reference) < MIN_REFERENCE_GAIN
            or outcome.impossible("reference")):
        outcome.verdict = "not-gradable"
        outcome.message = (
            f"the reference process pool itself was {reference_gain:.2f}x as fast as one "
            f"process at best and {paired_reference:.2f}x round by round (both must be "
            f"between {MIN_REFERENCE_GAIN}x and {IMPOSSIBLE_MARGIN * outcome.limit():.1f}x to "
            "grade yours), so this machine cannot show a parallel speedup right now: "
            f"{_busy_cause(outcome)}")
        return outcome
    close_to_reference = (outcome.best("student")
                          <= MAX_SLOWER_THAN_REFERENCE * outcome.best("reference"))
    by_best = close_to_reference and _reaches(outcome, outcome.gain)
    by_pairs = close_to_reference and _reaches(outcome, outcome.paired_gain)
    if by_best != by_pairs:
        outcome.verdict = "not-gradable"
        outcome.message = (
            "the best times and the repeat-by-repeat comparison disagree about your pool, so "
            f"the machine was too noisy to tell right now ({outcome.summary()})")
        return outcome
    needed = needed_gain(reference_gain)
    gain = outcome.gain("student")
    if by_best:
        outcome.verdict = "passed"
        outcome.message = f"{gain:.2f}x, needed {needed:.2f}x ({outcome.summary()})"
        return outcome
    if not (_shows_no_gain(outcome, outcome.gain) and _shows_no_gain(outcome, outcome.paired_gain)):
        outcome.verdict = "not-gradable"
        outcome.message = (
            f"your pool was {gain:.2f}x as fast as one process: under the {needed:.2f}x "
            f"needed, but over the {no_gain(reference_gain):.2f}x that shows no parallel "
            "speedup, and on this machine right now runs of the same code differ that much "
            f"({outcome.summary()})")
        return outcome
    outcome.verdict = "failed"
    outcome.message = (
        f"your pool was {gain:.2f}x as fast as one process; the "
        f"reference was {reference_gain:.2f}x in the same run (the limit is "
        f"{outcome.limit():.0f}x with {outcome.usable} usable cores), so at "
        f"least {needed:.2f}x was expected ({outcome.summary()}). CPU-bound Python needs "
        "processes, not threads (the GIL), and every worker must get chunks to count: "
        "return a ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) and map "
        "the chunks over it")
    return outcome


def grade(student: ModuleType, mp_context: BaseContext | None = None,
          workers: int | None = None, repeats: int = REPEATS) -> Outcome:
    return judge(measure(student, mp_context, workers, repeats))
