"""Kata mr_shuffle_size: measure how much a combiner shrinks the shuffle."""

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from mr_engine import run_job


def shuffle_bytes(workdir: str | os.PathLike) -> int:
    """The bytes of intermediate data in a job's workdir: the sizes of its map-*-*.jsonl."""
    # TODO: write shuffle_bytes; the lesson is README.md, kata mr_shuffle_size
    raise NotImplementedError("TODO: shuffle_bytes (kata mr_shuffle_size)")


def word_pairs(name: str, text: str) -> Iterator[tuple[str, int]]:
    """Word count's mapper: every word becomes (word, 1)."""
    # TODO: write word_pairs; the lesson is README.md, kata mr_shuffle_size
    raise NotImplementedError("TODO: word_pairs (kata mr_shuffle_size)")


def add_values(key: str, values: list[int]) -> int:
    """Word count's reducer, also usable as its combiner: the sum of the values."""
    # TODO: write add_values; the lesson is README.md, kata mr_shuffle_size
    raise NotImplementedError("TODO: add_values (kata mr_shuffle_size)")


def combiner_saving(inputs: Sequence[str | os.PathLike], workdir: str | os.PathLike,
                    n_map: int = 4, n_reduce: int = 2) -> tuple[int, int]:
    """Run word count twice with run_job, without then with a combiner.

    Use the folders workdir/plain and workdir/combined; return
    (shuffle bytes without the combiner, shuffle bytes with it).
    """
    # TODO: write combiner_saving; the lesson is README.md, kata mr_shuffle_size
    raise NotImplementedError("TODO: combiner_saving (kata mr_shuffle_size)")
