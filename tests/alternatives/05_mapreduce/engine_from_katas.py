"""Alternative mr_engine: reuses run_tasks (kata 5) and partition (kata 4), as the lesson
allows; temporary files from tempfile, intermediate pairs read lazily."""

import functools
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from mr_fault_tolerance import run_tasks
from mr_partitioner import partition as text_partition

Mapper = Callable[[str, str], Iterable[tuple]]
Reducer = Callable[[object, list], object]


def partition(key: object, n_reduce: int) -> int:
    return text_partition(json.dumps(key), n_reduce)


def write_pairs(path: Path, pairs: Iterable[tuple]) -> None:
    with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp",
                                     encoding="utf-8") as out:
        for key, value in pairs:
            out.write(json.dumps([key, value]) + "\n")
    os.replace(out.name, path)


def map_task(m: int, inputs: Sequence[str], mapper: Mapper, n_reduce: int,
             combiner: Reducer | None, workdir: str) -> None:
    buckets = defaultdict(list)
    for name in inputs:
        with open(name, encoding="utf-8") as source:
            for key, value in mapper(name, source.read()):
                buckets[partition(key, n_reduce)].append((key, value))
    for r in range(n_reduce):
        pairs = buckets[r]
        if combiner is not None:
            pairs = [(key, combiner(key, values)) for key, values in group(pairs).items()]
        write_pairs(Path(workdir) / f"map-{m}-{r}.jsonl", pairs)


def group(pairs: Iterable[tuple]) -> dict:
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups


def reduce_task(r: int, n_map: int, reducer: Reducer, workdir: str) -> None:
    def pairs():
        for m in range(n_map):
            with open(Path(workdir) / f"map-{m}-{r}.jsonl", encoding="utf-8") as lines:
                for line in lines:
                    yield json.loads(line)

    groups = group(pairs())
    write_pairs(Path(workdir) / f"reduce-{r}.jsonl",
                ((key, reducer(key, values)) for key, values in sorted(groups.items())))


def run_all(tasks: Sequence[Callable[[], None]], workers: int, max_attempts: int) -> None:
    run_tasks(tasks, workers, max_attempts)


def run_job(inputs: Sequence[str | os.PathLike], mapper: Mapper, reducer: Reducer,
            n_map: int, n_reduce: int, combiner: Reducer | None = None, *,
            workdir: str | os.PathLike, workers: int = 2, max_attempts: int = 3) -> dict:
    Path(workdir).mkdir(parents=True, exist_ok=True)
    names = [str(name) for name in inputs]
    run_all([functools.partial(map_task, m, names[m::n_map], mapper, n_reduce, combiner,
                               str(workdir)) for m in range(n_map)], workers, max_attempts)
    run_all([functools.partial(reduce_task, r, n_map, reducer, str(workdir))
             for r in range(n_reduce)], workers, max_attempts)
    results = {}
    for r in range(n_reduce):
        with open(Path(workdir) / f"reduce-{r}.jsonl", encoding="utf-8") as lines:
            for line in lines:
                key, value = json.loads(line)
                results[key] = value
    return results
