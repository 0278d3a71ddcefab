"""The verdict rule of the cpu_speedup timing check, on made-up timings (no clock involved).

Each case is five rounds of seconds for serial, threads, the reference pool and the student's
pool; the benchmark (tests/benchmarks/bench_speedup.py) measures how the rule fares on real,
noisy timings.
"""

from __future__ import annotations

import pytest

from graders.support.speedup import Outcome, judge

SERIAL = [1.0] * 5
THREADS = [1.05] * 5
REFERENCE = [0.55] * 5


def verdict(student: list[float], reference: list[float] = REFERENCE) -> Outcome:
    times = {"serial": SERIAL, "threads": THREADS, "reference": reference,
             "student": student}
    return judge(Outcome(times, workers=4, usable=2))


def test_a_pool_as_fast_as_the_reference_passes():
    outcome = verdict([0.56] * 5)
    assert outcome.verdict == "passed", outcome.message


@pytest.mark.parametrize("student", [[1.0] * 5, [0.9] * 5, [0.8] * 5],
                         ids=["serial speed", "slightly faster", "below half the gain"])
def test_a_pool_far_from_the_reference_fails(student):
    outcome = verdict(student)
    assert outcome.verdict == "failed", outcome.message
    assert "ProcessPoolExecutor" in outcome.message


def test_a_slow_reference_makes_the_run_not_gradable():
    outcome = verdict([1.0] * 5, reference=[0.9] * 5)
    assert outcome.verdict == "not-gradable", outcome.message
    assert "reference solution itself" in outcome.message


def test_one_lucky_round_does_not_pass_a_serial_pool():
    """Best times alone would pass this pool (0.55 s once); the round-by-round median says 1x."""
    outcome = verdict([0.55, 1.0, 1.0, 1.0, 1.0])
    assert outcome.verdict == "not-gradable", outcome.message
    assert "too noisy" in outcome.message
