"""Kata usable_cores: run the kata in a fresh process pinned to some of this machine's cores.

A process's CPU affinity is the set of cores the operating system lets it run on; a container,
a batch scheduler or `taskset` restricts it, while `os.cpu_count()` still counts the machine's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

PINNED_RUN = """
import json, os, sys
os.sched_setaffinity(0, set(json.loads(sys.argv[1])))
from usable_cores import usable_cores
try:
    usable = usable_cores()
except NotImplementedError as todo:
    usable = str(todo)
print(json.dumps({"usable": usable, "cpu_count": os.cpu_count()}))
"""


def count_when_pinned(cores: set[int]) -> tuple[object, int | None]:
    """What `usable_cores()` gives in a fresh Python pinned to `cores`, and that process's
    `os.cpu_count()`. The kata is found through PYTHONPATH (--impl); the stub's
    NotImplementedError is raised here again, so an unwritten kata stays todo."""
    # PYTHON_CPU_COUNT would override os.process_cpu_count() (3.13+): the child goes without.
    env = {name: value for name, value in os.environ.items() if name != "PYTHON_CPU_COUNT"}
    done = subprocess.run([sys.executable, "-c", PINNED_RUN, json.dumps(sorted(cores))],
                          capture_output=True, text=True, timeout=60, env=env)
    if done.returncode != 0:
        raise AssertionError(f"usable_cores() failed in a process pinned to cores "
                             f"{sorted(cores)}:\n{done.stderr[-1500:]}")
    result = json.loads(done.stdout.splitlines()[-1])
    if isinstance(result["usable"], str):
        raise NotImplementedError(result["usable"])
    return result["usable"], result["cpu_count"]
