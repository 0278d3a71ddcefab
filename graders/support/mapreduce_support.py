"""Test-side helpers for topic 05_mapreduce: data, jobs, probes and crash injectors.

Everything a test hands to a worker process lives here, at module level, so that it can be
pickled and imported by spawned workers (test files cannot be imported from workers).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

# --- the course's small data sets ---------------------------------------------------------

# mapreduce.ipynb's three word-count records.
WORD_RECORDS = (
    ["data", "scientist", "data", "engineer"],
    ["data", "engineer", "data", "engineer"],
    ["data", "scientist", "data", "scientist", "data", "scientist"],
)

# mapreduce.ipynb's city practical: one string per row of its table.
CITY_LINES = (
    "berlin 20, london 25, auckland 30, melbourne 35",
    "berlin 5, london 5, auckland 15, melbourne 15",
    "berlin 10, london 5, auckland 10, melbourne 10",
)

# mapreduce.ipynb's combiner practical and its desired output.
ANIMAL_PAIRS = (("panda", 0), ("pink", 3), ("pirate", 3), ("panda", 1), ("pink", 4))
ANIMAL_SUM_COUNTS = [("panda", (1, 2)), ("pink", (7, 2)), ("pirate", (3, 1))]

# --- a generated corpus --------------------------------------------------------------------

CORPUS_SEED = 2004  # the year of Dean and Ghemawat's MapReduce paper
CORPUS_FILES = 16
CORPUS_BYTES = 5_300_000
VOCABULARY = 20_000
WORDS_PER_LINE = 12
WORD = re.compile(r"[a-z]+")


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(letters) for _ in range(rng.randint(2, 9))))
    return sorted(words)


def write_corpus(folder: Path, files: int = CORPUS_FILES, total_bytes: int = CORPUS_BYTES,
                 seed: int = CORPUS_SEED) -> list[Path]:
    """Write a seeded corpus with a Zipf-like vocabulary; return the file paths in order.

    Word i of the vocabulary (by rank) is drawn with weight 1 / (i + 1), as in natural text:
    a few words are very common and most are rare.
    """
    rng = random.Random(seed)
    words = _vocabulary(rng, VOCABULARY)
    rng.shuffle(words)
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    per_file = total_bytes // files
    for index in range(files):
        lines, size = [], 0
        while size < per_file:
            drawn = rng.choices(words, cum_weights=cumulative, k=WORDS_PER_LINE * 500)
            for start in range(0, len(drawn), WORDS_PER_LINE):
                line = " ".join(drawn[start:start + WORDS_PER_LINE])
                lines.append(line)
                size += len(line) + 1
        path = folder / f"part-{index:02d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def serial_word_count(paths: Iterable[Path]) -> Counter:
    """The reference answer: a plain single-process Counter over every file."""
    counts: Counter = Counter()
    for path in paths:
        counts.update(Path(path).read_text(encoding="utf-8").split())
    return counts


# --- jobs the tests run on a student's engine ----------------------------------------------

def wc_mapper(name: str, text: str) -> Iterator[tuple[str, int]]:
    """Word count's map: every word of a document becomes (word, 1)."""
    for word in text.split():
        yield word, 1


def sum_reducer(key: str, values: list[int]) -> int:
    """Word count's reduce (and combiner): add the values of one key."""
    return sum(values)


class CrashOnce:
    """A word-count mapper whose first call in the whole job kills its worker process.

    The first process to call it creates `marker` (atomically, so only one call ever wins)
    and ends with `os._exit(13)`, like a machine that dies in the middle of a map task. Every
    later call, including the re-executed task, maps normally.
    """

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __call__(self, name: str, text: str) -> Iterator[tuple[str, int]]:
        try:
            descriptor = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return wc_mapper(name, text)
        os.write(descriptor, f"{os.getpid()} {name}\n".encode())
        os.close(descriptor)
        os._exit(13)


def probe_mapper(name: str, text: str) -> list[tuple[str, int]]:
    """A mapper that records when and where it ran: one JSON file per call.

    A probe input file holds the folder for the records on its first line. The mapper sleeps
    a little so that parallel map tasks visibly overlap (sleeping needs no free core).
    """
    folder = text.splitlines()[0]
    start = time.time()
    time.sleep(0.3)
    end = time.time()
    record = {"pid": os.getpid(), "name": Path(name).name, "start": start, "end": end}
    Path(folder, f"{Path(name).stem}-{os.getpid()}.json").write_text(json.dumps(record))
    return [(Path(name).stem, 1)]


def write_probe_inputs(folder: Path, records: Path, count: int) -> list[Path]:
    """`count` small input files for `probe_mapper`; records go to `records`."""
    folder.mkdir(parents=True, exist_ok=True)
    records.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"probe-{index:02d}.txt"
        path.write_text(f"{records}\n")
        paths.append(path)
    return paths


def read_probe_records(records: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(records.glob("*.json"))]


def overlapping_pair(records: list[dict]) -> tuple[dict, dict] | None:
    """Two records from different processes whose [start, end] intervals overlap, if any."""
    for first in records:
        for second in records:
            if first["pid"] != second["pid"] and max(first["start"], second["start"]) < min(
                first["end"], second["end"]
            ):
                return first, second
    return None


# --- tasks for the scheduler kata (run_tasks) ----------------------------------------------

def write_task(folder: str, index: int) -> None:
    """A task that leaves evidence: `done-<index>.json` with its pid and interval."""
    start = time.time()
    time.sleep(0.2)
    record = {"index": index, "pid": os.getpid(), "start": start, "end": time.time()}
    Path(folder, f"done-{index}.json").write_text(json.dumps(record))


def crash_first_attempt(folder: str, index: int) -> None:
    """A task that dies (os._exit) on its first attempt and succeeds on the next."""
    marker = Path(folder, f"crashed-{index}")
    if not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(13)
    write_task(folder, index)


def always_crash(folder: str, index: int) -> None:
    """A task that dies on every attempt; each attempt leaves one `attempt-*` file."""
    Path(folder, f"attempt-{index}-{os.getpid()}").write_text("")
    os._exit(13)


def raise_error(folder: str, index: int) -> None:
    """A task that raises an ordinary exception (its process then exits with code 1)."""
    Path(folder, f"attempt-{index}-{os.getpid()}").write_text("")
    raise ValueError(f"task {index} failed on purpose")


# --- reading a job's workdir ---------------------------------------------------------------

def read_pairs(path: Path) -> list[tuple]:
    """The (key, value) pairs of one JSON-lines file."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            key, value = json.loads(line)
            pairs.append((key, value))
    return pairs


def partition_keys(workdir: Path, n_map: int, n_reduce: int) -> dict[int, set]:
    """For each reduce partition r, every key found in the files map-*-r.jsonl."""
    keys: dict[int, set] = {r: set() for r in range(n_reduce)}
    for m in range(n_map):
        for r in range(n_reduce):
            keys[r].update(key for key, _ in read_pairs(workdir / f"map-{m}-{r}.jsonl"))
    return keys
