import time

import pytest
from ray_parallel import run_in_parallel

import graders
from graders.support.ecosystem import most_at_once, timed_sleep

SLEEPS = [1.0, 1.0, 1.0, 1.0]  # Ray was started with 4 logical CPUs: all 4 fit at once


def test_tasks_overlap_in_time(ray_session):
    results = run_in_parallel(timed_sleep, SLEEPS)
    assert len(results) == len(SLEEPS), (
        f"run_in_parallel returned {len(results)} results; expected {len(SLEEPS)}."
    )
    overlap = most_at_once([(start, end) for start, end, _ in results])
    assert overlap >= 2, (
        f"at most {overlap} task ran at any moment; expected several sleeping at once. Did you "
        "call ray.get inside the submission loop? It waits for each task before starting the "
        "next: submit every task first, then call ray.get once on the list of refs."
    )


@pytest.mark.timing
def test_total_time_well_under_the_serial_bound(ray_session):
    start = time.perf_counter()
    run_in_parallel(timed_sleep, SLEEPS)
    elapsed = time.perf_counter() - start
    serial = sum(SLEEPS)
    if elapsed < 0.75 * serial:
        return
    remote = ray_session.remote(timed_sleep)
    start = time.perf_counter()
    ray_session.get([remote.remote(s) for s in SLEEPS])
    reference = time.perf_counter() - start
    if reference >= 0.75 * serial:
        graders.not_gradable(
            f"even the reference took {reference:.1f} s for {serial:.0f} s of sleeps here",
            "rerun on a machine that is less busy",
        )
    raise AssertionError(
        f"run_in_parallel took {elapsed:.1f} s for tasks that sleep {serial:.0f} s in total "
        f"(the reference took {reference:.1f} s); expected well under {serial:.0f} s. Submit "
        "every task before the first ray.get."
    )
