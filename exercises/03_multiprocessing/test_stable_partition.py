import multiprocessing
from collections import Counter

import pytest
from stable_partition import partition_in_workers, partition_of

from graders.support.parallel import start_methods

KEYS = [f"user-{i}" for i in range(60)]


def test_partition_is_in_range_and_spreads_keys():
    places = [partition_of(key, 4) for key in KEYS]
    assert all(0 <= p < 4 for p in places), f"partition_of(key, 4) gave {sorted(set(places))}."
    biggest = max(Counter(places).values())
    assert biggest <= 30, (
        f"one of 4 partitions got {biggest} of 60 keys; a hash spreads them roughly evenly."
    )


@pytest.mark.parametrize("start_method", start_methods())
def test_partitions_agree_across_processes(start_method, monkeypatch):
    # Without a fixed seed every fresh interpreter salts str hashes differently.
    monkeypatch.delenv("PYTHONHASHSEED", raising=False)
    context = multiprocessing.get_context(start_method)
    here = {p: [k for k in KEYS if partition_of(k, 4) == p] for p in range(4)}
    there = partition_in_workers(KEYS, 4, 2, context)
    assert there == here, (
        f"under {start_method} the worker processes put the keys in other partitions than "
        "this process did: the partitions differ. The builtin hash() of a str is salted "
        "differently in every interpreter (spawn and forkserver start new ones); hash the "
        "bytes instead, e.g. zlib.crc32(key.encode()) % partitions."
    )
