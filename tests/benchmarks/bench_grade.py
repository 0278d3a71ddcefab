"""Benchmark `kata grade`: throughput of grading a synthetic class, locally with 1 and 2
workers and on a dask cluster (one scheduler, two worker processes) that this script starts
and stops.

    python tests/benchmarks/bench_grade.py --submissions 60 --topics 01 02 03 04 05

The class mixes solutions, stubs and known-wrong submissions (mutants from tests/mutants/).
Ideal throughput is min(workers, usable cores) / (the time of one submission graded alone);
peak memory is the largest resident set of this process's whole tree, sampled every 0.2 s.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import random
import shutil
import socket
import subprocess
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
MUTANTS = REPOSITORY / "tests" / "mutants"


def _write_variant():
    """tests/conftest.py's writer of mutant modules (one copy of that logic)."""
    spec = importlib.util.spec_from_file_location("suite_conftest",
                                                  REPOSITORY / "tests" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.write_variant


def make_class(root: Path, count: int, topics: list[str], seed: int = 1) -> None:
    """`count` submissions: a third solutions, a third stubs, a third one mutant each."""
    rng = random.Random(seed)
    write_variant = _write_variant()
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


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_dask_cluster() -> tuple[str, list[subprocess.Popen]]:
    """`dask scheduler` and two single-threaded `dask worker` processes, as an instructor
    would start them."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
         "--port", str(port), "--dashboard-address", ":0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = [subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
         "--no-nanny", "--dashboard-address", ":0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) for _ in range(2)]
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    return address, [scheduler, *workers]


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def measure(label: str, submissions, topics, workers: int, single: float, budget: float,
            cluster: str | None = None, address: str | None = None) -> dict:
    with tempfile.TemporaryDirectory() as out, PeakMemory() as memory:
        started = time.monotonic()
        outcomes = grade.grade_class(REPOSITORY, submissions, Path(out), topics=topics,
                                     workers=workers, budget=budget, force=True,
                                     cluster=cluster, address=address)
        elapsed = time.monotonic() - started
    per_minute = len(submissions) / elapsed * 60
    ideal = min(workers, usable_cores()) / single * 60
    statuses = sorted({o.status for o in outcomes})
    row = {"setting": label, "submissions": len(submissions), "seconds": round(elapsed, 1),
           "per_minute": round(per_minute, 2), "ideal_per_minute": round(ideal, 2),
           "of_ideal": f"{per_minute / ideal:.0%}", "peak_mib": memory.peak // 2**20,
           "statuses": statuses}
    print(row, flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--submissions", type=int, default=60)
    parser.add_argument("--topics", nargs="+", default=["01", "02", "03", "04", "05"])
    parser.add_argument("--budget", type=float, default=1800)
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    topics = grade.graded_topics(REPOSITORY, args.topics)
    with tempfile.TemporaryDirectory() as folder:
        make_class(Path(folder), args.submissions, args.topics)
        submissions = grade.find_submissions([Path(folder)])
        one = measure("one submission alone", submissions[:1], topics, 1, 1.0, args.budget)
        single = one["seconds"]
        rows = [measure(f"local, {w} worker(s)", submissions, topics, w, single, args.budget)
                for w in (1, 2)]
        if not args.skip_dask:
            address, cluster = start_dask_cluster()
            try:
                rows.append(measure("dask: scheduler + 2 workers", submissions, topics, 2,
                                    single, args.budget, "dask", address))
            finally:
                stop(cluster)
    print(f"\none submission alone: {single} s; sandbox: {grade.sandbox_available()}")
    print("| setting | submissions | wall | per minute | ideal | of ideal | peak memory |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['setting']} | {r['submissions']} | {r['seconds']} s | {r['per_minute']} "
              f"| {r['ideal_per_minute']} | {r['of_ideal']} | {r['peak_mib']} MiB |")


if __name__ == "__main__":
    main()
