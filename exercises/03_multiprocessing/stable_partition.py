"""Kata stable_partition: send each key to the same partition in every process."""

import zlib
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from multiprocessing.context import BaseContext


def partition_of(key: str, partitions: int) -> int:
    """The partition (0 to partitions - 1) of `key`: the same in every process, every run.

    The builtin hash() of a str changes from one process to the next (hash randomisation);
    use a hash of the key's bytes instead, such as zlib.crc32.
    """
    # TODO: write partition_of; the lesson is README.md, kata stable_partition
    raise NotImplementedError("TODO: partition_of (kata stable_partition)")


def partition_in_workers(keys: Iterable[str], partitions: int, workers: int,
                         mp_context: BaseContext | None = None) -> dict[int, list[str]]:
    """{partition: [keys, in input order]}, with partition_of computed in worker processes.

    Every partition from 0 to partitions - 1 appears, empty or not.
    """
    # TODO: write partition_in_workers; the lesson is README.md, kata stable_partition
    raise NotImplementedError("TODO: partition_in_workers (kata stable_partition)")
