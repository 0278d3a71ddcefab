"""The headline CPU-speedup grading of kata cpu_speedup, shared by its test and the benchmark.

Four variants count the primes below LIMIT, each over the same chunks:
serial (one loop here), threads (the reference code on a thread pool), reference (the
reference code on a process pool) and student (the kata's `make_pool` and
`count_primes_parallel`). Every pool is started and warmed before the clock runs; the
variants run interleaved, in a rotating order, REPEATS times.

Two estimates of each variant's gain over the better of serial and threads:
- best of REPEATS: the fastest run of each variant (what an idle machine can do);
- paired: the median, over the repeats, of the gain within one repeat (robust to one lucky
  run, which on a loaded machine can be twice as fast as the others).

The reference calibrates the machine: when its best-of-REPEATS gain is below
MIN_REFERENCE_GAIN right now, nothing can be concluded and the verdict is not-gradable.
Otherwise the student must reach at least half of the reference's gain by both estimates;
when the estimates disagree the run was too noisy to tell, which is not-gradable too.
The pools get twice as many workers as usable cores, so that they keep their share of a
machine that other programs are also using (the speedup is still capped by the cores).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from multiprocessing.context import BaseContext
from types import ModuleType

from graders.capabilities import usable_cores

LIMIT = 100_000        # primes below LIMIT: about 0.13 s of serial work on an idle core
REPEATS = 5
MIN_REFERENCE_GAIN = 1.3
SHARE_OF_REFERENCE_GAIN = 0.5
MAX_SLOWER_THAN_REFERENCE = 1.25  # the student's best time may be at most this much slower


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

    def summary(self) -> str:
        return (f"best of {len(self.times['serial'])}: serial {self.best('serial'):.3f} s, "
                f"threads {self.best('threads'):.3f} s, reference processes "
                f"{self.best('reference'):.3f} s, yours {self.best('student'):.3f} s; "
                f"paired gains: reference {self.paired_gain('reference'):.2f}x, yours "
                f"{self.paired_gain('student'):.2f}x; {self.workers} workers, "
                f"{self.usable} usable cores")


def _warm(pool: Executor, workers: int, run: Callable[[int, int, Executor], int]) -> None:
    """Start every worker (and import everything) before any clock runs."""
    run(2 * workers, 2 * workers, pool)


def _runner(student: ModuleType) -> Callable[[int, int, Executor], int]:
    def run(limit: int, chunks: int, pool: Executor) -> int:
        return student.count_primes_parallel(limit, chunks, pool, count=count_primes_in_range)
    return run


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
                  limit: int = LIMIT) -> dict[str, list[float]]:
    """Seconds of every repeat of serial, threads, reference and every student, interleaved."""
    chunks = 4 * pools.workers
    expected = serial_count(limit, chunks)
    variants: dict[str, Callable[[], int]] = {
        "serial": lambda: serial_count(limit, chunks),
        "threads": lambda: reference_count(limit, chunks, pools.threads),
        "reference": lambda: reference_count(limit, chunks, pools.reference),
    }
    for name, module in students.items():
        variants[name] = partial(_runner(module), limit, chunks, pools.students[name])
    times: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for repeat in range(repeats):
        shift = repeat % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            got = variants[name]()
            times[name].append(time.perf_counter() - start)
            assert got == expected, (
                f"counting the primes below {limit} in {chunks} chunks gave {got}, "
                f"expected {expected} ({name}). Sum the counts of every chunk."
            )
    return times


def measure(student: ModuleType, mp_context: BaseContext | None = None,
            workers: int | None = None, repeats: int = REPEATS) -> Outcome:
    """Time serial, threads, reference and the student's code, each in a warm pool."""
    workers = workers or default_workers()
    pools = Pools({"student": student}, mp_context, workers)
    try:
        times = measure_round({"student": student}, pools, repeats)
    finally:
        pools.close()
    return Outcome(times, workers, usable_cores())


def needed_gain(reference_gain: float) -> float:
    """The gain a student's pool must reach: half of the reference's gain above 1x."""
    return 1 + SHARE_OF_REFERENCE_GAIN * (reference_gain - 1)


def _reaches(outcome: Outcome, gain: Callable[[str], float]) -> bool:
    """Whether the student reaches the needed gain by this estimate."""
    return gain("student") >= needed_gain(gain("reference"))


def judge(outcome: Outcome) -> Outcome:
    """Fill in the verdict and the sentence a student reads."""
    reference_gain = outcome.gain("reference")
    if reference_gain < MIN_REFERENCE_GAIN:
        outcome.verdict = "not-gradable"
        outcome.message = (
            f"the reference solution itself was only {reference_gain:.2f}x faster than the "
            f"better of serial and threads (below {MIN_REFERENCE_GAIN}x), so this machine "
            f"cannot show a parallel speedup right now ({outcome.summary()})")
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
    outcome.verdict = "failed"
    outcome.message = (
        f"your pool was {gain:.2f}x faster than the better of serial and threads; the "
        f"reference was {reference_gain:.2f}x in the same run (the limit is "
        f"{min(outcome.workers, outcome.usable)}x with {outcome.usable} usable cores), so at "
        f"least {needed:.2f}x was expected ({outcome.summary()}). CPU-bound Python needs "
        "processes, not threads (the GIL), and every worker must get chunks to count: "
        "return a ProcessPoolExecutor(max_workers=workers, mp_context=mp_context) and map "
        "the chunks over it")
    return outcome


def grade(student: ModuleType, mp_context: BaseContext | None = None,
          workers: int | None = None, repeats: int = REPEATS) -> Outcome:
    return judge(measure(student, mp_context, workers, repeats))
