import json
import os
import subprocess
import sys
from collections import Counter

from mr_partitioner import partition

KEYS = [f"word{i}" for i in range(2000)]
IN_CHILD = (
    "import json, sys\n"
    "from mr_partitioner import partition\n"
    "print(json.dumps([partition(k, 8) for k in json.loads(sys.stdin.read())]))\n"
)


def partitions_in_child(keys, hash_seed):
    """The partitions a fresh Python process with this PYTHONHASHSEED computes."""
    done = subprocess.run(
        [sys.executable, "-c", IN_CHILD], input=json.dumps(keys), capture_output=True,
        text=True, timeout=30, env={**os.environ, "PYTHONHASHSEED": hash_seed},
    )
    assert done.returncode == 0, f"partition failed in a child process: {done.stderr[-500:]}"
    return json.loads(done.stdout)


def test_partition_in_range_and_spread():
    got = [partition(key, 8) for key in KEYS]
    outside = [p for p in got if not (isinstance(p, int) and 0 <= p < 8)]
    assert not outside, (
        f"partition(key, 8) returned {outside[:3]}; every partition must be an int from 0 "
        "to 7. Take the hash modulo n_partitions."
    )
    sizes = Counter(got)
    assert min(sizes.get(r, 0) for r in range(8)) >= 125, (
        f"2000 keys over 8 partitions gave sizes {dict(sorted(sizes.items()))}; each should "
        "get about 250. Use a hash that mixes every character of the key (zlib.crc32)."
    )
    assert all(partition(key, 1) == 0 for key in KEYS[:50]), (
        "with one partition every key must go to partition 0."
    )


def test_partition_is_the_same_in_other_processes():
    here = [partition(key, 8) for key in KEYS[:300]]
    for seed in ("1", "2"):
        there = partitions_in_child(KEYS[:300], seed)
        moved = [k for k, a, b in zip(KEYS, here, there, strict=False) if a != b]
        assert not moved, (
            f"{len(moved)} of 300 keys (e.g. {moved[0]!r}) went to a different partition in "
            f"a process with PYTHONHASHSEED={seed}. Python salts hash() of a str per "
            "process, so spawned map workers would send the same key to different "
            "reducers. Use a stable hash such as zlib.crc32(key.encode('utf-8'))."
        )
