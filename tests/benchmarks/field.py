"""The field benchmark: the whole course on the solutions, as a student's busy laptop runs it.

Each run grades every topic in a fresh `pytest exercises/NN_topic --impl=solutions` (so dask,
Ray and Spark start cold every time) beside 0, 1 or 2 busy processes, and then the same topic
with `kata check NN --impl=solutions`. It prints per topic: false fails (a reference test
ended failed, error or timeout: each one is a grading bug), the share of tests not gradable,
the wall time of plain pytest and the ratio of `kata check` to it.

    .venv/bin/python tests/benchmarks/field.py --runs 20 --scenario one-busy
    .venv/bin/python tests/benchmarks/field.py --runs 3 --scenario two-busy --topics 02 05
    .venv/bin/python tests/benchmarks/field.py --runs 10 --scenario two-busy --pytest-only

Targets (issue "Honest verdicts on a busy machine"): 0 false fails in 20 runs per scenario;
not gradable <= 5 % of tests with one busy process; `kata check` <= 1.2x plain pytest.
Raw results are appended to /tmp/field-<scenario>.jsonl, one line per topic and run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from busy import SCENARIOS, start_busy, stop_busy  # the script's own folder

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from graders.manifest import load_topics  # noqa: E402
from graders.verdicts import Verdict  # noqa: E402

FALSE_FAIL = {Verdict.FAILED, Verdict.ERROR, Verdict.TIMEOUT}
KATA = Path(sys.executable).with_name("kata")


def timed(command: list[str]) -> float:
    """Run a command in the repository; its wall time."""
    started = time.perf_counter()
    subprocess.run(command, cwd=REPOSITORY, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def run_topic(topic: str, folder: Path, with_check: bool) -> dict:
    """Grade a topic's solutions with plain pytest (verdicts, the tests not passed, wall)
    and, when `with_check`, with `kata check` (its wall only; None when skipped)."""
    results = folder / "results.json"
    wall = timed([sys.executable, "-m", "pytest", f"exercises/{topic}", "--impl=solutions",
                  "-q", f"--results={results}"])
    record = json.loads(results.read_text(encoding="utf-8")) if results.exists() else None
    verdicts = Counter(t["verdict"] for t in record["tests"]) if record else Counter(lost=1)
    not_passed = {t["nodeid"]: t["verdict"] for t in record["tests"]
                  if t["verdict"] != Verdict.PASSED} if record else {}
    check_wall = (timed([str(KATA), "check", topic[:2], "--impl=solutions"]) if with_check
                  else None)
    return {"topic": topic, "wall": wall, "check_wall": check_wall, "verdicts": verdicts,
            "not_passed": not_passed, "load": os.getloadavg()[0]}


def report(rows: list[dict], scenario: str) -> None:
    print(f"\nscenario {scenario}; {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}, {time.strftime('%Y-%m-%d')}")
    print("| topic | runs | tests | false fails | not gradable | pytest wall, median (min-max)"
          " | kata check / pytest |")
    print("|---|---|---|---|---|---|---|")
    for topic in sorted({r["topic"] for r in rows}):
        mine = [r for r in rows if r["topic"] == topic]
        total = sum(sum(r["verdicts"].values()) for r in mine)
        fails = sum(r["verdicts"].get(v, 0) for r in mine for v in FALSE_FAIL)
        fails += sum(r["verdicts"].get("lost", 0) for r in mine)  # no record at all
        not_gradable = sum(r["verdicts"].get(Verdict.NOT_GRADABLE, 0) for r in mine)
        walls = [r["wall"] for r in mine]
        ratios = [r["check_wall"] / r["wall"] for r in mine if r["check_wall"] is not None]
        ratio = f"{statistics.median(ratios):.2f}" if ratios else "–"
        print(f"| {topic} | {len(mine)} | {total} | {fails} | {100 * not_gradable / total:.1f} %"
              f" | {statistics.median(walls):.1f} s ({min(walls):.1f}-{max(walls):.1f}) "
              f"| {ratio} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="idle")
    parser.add_argument("--topics", nargs="*", help="topic numbers (default: all with katas)")
    parser.add_argument("--pytest-only", action="store_true",
                        help="skip the `kata check` runs: the verdicts alone, in half the time")
    args = parser.parse_args()
    topics = [t.name for t in load_topics(REPOSITORY) if t.has_stubs and t.katas
              and (not args.topics or t.number in args.topics)]
    raw = Path(tempfile.gettempdir()) / f"field-{args.scenario}.jsonl"
    rows = []
    busy = start_busy(SCENARIOS[args.scenario])
    try:
        for run in range(args.runs):
            for topic in topics:
                with tempfile.TemporaryDirectory() as folder:
                    row = run_topic(topic, Path(folder), not args.pytest_only)
                rows.append(row)
                with raw.open("a", encoding="utf-8") as out:
                    out.write(json.dumps({**row, "run": run, "scenario": args.scenario}) + "\n")
                check = ("" if row["check_wall"] is None
                         else f"kata check {row['check_wall']:.1f} s, ")
                print(f"run {run + 1} {topic}: {dict(row['verdicts'])} in {row['wall']:.1f} s "
                      f"({check}load {row['load']:.1f}) {row['not_passed'] or ''}", flush=True)
    finally:
        stop_busy(busy)
    report(rows, args.scenario)


if __name__ == "__main__":
    main()
