"""Benchmark `kata grade`: throughput of grading a synthetic class, locally with 1 and 2
workers, on a dask cluster (`dask scheduler` and two `dask worker` processes) and on a Ray
cluster (`ray start --head`), both started by this script and stopped by their PIDs.

    python tests/benchmarks/bench_grade.py --submissions 60 --topics 01 02 03 04 05
    python tests/benchmarks/bench_grade.py --skip-ray --single 86.3   # dask only

The class mixes solutions, stubs and known-wrong submissions (mutants from tests/mutants/).
One submission's time is the mean of the class's own submissions, each timed by the grader in
the one-worker run (a solution takes longer than a stub, so no single submission stands for
the class). Ideal throughput is min(workers, usable cores) / that time. Peak memory is the
largest resident set of this process's whole tree, sampled every 0.2 s.
The 1-minute load average before and after each row is printed with it: on a shared
machine, other people's work takes cores from the ideal.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import tomllib
from pathlib import Path

import psutil

from graders.capabilities import usable_cores
from graders.instructor import grade

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "tests"))
import launch  # noqa: E402  (tests/launch.py: the clusters, as an instructor starts them)
from conftest import write_variant  # noqa: E402  (how the suite writes a mutant module)

MUTANTS = REPOSITORY / "tests" / "mutants"


def make_class(root: Path, count: int, topics: list[str], seed: int = 1) -> None:
    """`count` submissions: a third solutions, a third stubs, a third one mutant each."""
    rng = random.Random(seed)
    chosen = [t for t in sorted(p.name for p in (REPOSITORY / "solutions").iterdir())
              if t[:2] in topics]
    mutants = [{"topic": path.stem, **entry} for path in sorted(MUTANTS.glob("*.toml"))
               if path.stem in chosen
               for entry in tomllib.loads(path.read_text(encoding="utf-8"))["mutants"]
               if "same_change_as" not in entry]
    for index in range(count):
        exercises = root / f"student{index:03d}" / "exercises"
        kind = ("solutions", "exercises", "mutant")[index % 3]
        for topic in chosen:
            source = REPOSITORY / ("solutions" if kind != "exercises" else "exercises") / topic
            shutil.copytree(source, exercises / topic,
                            ignore=shutil.ignore_patterns("test_*", "*.md", "*.toml", "conf*"))
        if kind == "mutant":
            mutant = rng.choice(mutants)
            with tempfile.TemporaryDirectory() as scratch:
                module = write_variant(mutant, MUTANTS, Path(scratch))
                shutil.copy(module, exercises / mutant["topic"] / module.name)


class PeakMemory:
    """The largest total RSS of this process and its descendants while running."""

    def __init__(self) -> None:
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        me = psutil.Process()
        while self.running:
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += process.memory_info().rss
            self.peak = max(self.peak, total)
            time.sleep(0.2)

    def __enter__(self) -> PeakMemory:
        self.thread.start()
        return self

    def __exit__(self, *_) -> None:
        self.running = False
        self.thread.join()


def measure(label: str, submissions, topics, workers: int, single: float | None,
            budget: float, cluster: str | None = None, address: str | None = None) -> dict:
    """One row; with `single` None, one submission's time is the mean this row measured."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as out, PeakMemory() as memory:
        started = time.monotonic()
        outcomes = grade.grade_class(REPOSITORY, submissions, Path(out), topics=topics,
                                     workers=workers, budget=budget, force=True,
                                     cluster=cluster, address=address)
        elapsed = time.monotonic() - started
    per_minute = len(submissions) / elapsed * 60
    single = single or sum(o.seconds for o in outcomes) / len(outcomes)
    ideal = min(workers, usable_cores()) / single * 60
    statuses = sorted({o.status for o in outcomes})
    row = {"setting": label, "submissions": len(submissions), "seconds": round(elapsed, 1),
           "per_minute": round(per_minute, 2), "ideal_per_minute": round(ideal, 2),
           "of_ideal": f"{per_minute / ideal:.0%}", "peak_mib": memory.peak // 2**20,
           "load": f"{load_before:.0f}-{os.getloadavg()[0]:.0f}", "statuses": statuses,
           "single": round(single, 1)}
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--topics", nargs="+", default=["01", "02", "03", "04", "05"])
    parser.add_argument("--budget", type=float, default=1800)
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--single", type=float, metavar="SECONDS",
                        help="one submission's mean time, from an earlier one-worker row: "
                             "skips both local rows (only the clusters are measured)")
    args = parser.parse_args()
    os.environ.update(launch.RAY_ENV)  # `kata grade --ray` talks to the cluster started here
    topics = grade.graded_topics(REPOSITORY, args.topics)
    with tempfile.TemporaryDirectory() as folder:
        make_class(Path(folder), args.submissions, args.topics)
        submissions = grade.find_submissions([Path(folder)])
        rows, single = [], args.single
        if single is None:
            rows.append(measure("local, 1 worker", submissions, topics, 1, None, args.budget))
            single = rows[0]["single"]
            rows.append(measure("local, 2 workers", submissions, topics, 2, single,
                                args.budget))
        clusters = [
            ("dask: scheduler + 2 workers", "dask",
             lambda: launch.start_dask(Path(folder), workers=2), args.skip_dask),
            ("ray: head with 2 CPUs", "ray", lambda: launch.start_ray(cpus=2), args.skip_ray)]
        for label, kind, start, skip in clusters:
            if skip:
                continue
            address, processes = start()
            try:
                rows.append(measure(label, submissions, topics, 2, single, args.budget, kind,
                                    address))
            finally:
                launch.stop(processes)
    print(f"\none submission (mean, graded alone): {single} s; "
          f"sandbox: {grade.sandbox_available()}")
    print("| setting | submissions | wall | per minute | ideal | of ideal | peak memory | load |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['setting']} | {r['submissions']} | {r['seconds']} s | {r['per_minute']} "
              f"| {r['ideal_per_minute']} | {r['of_ideal']} | {r['peak_mib']} MiB "
              f"| {r['load']} |")


if __name__ == "__main__":
    main()
