"""The ray_parallel timing rule (graders.support.ray_support.judge), on measured batches.

Fair by construction: the verdict needs the reference to be parallel in most rounds of the
same run (else not-gradable), the best and the median round to agree (else not-gradable),
and a failure names what it measured (one task at a time; or only some at once, and how far
apart they started). A round whose tasks all ran at one moment proves they were submitted
before any wait, so tasks that start late (actors created on every call, as a correct
ray.util.ActorPool solution does) are not failed for it.
"""

from __future__ import annotations

from graders.support.ray_support import Batch, judge

SLEEPS = [1.0] * 4
PARALLEL = Batch(wall=1.1, span=1.05, spread=0.05, most=4)
SERIAL = Batch(wall=4.2, span=4.1, spread=3.1, most=1)


def test_parallel_rounds_pass():
    assert judge([PARALLEL] * 3, [PARALLEL] * 3, SLEEPS).verdict == "passed"


def test_serial_rounds_fail_naming_one_at_a_time():
    outcome = judge([SERIAL] * 3, [PARALLEL] * 3, SLEEPS)
    assert outcome.verdict == "failed"
    assert "at most one task ran at any moment" in outcome.message


def test_a_reference_that_is_not_parallel_makes_it_not_gradable():
    outcome = judge([SERIAL] * 3, [PARALLEL, SERIAL, SERIAL], SLEEPS)
    assert outcome.verdict == "not-gradable"
    assert "even the reference" in outcome.message


def test_rounds_that_disagree_make_it_not_gradable():
    outcome = judge([PARALLEL, SERIAL, SERIAL], [PARALLEL] * 3, SLEEPS)
    assert outcome.verdict == "not-gradable"
    assert "disagree" in outcome.message


def test_tasks_that_all_overlap_pass_even_when_they_started_late():
    late = Batch(wall=2.6, span=3.1, spread=0.9, most=4)  # e.g. actors started per call
    assert judge([late] * 3, [PARALLEL] * 3, SLEEPS).verdict == "passed"


def test_partial_overlap_names_what_was_measured_not_a_guess():
    staggered = Batch(wall=4.5, span=3.6, spread=2.6, most=2)
    outcome = judge([staggered] * 3, [PARALLEL] * 3, SLEEPS)
    assert outcome.verdict == "failed"
    assert "at most 2 of the 4 tasks" in outcome.message
    assert "spread over at least 2.6 s" in outcome.message
    assert "inside the submission loop" not in outcome.message
