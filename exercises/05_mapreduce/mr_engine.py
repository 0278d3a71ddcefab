"""Kata mr_engine: a small MapReduce engine with worker processes and files on disk.

The workdir after a job holds (the lesson's layout):
    map-<m>-<r>.jsonl    what map task m sends to reduce partition r: one [key, value] per line
    reduce-<r>.jsonl     the output of reduce task r: one [key, value] per line, sorted by key
"""

import functools
import json
import multiprocessing
import os
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from multiprocessing.connection import wait
from pathlib import Path

Mapper = Callable[[str, str], Iterable[tuple]]
Reducer = Callable[[object, list], object]


def partition(key: object, n_reduce: int) -> int:
    """The reduce partition of `key`: the same in every process, on every run."""
    # TODO: write partition; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: partition (kata mr_engine)")


def write_pairs(path: Path, pairs: Iterable[tuple]) -> None:
    """Write [key, value] JSON lines to `path` atomically (a crash leaves no half file)."""
    # TODO: write write_pairs; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: write_pairs (kata mr_engine)")


def map_task(m: int, inputs: Sequence[str], mapper: Mapper, n_reduce: int,
             combiner: Reducer | None, workdir: str) -> None:
    """Map task `m`: map its input files, write one file per reduce partition."""
    # TODO: write map_task; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: map_task (kata mr_engine)")


def group(pairs: Iterable[tuple]) -> dict:
    """The shuffle inside one partition: every value of a key, in one list."""
    # TODO: write group; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: group (kata mr_engine)")


def reduce_task(r: int, n_map: int, reducer: Reducer, workdir: str) -> None:
    """Reduce task `r`: read only map-*-r.jsonl, reduce each key, write reduce-r.jsonl."""
    # TODO: write reduce_task; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: reduce_task (kata mr_engine)")


def run_all(tasks: Sequence[Callable[[], None]], workers: int, max_attempts: int) -> None:
    """Run each task in a worker process, `workers` at a time; re-run tasks whose worker died."""
    # TODO: write run_all; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: run_all (kata mr_engine)")


def run_job(inputs: Sequence[str | os.PathLike], mapper: Mapper, reducer: Reducer,
            n_map: int, n_reduce: int, combiner: Reducer | None = None, *,
            workdir: str | os.PathLike, workers: int = 2, max_attempts: int = 3) -> dict:
    """Run a MapReduce job and return {key: reduced value}.

    Map task m maps the input files inputs[m::n_map] with `mapper(name, text)` and writes
    map-<m>-<r>.jsonl for every r in range(n_reduce) (pairs go to partition(key, n_reduce);
    with a combiner, each key's values are combined first). When every map task is done,
    reduce task r reads only map-*-r.jsonl and writes reduce-<r>.jsonl. Tasks run in worker
    processes started with the default start method, `workers` at a time; a task whose worker
    dies is run again, up to `max_attempts` attempts in all; after that, the workers still
    running are stopped and RuntimeError is raised.
    """
    # TODO: write run_job; the lesson is README.md, kata mr_engine
    raise NotImplementedError("TODO: run_job (kata mr_engine)")
