"""Kata usable_cores: what the lesson says it proves, and the test that checks each claim.

- `usable_cores()` counts the cores a process may run on, its CPU affinity where the
  operating system has one: test_counts_the_cores_this_process_may_use. It is counted in a
  fresh Python started without PYTHON_CPU_COUNT, which (Python 3.13+) would override the
  count this kata reads: the student's shell setting cannot fail the reference.
- In a fresh process pinned to a random part of this machine's cores (os.sched_setaffinity,
  as a container or `taskset` does) after a first call, with `os.cpu_count()` saying a
  bigger machine, it counts those cores, at the time of the call, not the machine's:
  test_counts_only_the_cores_it_is_pinned_to. Where the operating system cannot pin a
  process (macOS, Windows) or only one core is allowed, not gradable.
- Where Python has no affinity call (macOS, Windows), it falls back to `os.cpu_count()`, and
  to 1 when that is unknown (None), as when os.process_cpu_count() says None too:
  test_falls_back_to_the_machine_count. It runs in a fresh Python made to look like macOS
  before the kata is imported: no affinity calls in `os` or psutil, no /proc, sys.platform
  "darwin". So a name imported at the top of the module, a platform check and a read of
  /proc/self/status are judged as they would be on a Mac.
"""

import os
import random

import pytest
from usable_cores import usable_cores  # a kata that cannot import fails here, at collection

import graders
from graders.support.cores_support import count_as_on_macos, count_in_a_fresh_python

AFFINITY = "os.process_cpu_count() (Python 3.13+) or len(os.sched_getaffinity(0))"
PROCESS_COUNT = {
    "known": "Python has no os.process_cpu_count (before 3.13)",
    "unknown": "Python has no os.process_cpu_count (before 3.13)",
    "unknown_to_process_cpu_count": "os.process_cpu_count() gives None (it cannot tell)",
}


def allowed_cores() -> set[int] | None:
    return os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None


def test_counts_the_cores_this_process_may_use():
    got, machine = count_in_a_fresh_python()  # it inherits this process's affinity
    allowed = allowed_cores()
    expected = len(allowed) if allowed is not None else (machine or 1)
    assert got == expected, (
        f"in a fresh Python started like this one, usable_cores() gave {got!r}; it may run "
        f"on {expected} cores (os.cpu_count() says {machine}). Count the cores the process "
        f"may use: {AFFINITY}, and os.cpu_count() only where neither exists."
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
    machine = random.randint(2 * len(allowed), 256)
    got, _ = count_in_a_fresh_python(pinned, machine)
    assert got == len(pinned), (
        f"in a process pinned to {len(pinned)} cores (as a container, a batch scheduler or "
        f"`taskset` does) after a first call, on a machine whose os.cpu_count() says "
        f"{machine}, usable_cores() gave {got!r}; expected {len(pinned)}. os.cpu_count() and "
        "multiprocessing.cpu_count() count the machine's cores, not those the process may "
        f"run on, and a count kept from an earlier call goes stale: use {AFFINITY}, asked "
        "at each call."
    )


@pytest.mark.parametrize("count", ["known", "unknown", "unknown_to_process_cpu_count"])
def test_falls_back_to_the_machine_count(count):
    machine = random.randint(3, 64) if count == "known" else None
    process_count = "none" if count == "unknown_to_process_cpu_count" else "absent"
    got = count_as_on_macos(machine, process_count)
    expected = machine or 1
    shown = got["error"] if isinstance(got, dict) else repr(got)
    assert got == expected, (
        f"where {PROCESS_COUNT[count]}, os.sched_getaffinity is missing (macOS, Windows) "
        f"and os.cpu_count() gives {machine!r}, usable_cores() gave {shown}; expected "
        f"{expected}. Check which call exists (hasattr(os, ...), or catch AttributeError) "
        "and fall back to os.cpu_count(); both give None when the count is unknown: then "
        "1, the core you are running on."
    )
