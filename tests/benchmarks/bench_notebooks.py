"""The nbgrader round trip for every topic: generate, release, autograde a solver (the
solution notebook) and a blank student (the release untouched) with the real nbgrader.

Run:  .venv/bin/python tests/benchmarks/bench_notebooks.py [--topics 01 05]

Prints a markdown table per topic: the solver's and the blank student's scores and how long
each autograde took (every grade cell runs its kata's test file in a fresh pytest). Exits 1
when a solver lost a point or a blank student earned one. tests/test_notebooks.py proves the
same round trip in CI for the topics it names; this sweep is too slow for CI.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from graders.instructor.course import notebook_topics, round_trip  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topics", nargs="*", default=None,
                        help="topic names or numbers (default: every topic with notebooks)")
    args = parser.parse_args(argv)
    topics = [t for t in notebook_topics(REPOSITORY)
              if args.topics is None or any(t.matches(target) for target in args.topics)]
    print(f"{platform.python_version()}, {os.cpu_count()} cores, load "
          f"{os.getloadavg()[0]:.1f} at start\n")
    print("| topic | katas | solver | blank | solver autograde (s) | blank autograde (s) "
          "| round trip (s) |")
    print("|---|---|---|---|---|---|---|")
    wrong = 0
    for topic in topics:
        start = time.perf_counter()
        with tempfile.TemporaryDirectory() as scratch:
            try:
                result = round_trip(REPOSITORY, Path(scratch), topic.name)
            except Exception as error:  # one topic's failure must not hide the others
                print(f"| {topic.name} | {len(topic.katas)} | failed: "
                      f"{str(error)[-200:]!r} | | | | |", flush=True)
                wrong += 1
                continue
        solver, blank = result["solver"], result["blank"]
        wrong += solver["score"] != solver["max_score"] or blank["score"] != 0
        print(f"| {topic.name} | {len(topic.katas)} | {solver['score']:g}/"
              f"{solver['max_score']:g} | {blank['score']:g} | {solver['seconds']:.0f} | "
              f"{blank['seconds']:.0f} | {time.perf_counter() - start:.0f} |", flush=True)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
