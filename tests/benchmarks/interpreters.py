"""Grade the reference solutions under other Python interpreters (issue 16 item 5).

    python tests/benchmarks/interpreters.py VENV_PYTHON [VENV_PYTHON ...] [--topics 01 02 ...|all]

Each VENV_PYTHON is the python of a virtual environment where the project is installed
(`VENV/bin/pip install -e '.[asyncio]'`; 06-08 need `.[dask,ray,spark]` and Java). A topic
is named by its folder or its number; `all` is every topic but 00_setup. For each interpreter
and topic it runs `python -m pytest exercises/TOPIC --impl=solutions` in a fresh process and
prints one row: the interpreter's version and build (free-threaded or not, GIL enabled or
not at run time), the topic, the count of each verdict and the wall time. Verdicts other than
passed and not-gradable are listed with their message. On a busy machine, timeouts and
not-gradable timing verdicts say more about the load than the interpreter: note the load.

An interpreter this machine's packages lack can run from a chroot that sees this checkout at
the same path, e.g. Python 3.14 from a Debian sid debootstrap:
`chroot ROOT VENV/bin/python /work/main/tests/benchmarks/interpreters.py VENV/bin/python`.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_TOPICS = ["01_functional", "02_threading", "03_multiprocessing", "04_asyncio",
                  "05_mapreduce"]
BUILD = ("import sys, sysconfig; print(sys.version.split()[0], "
         "'free-threaded' if sysconfig.get_config_var('Py_GIL_DISABLED') else 'gil', "
         "'gil-off' if not getattr(sys, '_is_gil_enabled', lambda: True)() else 'gil-on')")


def folders(names: list[str]) -> list[str]:
    """The topic folders that `names` (folder names, numbers such as 03, or `all`) mean."""
    every = sorted(p.name for p in (REPOSITORY / "exercises").glob("[0-9][0-9]_*")
                   if p.name != "00_setup")
    if names == ["all"]:
        return every
    found = [[t for t in every if t == name or t.split("_")[0] == name] for name in names]
    unknown = [name for name, matches in zip(names, found, strict=True) if not matches]
    if unknown:
        sys.exit(f"no topic {', '.join(unknown)}: use a folder name, its number, or all "
                 f"({', '.join(every)})")
    return [t for matches in found for t in matches]


def build(python: str) -> str:
    return subprocess.run([python, "-c", BUILD], capture_output=True, text=True,
                          encoding="utf-8", check=True).stdout.strip()


def grade(python: str, topic: str) -> tuple[collections.Counter, list[str], float]:
    with tempfile.TemporaryDirectory() as folder:
        results = Path(folder) / "results.json"
        start = time.monotonic()
        subprocess.run([python, "-m", "pytest", f"exercises/{topic}", "--impl=solutions",
                        f"--results={results}", "-q", "-p", "no:randomly"], cwd=REPOSITORY,
                       capture_output=True, timeout=3600, env={**os.environ, "PYTHONUTF8": "1"})
        wall = time.monotonic() - start
        record = (json.loads(results.read_text(encoding="utf-8")) if results.exists()
                  else {"tests": []})
    counts = collections.Counter(t["verdict"] for t in record["tests"])
    other = [f"{t['name']}: {t['verdict']}: {t['message'][:200]}" for t in record["tests"]
             if t["verdict"] not in ("passed", "not-gradable")]
    return counts, other, wall


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("pythons", nargs="+")
    arguments.add_argument("--topics", nargs="+", default=DEFAULT_TOPICS)
    options = arguments.parse_args()
    topics = folders(options.topics)
    for python in options.pythons:
        described = build(python)
        for topic in topics:
            counts, other, wall = grade(python, topic)
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            print(f"| {described} | {topic} | {dict(counts)} | {wall:.0f} s | load {load:.0f} |",
                  flush=True)
            for line in other:
                print(f"    {line}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
