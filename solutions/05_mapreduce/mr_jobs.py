"""Kata mr_jobs: two more jobs on your engine, an inverted index and the top-N words."""

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from mr_engine import run_job


def index_mapper(name: str, text: str) -> Iterator[tuple[str, str]]:
    """Map one document to (word, document file name) once per distinct word."""
    ### BEGIN SOLUTION
    document = Path(name).name
    for word in set(text.split()):
        yield word, document
    ### END SOLUTION


def index_reducer(word: str, documents: list[str]) -> list[str]:
    """Reduce a word's documents to a sorted list without repeats."""
    ### BEGIN SOLUTION
    return sorted(set(documents))
    ### END SOLUTION


def inverted_index(inputs: Sequence[str | os.PathLike], workdir: str | os.PathLike,
                   n_map: int = 4, n_reduce: int = 2) -> dict[str, list[str]]:
    """{word: sorted file names (without folders) of the documents that contain it}."""
    ### BEGIN SOLUTION
    return run_job(inputs, index_mapper, index_reducer, n_map, n_reduce, workdir=workdir)
    ### END SOLUTION


def count_mapper(name: str, text: str) -> Iterator[tuple[str, int]]:
    """Word count's mapper: every word becomes (word, 1)."""
    ### BEGIN SOLUTION
    for word in text.split():
        yield word, 1
    ### END SOLUTION


def count_reducer(word: str, counts: list[int]) -> int:
    """Word count's reducer and combiner: the sum."""
    ### BEGIN SOLUTION
    return sum(counts)
    ### END SOLUTION


def top_n_words(inputs: Sequence[str | os.PathLike], n: int, workdir: str | os.PathLike,
                n_map: int = 4, n_reduce: int = 2) -> list[tuple[str, int]]:
    """The n most frequent words as (word, count): most frequent first, ties by word A to Z."""
    ### BEGIN SOLUTION
    counts = run_job(inputs, count_mapper, count_reducer, n_map, n_reduce, count_reducer,
                     workdir=workdir)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return ranked[:n]
    ### END SOLUTION
