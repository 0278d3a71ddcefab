"""Kata stable_partition: what the lesson says the kata proves, and the test for each claim.

- partition_of is in range and spreads keys, for several partition counts
  -> test_partition_is_in_range_and_spreads_keys
- partition_of is the same in a fresh interpreter (spawn, a new hash salt): the builtin
  hash() is not -> test_partition_is_the_same_in_a_fresh_interpreter
- result: every partition 0..partitions-1 appears, empty or not, with its keys in input
  order (repeats kept), from any iterable of keys -> test_groups_keep_the_input_order
- where: the keys are sent to worker processes started by the asked method, which compute
  the partitions (each key reports the process it arrives in), exactly `workers` of them
  (2 or 3; the first key in each waits for keys to arrive in all), and partition_of is
  never called in the test's own process -> test_partitions_are_computed_in_workers
"""

import os
from collections import Counter
from functools import partial

import pytest
import stable_partition
from stable_partition import partition_in_workers, partition_of

from graders.support.parallel import (
    TracedKey,
    arrivals,
    noting_calls_here,
    process_context,
    start_methods,
)

KEYS = [f"customer:{i * 37 % 101}" for i in range(80)]  # not the lesson's user-i keys


@pytest.mark.parametrize("partitions", [4, 7])
def test_partition_is_in_range_and_spreads_keys(partitions):
    places = [partition_of(key, partitions) for key in KEYS]
    assert all(0 <= p < partitions for p in places), (
        f"partition_of(key, {partitions}) gave {sorted(set(places))}; expected numbers from 0 "
        f"to {partitions - 1}."
    )
    biggest = max(Counter(places).values())
    assert biggest <= 2 * len(KEYS) // partitions, (
        f"one of {partitions} partitions got {biggest} of {len(KEYS)} keys; a hash spreads "
        "them roughly evenly."
    )


def test_partition_is_the_same_in_a_fresh_interpreter(monkeypatch):
    # Without a fixed seed every fresh interpreter salts str hashes differently.
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    here = [partition_of(key, 4) for key in KEYS]
    with process_context("spawn").Pool(2) as pool:
        there = pool.map(partial(partition_of, partitions=4), KEYS, chunksize=len(KEYS) // 2)
    moved = [k for k, a, b in zip(KEYS, here, there, strict=True) if a != b]
    assert not moved, (
        f"partition_of put {len(moved)} of {len(KEYS)} keys in another partition in a fresh "
        f"interpreter than here, e.g. {moved[0]!r}: the partitions differ. The builtin hash() "
        "of a str is salted differently in every interpreter (spawn and forkserver start new "
        "ones; fork hides it); hash the bytes instead, e.g. zlib.crc32(key.encode()) % "
        "partitions."
    )


def test_groups_keep_the_input_order():
    # A repeat, empty partitions, and partitions whose keys come in unsorted order.
    keys = ["pear", "fig", "peach", "banana", "apple", "pear", "date", "cherry"]
    got = partition_in_workers(iter(keys), 9, 2, process_context())
    expected = {p: [k for k in keys if partition_of(k, 9) == p] for p in range(9)}
    assert got == expected, (
        f"partition_in_workers({keys}, 9 partitions) gave {got}; expected {expected}: every "
        "partition from 0 to 8, empty or not, each with its keys in input order (a repeated "
        "key twice). keys may be a one-shot iterator: make a list of it once."
    )


CASES = [(method, 2 + i % 2) for i, method in enumerate(start_methods())]


@pytest.mark.parametrize(("start_method", "workers"), CASES,
                         ids=[f"{method}-{workers}workers" for method, workers in CASES])
def test_partitions_are_computed_in_workers(start_method, workers, tmp_path, monkeypatch):
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    keys = [TracedKey(k, str(tmp_path), together=workers) for k in KEYS]
    in_parent: list = []  # partition_of's calls in this process
    noting = noting_calls_here(partition_of, in_parent)
    monkeypatch.setattr(stable_partition, "partition_of", noting)
    got = partition_in_workers(keys, 4, workers, process_context(start_method))
    workers_seen = {(pid, method) for pid, method in arrivals(str(tmp_path))
                    if pid != os.getpid()}
    where = {method for _, method in workers_seen}
    assert where == {start_method}, (
        f"the keys reached processes started by {sorted(where) or 'none at all'}; expected "
        f"{start_method} worker processes to receive them and compute their partitions. "
        "Map partition_of over the keys in ProcessPoolExecutor(max_workers=workers, "
        "mp_context=mp_context)."
    )
    assert len(workers_seen) == workers, (
        f"with workers={workers} the keys reached {len(workers_seen)} worker process(es) "
        f"(the first key in each waited for keys to reach {workers}); expected exactly "
        f"{workers}: a pool of `workers` processes, max_workers=workers, not a fixed size."
    )
    assert not in_parent, (
        f"partition_of ran {len(in_parent)} time(s) in the test's own process; expected the "
        "workers to compute every partition and this process only to group their answers. "
        "Map partition_of over the keys in the pool, e.g. pool.map(partial(partition_of, "
        "partitions=partitions), keys), and use what it returns."
    )
    expected = {p: [k for k in KEYS if partition_of(k, 4) == p] for p in range(4)}
    assert got == expected, (
        f"under {start_method} the workers put the keys in other partitions than this "
        "process did: the partitions differ. The builtin hash() of a str is salted "
        "differently in every interpreter; hash the bytes, e.g. zlib.crc32(key.encode())."
    )
