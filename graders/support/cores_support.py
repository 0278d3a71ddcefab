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


AS_ON_MACOS = """
import builtins, io, json, os, platform, sys
machine, process_count = json.loads(sys.argv[1]), sys.argv[2]
try:
    import psutil
    del psutil.Process.cpu_affinity  # psutil has none on macOS
except (ImportError, AttributeError):
    pass
for name in ("sched_getaffinity", "sched_setaffinity", "process_cpu_count"):
    if hasattr(os, name):
        delattr(os, name)
if process_count == "none":  # Python 3.13+ where it cannot tell
    os.process_cpu_count = lambda: None
os.cpu_count = lambda: machine
sys.platform = "darwin"
platform.system = lambda: "Darwin"
real_open = io.open
def open_without_proc(file, *args, **kwargs):
    caller = sys._getframe(1).f_globals.get("__name__", "")
    # psutil works on macOS without /proc: only its Linux backend here reads it
    if str(file).startswith("/proc") and not caller.startswith("psutil"):
        raise FileNotFoundError(2, "No such file or directory (macOS has no /proc)", str(file))
    return real_open(file, *args, **kwargs)
builtins.open = io.open = open_without_proc
from usable_cores import usable_cores
try:
    got = usable_cores()
except NotImplementedError as todo:
    got = {"todo": str(todo)}
except Exception as error:
    got = {"error": f"{type(error).__name__}: {error}"}
print(json.dumps(got))
"""


def count_as_on_macos(machine: int | None, process_count: str) -> object:
    """What `usable_cores()` gives in a fresh Python made to look like macOS before the kata
    is imported: no affinity calls in `os` or psutil, no /proc (but for psutil itself, which
    works without it on macOS), `sys.platform` "darwin", and `os.cpu_count()` saying
    `machine`. `process_count` is "absent" (no os.process_cpu_count, before 3.13) or "none"
    (one that says None). An exception the kata raises comes back as {"error": "Type:
    message"}."""
    done = subprocess.run([sys.executable, "-c", AS_ON_MACOS, json.dumps(machine), process_count],
                          capture_output=True, text=True, timeout=60, env=_without_cpu_count())
    if done.returncode != 0:
        raise AssertionError(f"usable_cores() could not run in a fresh Python made to look "
                             f"like macOS:\n{done.stderr[-1500:]}")
    got = json.loads(done.stdout.splitlines()[-1])
    if isinstance(got, dict) and "todo" in got:
        raise NotImplementedError(got["todo"])
    return got


def _without_cpu_count() -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name != "PYTHON_CPU_COUNT"}


def count_in_a_fresh_python(pinned: set[int] | None = None,
                            machine: int | None = None) -> tuple[object, int | None]:
    """What `usable_cores()` gives in a fresh Python, called once, then pinned to `pinned`
    (None: left as it started) with `os.cpu_count()` saying `machine` (None: the real
    count), called again; and that process's real `os.cpu_count()`. The kata is found
    through PYTHONPATH (--impl); the stub's NotImplementedError is raised here again, so
    an unwritten kata stays todo."""
    pinned_cores = None if pinned is None else sorted(pinned)
    done = subprocess.run([sys.executable, "-c", FRESH_RUN, json.dumps(pinned_cores),
                           json.dumps(machine)],
                          capture_output=True, text=True, timeout=60, env=_without_cpu_count())
    if done.returncode != 0:
        raise AssertionError(f"usable_cores() failed in a fresh Python (pinned to "
                             f"{pinned_cores}):\n{done.stderr[-1500:]}")
    result = json.loads(done.stdout.splitlines()[-1])
    if isinstance(result["usable"], str):
        raise NotImplementedError(result["usable"])
    return result["usable"], result["cpu_count"]
