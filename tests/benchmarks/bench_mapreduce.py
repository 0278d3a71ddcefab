"""Benchmark the reference MapReduce engine on the generated 5 MB corpus.

Run:  .venv/bin/python tests/benchmarks/bench_mapreduce.py [--repeats 5]

Prints a markdown table: a plain single-process Counter loop, the engine with 1 and 2
worker processes (with and without the combiner), and the shuffle bytes on disk.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY / "solutions" / "05_mapreduce"))

from mr_engine import run_job  # noqa: E402

from graders.support.mapreduce_support import (  # noqa: E402
    serial_word_count,
    sum_reducer,
    wc_mapper,
    write_corpus,
)

N_MAP, N_REDUCE = 16, 4


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def shuffle_bytes(workdir: Path) -> int:
    return sum(p.stat().st_size for p in workdir.glob("map-*-*.jsonl"))


def engine_run(corpus: list[Path], scratch: Path, workers: int, combiner) -> tuple[float, int]:
    workdir = Path(tempfile.mkdtemp(dir=scratch))
    seconds = timed(lambda: run_job(corpus, wc_mapper, sum_reducer, N_MAP, N_REDUCE, combiner,
                                    workdir=workdir, workers=workers))
    size = shuffle_bytes(workdir)
    shutil.rmtree(workdir)
    return seconds, size


def summary(times: list[float], megabytes: float) -> str:
    median = statistics.median(times)
    return (f"{median:.2f} s | {min(times):.2f}–{max(times):.2f} s | "
            f"{megabytes / median:.1f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-mapreduce-"))
    try:
        corpus = write_corpus(scratch / "corpus")
        megabytes = sum(p.stat().st_size for p in corpus) / 1e6
        variants = {"Counter loop, 1 process": []}
        variants.update({f"engine, {w} worker(s), {c}": [] for c in ("no combiner", "combiner")
                         for w in (1, 2)})
        sizes: dict[str, int] = {}
        for _ in range(args.repeats):  # interleave the variants in every repetition
            variants["Counter loop, 1 process"].append(
                timed(lambda: serial_word_count(corpus)))
            for combiner, label in ((None, "no combiner"), (sum_reducer, "combiner")):
                for workers in (1, 2):
                    seconds, size = engine_run(corpus, scratch, workers, combiner)
                    variants[f"engine, {workers} worker(s), {label}"].append(seconds)
                    sizes[label] = size
        print(f"Corpus: {len(corpus)} files, {megabytes:.1f} MB; n_map={N_MAP}, "
              f"n_reduce={N_REDUCE}; {args.repeats} repetitions, interleaved.")
        print(f"Machine: {platform.machine()}, {os.cpu_count()} CPUs "
              f"(usable {len(os.sched_getaffinity(0))}), Python {platform.python_version()}, "
              f"{platform.system()} {platform.release()}; shared with other jobs.\n")
        print("| variant | median | min–max | throughput |")
        print("|---|---|---|---|")
        for name, times in variants.items():
            print(f"| {name} | {summary(times, megabytes)} |")
        for label in ("no combiner", "combiner"):
            one = statistics.median(variants[f"engine, 1 worker(s), {label}"])
            two = statistics.median(variants[f"engine, 2 worker(s), {label}"])
            print(f"\nSpeedup, 2 workers over 1 ({label}): {one / two:.2f}x (target >= 1.6x)")
        print(f"\nShuffle bytes on disk: {sizes['no combiner']:,} without the combiner, "
              f"{sizes['combiner']:,} with it "
              f"({sizes['no combiner'] / sizes['combiner']:.1f}x smaller).")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
