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


def verdict(student: list[float], reference: list[float] = REFERENCE,
            reference_cpu: list[float] | None = None) -> Outcome:
    times = {"serial": SERIAL, "threads": THREADS, "reference": reference,
             "student": student}
    return judge(Outcome(times, workers=4, usable=2, reference_cpu=reference_cpu or []))


def test_a_pool_as_fast_as_the_reference_passes():
    outcome = verdict([0.56] * 5)
    assert outcome.verdict == "passed", outcome.message


@pytest.mark.parametrize("student", [[1.0] * 5, [0.9] * 5, [0.88] * 5],
                         ids=["serial speed", "slightly faster", "below a fifth of the gain"])
def test_a_pool_far_from_the_reference_fails(student):
    outcome = verdict(student)
    assert outcome.verdict == "failed", outcome.message
    assert "ProcessPoolExecutor" in outcome.message


def test_a_pool_between_no_gain_and_the_needed_gain_is_not_gradable():
    """1.25x where the reference made 1.82x: under the 1.41x needed, over the 1.16x of no
    gain. The reference's own code has measured there on a busy machine: never a fail."""
    outcome = verdict([0.8] * 5)
    assert outcome.verdict == "not-gradable", outcome.message
    assert "runs of the same code differ that much" in outcome.message, outcome.message


def test_a_slow_reference_makes_the_run_not_gradable():
    outcome = verdict([1.0] * 5, reference=[0.9] * 5)
    assert outcome.verdict == "not-gradable", outcome.message
    assert "reference process pool itself" in outcome.message


def test_not_gradable_names_the_measured_cause_and_no_threads_gain():
    """Under load threads can look faster than serial on a GIL build; that is noise, and the
    message must not teach it. The cause it names is the CPU the OS gave the workers."""
    outcome = verdict([1.0] * 5, reference=[0.9] * 5, reference_cpu=[0.99] * 5)
    assert outcome.verdict == "not-gradable", outcome.message
    assert "got only 1.1 CPU-seconds per second" in outcome.message, outcome.message
    assert "threads" not in outcome.message, outcome.message


def test_a_gain_beyond_the_cores_fails_as_impossible():
    """A cached or precomputed answer is not parallelism: 4 workers on 2 cores give <= 2x."""
    outcome = verdict([0.0001] * 5)
    assert outcome.verdict == "failed", outcome.message
    assert "can be at most 2x faster" in outcome.message, outcome.message


def test_a_reference_beyond_the_cores_makes_the_run_not_gradable():
    outcome = verdict([0.1] * 5, reference=[0.1] * 5)
    assert outcome.verdict == "not-gradable", outcome.message


def test_one_lucky_round_does_not_pass_a_serial_pool():
    """Best times alone would pass this pool (0.55 s once); the round-by-round median says 1x."""
    outcome = verdict([0.55, 1.0, 1.0, 1.0, 1.0])
    assert outcome.verdict == "not-gradable", outcome.message
    assert "too noisy" in outcome.message


def test_rounds_cut_short_by_a_busy_machine_are_not_gradable():
    times = {"serial": SERIAL[:2], "threads": THREADS[:2], "reference": REFERENCE[:2],
             "student": [0.56] * 2}
    outcome = judge(Outcome(times, workers=4, usable=2))
    assert outcome.verdict == "not-gradable", outcome.message
    assert "only 2 of 5 rounds" in outcome.message, outcome.message


@pytest.mark.parametrize(("foreign", "expected"), [(0.01, "not-gradable"), (0.3, "failed")],
                         ids=["the grader's own threads", "a thread the kata left spinning"])
def test_a_machine_busy_with_this_runs_own_work_fails(foreign, expected):
    """A slow reference is not gradable only when the CPU went to other programs: threads or
    processes of this run (other than the timed pools) using more than a quarter of a core
    while the reference ran are the kata's, left running to make the machine look busy."""
    times = {"serial": SERIAL, "threads": THREADS, "reference": [0.9] * 5,
             "student": [1.0] * 5}
    outcome = judge(Outcome(times, workers=4, usable=2, foreign_cpu=[foreign * 0.9] * 5))
    assert outcome.verdict == expected, outcome.message
    assert ("makes any machine look busy" in outcome.message) == (expected == "failed")


def test_one_lucky_round_of_the_reference_is_not_enough_to_fail():
    """Measured under `kata grade --workers 2` (two submissions on two cores): the reference
    was 1.42x in its best round but 1.07x round by round, the reference's own code as the
    student's pool 1.00x. That is a machine too busy to tell, never a fail."""
    times = {"serial": [0.099, 0.12, 0.13, 0.11, 0.125],
             "threads": [0.10, 0.12, 0.13, 0.12, 0.13],
             "reference": [0.07, 0.115, 0.125, 0.105, 0.12],
             "student": [0.099, 0.12, 0.13, 0.11, 0.125]}
    outcome = judge(Outcome(times, workers=4, usable=2))
    assert outcome.gain("reference") > 1.3 > outcome.paired_gain("reference")
    assert outcome.verdict == "not-gradable", outcome.message
    assert "round by round" in outcome.message, outcome.message
