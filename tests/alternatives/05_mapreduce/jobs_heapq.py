"""Alternative mr_jobs: the index mapper emits every occurrence (the reducer drops repeats),
and heapq.nsmallest ranks the top N."""

import heapq
import os
from collections.abc import Sequence

from mr_engine import run_job


def index_mapper(name: str, text: str) -> list[tuple[str, str]]:
    document = os.path.basename(name)
    return [(word, document) for word in text.split()]


def index_reducer(word: str, documents: list[str]) -> list[str]:
    return sorted(set(documents))


def inverted_index(inputs: Sequence[str | os.PathLike], workdir: str | os.PathLike,
                   n_map: int = 4, n_reduce: int = 2) -> dict[str, list[str]]:
    return run_job(inputs, index_mapper, index_reducer, n_map, n_reduce, workdir=workdir)


def count_mapper(name: str, text: str) -> list[tuple[str, int]]:
    return [(word, 1) for word in text.split()]


def count_reducer(word: str, counts: list[int]) -> int:
    return sum(counts)


def top_n_words(inputs: Sequence[str | os.PathLike], n: int, workdir: str | os.PathLike,
                n_map: int = 4, n_reduce: int = 2) -> list[tuple[str, int]]:
    counts = run_job(inputs, count_mapper, count_reducer, n_map, n_reduce, count_reducer,
                     workdir=workdir)
    return heapq.nsmallest(n, counts.items(), key=lambda item: (-item[1], item[0]))
