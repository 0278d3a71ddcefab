"""Alternative mr_shuffle_size: os.scandir with fnmatch, a regular expression for words."""

import fnmatch
import functools
import operator
import os
import re
from collections.abc import Sequence

from mr_engine import run_job


def shuffle_bytes(workdir: str | os.PathLike) -> int:
    return sum(entry.stat().st_size for entry in os.scandir(workdir)
               if fnmatch.fnmatch(entry.name, "map-*-*.jsonl"))


def word_pairs(name: str, text: str) -> list[tuple[str, int]]:
    return [(word, 1) for word in re.findall(r"\S+", text)]


def add_values(key: str, values: list[int]) -> int:
    return functools.reduce(operator.add, values, 0)


def combiner_saving(inputs: Sequence[str | os.PathLike], workdir: str | os.PathLike,
                    n_map: int = 4, n_reduce: int = 2) -> tuple[int, int]:
    sizes = []
    for folder, combiner in (("plain", None), ("combined", add_values)):
        job = os.path.join(workdir, folder)
        run_job(inputs, word_pairs, add_values, n_map, n_reduce, combiner, workdir=job)
        sizes.append(shuffle_bytes(job))
    return sizes[0], sizes[1]
