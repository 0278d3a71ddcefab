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
    ### BEGIN SOLUTION
    return zlib.crc32(json.dumps(key).encode("utf-8")) % n_reduce
    ### END SOLUTION


def write_pairs(path: Path, pairs: Iterable[tuple]) -> None:
    """Write [key, value] JSON lines to `path` atomically (a crash leaves no half file)."""
    ### BEGIN SOLUTION
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        out.writelines(json.dumps([key, value]) + "\n" for key, value in pairs)
    os.replace(temporary, path)
    ### END SOLUTION


def map_task(m: int, inputs: Sequence[str], mapper: Mapper, n_reduce: int,
             combiner: Reducer | None, workdir: str) -> None:
    """Map task `m`: map its input files, write one file per reduce partition."""
    ### BEGIN SOLUTION
    buckets: list[list[tuple]] = [[] for _ in range(n_reduce)]
    for name in inputs:
        text = Path(name).read_text(encoding="utf-8")
        for key, value in mapper(str(name), text):
            buckets[partition(key, n_reduce)].append((key, value))
    for r, pairs in enumerate(buckets):
        if combiner is not None:
            pairs = [(key, combiner(key, values)) for key, values in group(pairs).items()]
        write_pairs(Path(workdir, f"map-{m}-{r}.jsonl"), pairs)
    ### END SOLUTION


def group(pairs: Iterable[tuple]) -> dict:
    """The shuffle inside one partition: every value of a key, in one list."""
    ### BEGIN SOLUTION
    groups = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return groups
    ### END SOLUTION


def reduce_task(r: int, n_map: int, reducer: Reducer, workdir: str) -> None:
    """Reduce task `r`: read only map-*-r.jsonl, reduce each key, write reduce-r.jsonl."""
    ### BEGIN SOLUTION
    pairs = []
    for m in range(n_map):
        path = Path(workdir, f"map-{m}-{r}.jsonl")
        with open(path, encoding="utf-8") as lines:
            pairs.extend(json.loads(line) for line in lines)
    groups = group(pairs)
    results = [(key, reducer(key, groups[key])) for key in sorted(groups)]
    write_pairs(Path(workdir, f"reduce-{r}.jsonl"), results)
    ### END SOLUTION


def run_all(tasks: Sequence[Callable[[], None]], workers: int, max_attempts: int) -> None:
    """Run each task in a worker process, `workers` at a time; re-run tasks whose worker died."""
    ### BEGIN SOLUTION
    context = multiprocessing.get_context()
    attempts = [0] * len(tasks)
    waiting = list(range(len(tasks)))
    running = {}  # process sentinel -> (task index, process)
    while waiting or running:
        while waiting and len(running) < workers:
            index = waiting.pop(0)
            attempts[index] += 1
            process = context.Process(target=tasks[index])
            process.start()
            running[process.sentinel] = (index, process)
        for sentinel in wait(list(running)):
            index, process = running.pop(sentinel)
            process.join()
            if process.exitcode == 0:
                continue
            if attempts[index] < max_attempts:
                waiting.append(index)  # re-execute the task
                continue
            for _, other in running.values():
                other.kill()
                other.join()
            raise RuntimeError(f"task {index} failed {attempts[index]} times")
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    workdir = str(workdir)
    os.makedirs(workdir, exist_ok=True)
    names = [str(name) for name in inputs]
    map_tasks = [
        functools.partial(map_task, m, names[m::n_map], mapper, n_reduce, combiner, workdir)
        for m in range(n_map)
    ]
    run_all(map_tasks, workers, max_attempts)  # the barrier: every map task is done
    reduce_tasks = [
        functools.partial(reduce_task, r, n_map, reducer, workdir) for r in range(n_reduce)
    ]
    run_all(reduce_tasks, workers, max_attempts)
    results = {}
    for r in range(n_reduce):
        with open(Path(workdir, f"reduce-{r}.jsonl"), encoding="utf-8") as lines:
            results.update(json.loads(line) for line in lines)
    return results
    ### END SOLUTION
