"""Kata mr_shuffle_size: measure how much a combiner shrinks the shuffle."""

import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from mr_engine import run_job


def shuffle_bytes(workdir: str | os.PathLike) -> int:
    """The bytes of intermediate data in a job's workdir: the sizes of its map-*-*.jsonl."""
    ### BEGIN SOLUTION
    return sum(path.stat().st_size for path in Path(workdir).glob("map-*-*.jsonl"))
    ### END SOLUTION


def word_pairs(name: str, text: str) -> Iterator[tuple[str, int]]:
    """Word count's mapper: every word becomes (word, 1)."""
    ### BEGIN SOLUTION
    for word in text.split():
        yield word, 1
    ### END SOLUTION


def add_values(key: str, values: list[int]) -> int:
    """Word count's reducer, also usable as its combiner: the sum of the values."""
    ### BEGIN SOLUTION
    return sum(values)
    ### END SOLUTION


def combiner_saving(inputs: Sequence[str | os.PathLike], workdir: str | os.PathLike,
                    n_map: int = 4, n_reduce: int = 2) -> tuple[int, int]:
    """Run word count twice with run_job, without then with a combiner.

    Use the folders workdir/plain and workdir/combined; return
    (shuffle bytes without the combiner, shuffle bytes with it).
    """
    ### BEGIN SOLUTION
    plain = Path(workdir, "plain")
    combined = Path(workdir, "combined")
    run_job(inputs, word_pairs, add_values, n_map, n_reduce, workdir=plain)
    run_job(inputs, word_pairs, add_values, n_map, n_reduce, add_values, workdir=combined)
    return shuffle_bytes(plain), shuffle_bytes(combined)
    ### END SOLUTION
