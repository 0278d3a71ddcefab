"""Kata usable_cores: what the lesson says it proves, and the test that checks each claim.

- `usable_cores()` counts the cores this process may run on, its CPU affinity where the
  operating system has one: test_counts_the_cores_this_process_may_use.
- In a fresh process pinned to a random part of this machine's cores (os.sched_setaffinity,
  as a container or `taskset` does), it counts those cores, not the machine's that
  `os.cpu_count()` counts: test_counts_only_the_cores_it_is_pinned_to. Where the operating
  system cannot pin a process (macOS, Windows) or only one core is allowed, not gradable.
- Where Python has no affinity call (macOS, Windows), it falls back to `os.cpu_count()`, and
  to 1 when that is unknown (None): test_falls_back_to_the_machine_count. The test takes the
  affinity calls away from `os` (monkeypatch), as those systems have them away.
"""

import os
import random

import pytest
from usable_cores import usable_cores

import graders
from graders.support.cores_support import count_when_pinned

AFFINITY = "os.process_cpu_count() (Python 3.13+) or len(os.sched_getaffinity(0))"


def allowed_cores() -> set[int] | None:
    return os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None


def test_counts_the_cores_this_process_may_use():
    got = usable_cores()
    allowed = allowed_cores()
    expected = len(allowed) if allowed is not None else (os.cpu_count() or 1)
    assert got == expected, (
        f"usable_cores() gave {got!r}; this process may run on {expected} cores "
        f"(os.cpu_count() says {os.cpu_count()}). Count the cores the process may use: "
        f"{AFFINITY}, and os.cpu_count() only where neither exists."
    )


def test_counts_only_the_cores_it_is_pinned_to():
    allowed = allowed_cores()
    if allowed is None or not hasattr(os, "sched_setaffinity"):
        graders.not_gradable("this operating system cannot pin a process to some cores "
                             "(no os.sched_setaffinity)", "run the test on Linux")
    if len(allowed) < 2:
        graders.not_gradable("this process may run on one core only, so pinning it to fewer "
                             "cannot show anything", "run the test where two cores are free")
    pinned = set(random.sample(sorted(allowed), random.randint(1, len(allowed) - 1)))
    got, machine = count_when_pinned(pinned)
    assert got == len(pinned), (
        f"in a process pinned to {len(pinned)} of the machine's cores (as a container, a "
        f"batch scheduler or `taskset` does), usable_cores() gave {got!r}; expected "
        f"{len(pinned)}. os.cpu_count() and multiprocessing.cpu_count() count the machine's "
        f"{machine} cores, not those the process may run on: use {AFFINITY}."
    )


@pytest.mark.parametrize("count", ["known", "unknown"])
def test_falls_back_to_the_machine_count(count, monkeypatch):
    machine = random.randint(3, 64) if count == "known" else None
    monkeypatch.delattr(os, "process_cpu_count", raising=False)
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: machine)
    try:
        got = usable_cores()
    except AttributeError as error:
        got = error
    expected = machine or 1
    assert got == expected, (
        f"where Python has neither os.process_cpu_count (before 3.13) nor "
        f"os.sched_getaffinity (macOS, Windows) and os.cpu_count() gives {machine!r}, "
        f"usable_cores() gave {got!r}; expected {expected}. Check which call exists "
        "(hasattr(os, ...), or catch AttributeError) and fall back to os.cpu_count(), "
        "which gives None when the count is unknown: then 1, the core you are running on."
    )
