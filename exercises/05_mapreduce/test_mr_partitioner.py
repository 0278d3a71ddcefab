"""Kata mr_partitioner: send every key to the same reducer, in every process.

What the lesson says the kata proves, and the test that checks each claim:

- Range: an int from 0 to n_partitions - 1 for any n_partitions (1 to 13) and any key,
  empty and non-ASCII keys included: test_partition_in_range_for_any_count.
- Spread: keys are spread over every partition, for 5, 8, 13 and 16 partitions, both for
  keys that share their first letters (word0 to word1999) and for 2000 seeded random words
  that share their last letter (plurals): a hash of the whole key, not its length, first or
  last letter, taken modulo n_partitions itself (not first cut to a fixed range such as
  % 8): test_partition_spreads_keys. The bound (every partition gets at least half its fair
  share) holds for any real hash: crc32, adler32, md5, sha1, even a sum of the bytes.
- Stable: the same partition in fresh interpreters with other PYTHONHASHSEEDs that see the
  keys in another order, so that spawned map workers agree (builtin hash() is salted per
  process; partitions handed out in order of arrival differ per worker):
  test_partition_is_the_same_in_other_processes.
"""

import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from mr_partitioner import partition

from graders.support.mapreduce_support import partitions_in_child

KEYS = [f"word{i}" for i in range(2000)]


def random_plurals(count, seed=2004):
    """`count` distinct seeded random lower-case words, each ending in "s"."""
    rng = random.Random(seed)
    words = set()
    while len(words) < count:
        words.add("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(2, 9))) + "s")
    return sorted(words)


PLURALS = random_plurals(2000)
UNUSUAL_KEYS = ["", "naïve", "日本語", "a b", "Zürich", "data"]


def partition_of(key, n_partitions):
    """partition(key, n), with a teaching message where an ASCII-only encoding breaks."""
    try:
        return partition(key, n_partitions)
    except UnicodeEncodeError as error:
        raise AssertionError(
            f"partition({key!r}, {n_partitions}) raised UnicodeEncodeError ({error}): keys "
            "are any text. Encode them as UTF-8: key.encode('utf-8')."
        ) from None


@settings(max_examples=25, deadline=None, database=None, derandomize=True)
@given(key=st.text(max_size=12), n_partitions=st.integers(1, 13))
def test_partition_in_range_for_any_count(key, n_partitions):
    got = partition_of(key, n_partitions)
    assert isinstance(got, int) and 0 <= got < n_partitions, (
        f"partition({key!r}, {n_partitions}) returned {got!r}; expected an int from 0 to "
        f"{n_partitions - 1}. Take the hash modulo n_partitions (the argument, not a fixed "
        "number)."
    )


def test_partition_spreads_keys():
    for keys, what in ((KEYS, "keys word0 to word1999"),
                       (PLURALS, "random words that all end in 's'")):
        for n_partitions in (8, 5, 13, 16):
            sizes = Counter(partition_of(key, n_partitions) for key in keys)
            fair = len(keys) // n_partitions
            assert min(sizes.get(r, 0) for r in range(n_partitions)) >= fair // 2, (
                f"{len(keys)} {what} over {n_partitions} partitions gave sizes "
                f"{dict(sorted(sizes.items()))}; each should get about {fair}. Use a hash "
                "that mixes every character of the key (zlib.crc32), not its length or first "
                "letter (nor its last letter), and take it modulo n_partitions only: a hash "
                "first cut to a fixed range (such as % 8) leaves the other partitions empty."
            )


def test_partition_is_the_same_in_other_processes():
    keys = KEYS[:300] + UNUSUAL_KEYS
    here = [partition_of(key, 8) for key in keys]
    for seed in ("1", "2"):
        there = partitions_in_child("mr_partitioner", keys, 8, seed)
        moved = [k for k, a, b in zip(keys, here, there, strict=True) if a != b]
        assert not moved, (
            f"{len(moved)} of {len(keys)} keys (e.g. {moved[0]!r}) went to a different "
            f"partition in a fresh process with PYTHONHASHSEED={seed} that partitioned the "
            "keys in reverse order. A key's partition must depend only on the key and "
            "n_partitions: Python salts hash() of a str per process, and partitions handed "
            "out in order of arrival differ between map workers, so the same key would go "
            "to different reducers. Use a stable hash such as "
            "zlib.crc32(key.encode('utf-8'))."
        )
