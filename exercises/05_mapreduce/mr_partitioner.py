"""Kata mr_partitioner: send every key to the same reducer, in every process."""

import zlib


def partition(key: str, n_partitions: int) -> int:
    """The reduce partition (0 to n_partitions - 1) of `key`.

    It must be the same in every process and on every run, so that all the map tasks send a
    key to the same reducer.
    """
    # TODO: write partition; the lesson is README.md, kata mr_partitioner
    raise NotImplementedError("TODO: partition (kata mr_partitioner)")
