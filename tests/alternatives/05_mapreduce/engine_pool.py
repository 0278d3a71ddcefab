"""Alternative mr_engine: a ProcessPoolExecutor per round of tasks. A dead worker breaks the
pool; every task the round lost runs again in a fresh pool."""

import functools
import json
import os
import zlib
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

Mapper = Callable[[str, str], Iterable[tuple]]
Reducer = Callable[[object, list], object]


def partition(key: object, n_reduce: int) -> int:
    return zlib.crc32(json.dumps(key).encode("utf-8")) % n_reduce


def write_pairs(path: Path, pairs: Iterable[tuple]) -> None:
    temporary = path.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text("".join(json.dumps([key, value]) + "\n" for key, value in pairs),
                         encoding="utf-8")
    os.replace(temporary, path)


def group(pairs: Iterable[tuple]) -> dict:
    groups: dict = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


def map_task(m: int, inputs: Sequence[str], mapper: Mapper, n_reduce: int,
             combiner: Reducer | None, workdir: str) -> None:
    buckets: list[list[tuple]] = [[] for _ in range(n_reduce)]
    for name in inputs:
        for key, value in mapper(name, Path(name).read_text(encoding="utf-8")):
            buckets[partition(key, n_reduce)].append((key, value))
    for r, pairs in enumerate(buckets):
        if combiner is not None:
            pairs = [(key, combiner(key, values)) for key, values in group(pairs).items()]
        write_pairs(Path(workdir, f"map-{m}-{r}.jsonl"), pairs)


def reduce_task(r: int, n_map: int, reducer: Reducer, workdir: str) -> None:
    pairs = []
    for m in range(n_map):
        text = Path(workdir, f"map-{m}-{r}.jsonl").read_text(encoding="utf-8")
        pairs.extend(json.loads(line) for line in text.splitlines())
    groups = group(pairs)
    write_pairs(Path(workdir, f"reduce-{r}.jsonl"),
                [(key, reducer(key, groups[key])) for key in sorted(groups)])


def run_all(tasks: Sequence[Callable[[], None]], workers: int, max_attempts: int) -> None:
    attempts = [0] * len(tasks)
    todo = list(range(len(tasks)))
    while todo:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {}
            for index in todo:
                attempts[index] += 1
                futures[index] = pool.submit(tasks[index])
            failed = [index for index, future in futures.items() if future.exception()]
        for index in failed:
            if attempts[index] >= max_attempts:
                raise RuntimeError(f"task {index} failed {attempts[index]} times")
        todo = failed


def run_job(inputs: Sequence[str | os.PathLike], mapper: Mapper, reducer: Reducer,
            n_map: int, n_reduce: int, combiner: Reducer | None = None, *,
            workdir: str | os.PathLike, workers: int = 2, max_attempts: int = 3) -> dict:
    workdir = os.fspath(workdir)
    os.makedirs(workdir, exist_ok=True)
    names = [os.fspath(name) for name in inputs]
    run_all([functools.partial(map_task, m, names[m::n_map], mapper, n_reduce, combiner,
                               workdir) for m in range(n_map)], workers, max_attempts)
    run_all([functools.partial(reduce_task, r, n_map, reducer, workdir)
             for r in range(n_reduce)], workers, max_attempts)
    results = {}
    for r in range(n_reduce):
        text = Path(workdir, f"reduce-{r}.jsonl").read_text(encoding="utf-8")
        results.update(json.loads(line) for line in text.splitlines())
    return results
