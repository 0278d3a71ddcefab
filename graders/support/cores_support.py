"""Kata usable_cores: run the kata in a fresh Python, pinned to some of this machine's cores.

A process's CPU affinity is the set of cores the operating system lets it run on; a container,
a batch scheduler or `taskset` restricts it, while `os.cpu_count()` still counts the machine's.
The fresh Python goes without PYTHON_CPU_COUNT (and -X cpu_count), which on Python 3.13+
would override os.process_cpu_count() and os.cpu_count() alike.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

FRESH_RUN = """
import json, os, sys
pinned, machine = json.loads(sys.argv[1]), json.loads(sys.argv[2])
real = os.cpu_count()
from usable_cores import usable_cores
def count():
    try:
        return usable_cores()
    except NotImplementedError as todo:
        return str(todo)
count()  # a count taken before pinning must not stick
if pinned is not None:
    os.sched_setaffinity(0, set(pinned))
if machine is not None:
    os.cpu_count = lambda: machine  # a bigger machine than the process may use
print(json.dumps({"usable": count(), "cpu_count": real}))
"""


def count_in_a_fresh_python(pinned: set[int] | None = None,
                            machine: int | None = None) -> tuple[object, int | None]:
    """What `usable_cores()` gives in a fresh Python, called once, then pinned to `pinned`
    (None: left as it started) with `os.cpu_count()` saying `machine` (None: the real
    count), called again; and that process's real `os.cpu_count()`. The kata is found
    through PYTHONPATH (--impl); the stub's NotImplementedError is raised here again, so
    an unwritten kata stays todo."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHON_CPU_COUNT"}
    pinned_cores = None if pinned is None else sorted(pinned)
    done = subprocess.run([sys.executable, "-c", FRESH_RUN, json.dumps(pinned_cores),
                           json.dumps(machine)],
                          capture_output=True, text=True, timeout=60, env=env)
    if done.returncode != 0:
        raise AssertionError(f"usable_cores() failed in a fresh Python (pinned to "
                             f"{pinned_cores}):\n{done.stderr[-1500:]}")
    result = json.loads(done.stdout.splitlines()[-1])
    if isinstance(result["usable"], str):
        raise NotImplementedError(result["usable"])
    return result["usable"], result["cpu_count"]
