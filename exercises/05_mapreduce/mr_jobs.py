"""Kata mr_jobs: two more jobs on your engine, an inverted index and the top-N words."""

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from mr_engine import run_job


def index_mapper(name: str, text: str) -> Iterator[tuple[str, str]]:
    """Map one document to (word, document file name) once per distinct word."""
    # TODO: write index_mapper; the lesson is README.md, kata mr_jobs
    raise NotImplementedError("TODO: index_mapper (kata mr_jobs)")


def index_reducer(word: str, documents: list[str]) -> list[str]:
    """Reduce a word's documents to a sorted list without repeats."""
    # TODO: write index_reducer; the lesson is README.md, kata mr_jobs
    raise NotImplementedError("TODO: index_reducer (kata mr_jobs)")


def inverted_index(inputs: Sequence[str | os.PathLike], workdir: str | os.PathLike,
                   n_map: int = 4, n_reduce: int = 2) -> dict[str, list[str]]:
    """{word: sorted file names (without folders) of the documents that contain it}."""
    # TODO: write inverted_index; the lesson is README.md, kata mr_jobs
    raise NotImplementedError("TODO: inverted_index (kata mr_jobs)")


def count_mapper(name: str, text: str) -> Iterator[tuple[str, int]]:
    """Word count's mapper: every word becomes (word, 1)."""
    # TODO: write count_mapper; the lesson is README.md, kata mr_jobs
    raise NotImplementedError("TODO: count_mapper (kata mr_jobs)")


def count_reducer(word: str, counts: list[int]) -> int:
    """Word count's reducer and combiner: the sum."""
    # TODO: write count_reducer; the lesson is README.md, kata mr_jobs
    raise NotImplementedError("TODO: count_reducer (kata mr_jobs)")


def top_n_words(inputs: Sequence[str | os.PathLike], n: int, workdir: str | os.PathLike,
                n_map: int = 4, n_reduce: int = 2) -> list[tuple[str, int]]:
    """The n most frequent words as (word, count): most frequent first, ties by word A to Z."""
    # TODO: write top_n_words; the lesson is README.md, kata mr_jobs
    raise NotImplementedError("TODO: top_n_words (kata mr_jobs)")
